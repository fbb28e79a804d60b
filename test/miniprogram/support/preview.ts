/**
 * What `npm run preview` adds to the page harness so a rendered page can be shown in a browser:
 * native components that keep their properties (image src, input value, button type…), rpx at
 * 0.5 px (a 375 px wide phone), `:host` and tag selectors of the WXSS mapped onto the rendered
 * elements, canvases that really draw (@napi-rs/canvas), and the rendered tree written out as
 * HTML with its pictures embedded. Only the preview calls this: page tests keep the plain harness.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, GlobalFonts, Image, type Canvas } from '@napi-rs/canvas';
import { ROOT, type World } from './harness';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const jComponent = require('j-component');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const jUtils = require('j-component/src/tool/utils');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const simulateUtils = require('miniprogram-simulate/src/utils');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const simulateWxss = require('miniprogram-simulate/src/wxss');

/** The phone: 750 rpx across 375 px. */
export const RPX = 0.5;

const px = (n: number) => `${+(n * RPX).toFixed(3)}px`;
/** `24rpx` → `12px` (decimals and negatives too; simulate's own turns 24rpx into 24px). */
export function rpxToPx(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx\b/gi, (_m, n: string) => px(Number(n)));
}

/** The built-in components the project and vant use, with the properties the preview shows. */
const NATIVES: Record<string, string[]> = {
  image: ['src', 'mode'],
  input: ['value', 'placeholder', 'type', 'password', 'disabled', 'maxlength'],
  textarea: ['value', 'placeholder', 'disabled', 'autoHeight'],
  button: ['type', 'size', 'plain', 'disabled', 'loading', 'formType', 'openType'],
  canvas: ['type', 'canvasId'],
  switch: ['checked', 'disabled', 'color'],
  radio: ['checked', 'disabled', 'color', 'value'],
  checkbox: ['checked', 'disabled', 'color', 'value'],
  'scroll-view': ['scrollX', 'scrollY'],
  swiper: ['indicatorDots', 'current', 'indicatorColor', 'indicatorActiveColor'],
  'rich-text': ['nodes'],
  progress: ['percent', 'activeColor', 'backgroundColor', 'strokeWidth'],
  icon: ['type', 'size', 'color'],
  navigator: ['url'],
  picker: ['mode', 'value'],
};

const dash = (s: string) => s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Properties as data attributes on the rendered element (what the HTML writer reads back). */
function reflect(this: any) {
  const el = this.$$;
  if (!el) return;
  for (const name of NATIVES[this.__previewTag] ?? []) {
    const v = this.data[name];
    const attr = 'wx-' + dash(name);
    if (v === undefined || v === null || v === false || v === '') el.removeAttribute(attr);
    else el.setAttribute(attr, typeof v === 'object' ? JSON.stringify(v) : v === true ? '' : String(v));
  }
}

let enabled = false;

/** Switches the harness to rendering for the browser. Call once, before the first page loads. */
export function enablePreview(): void {
  if (enabled) return;
  enabled = true;
  // Canvas text in the phone's sans-serif: Debian's Noto CJK (fonts-noto-cjk), else tofu boxes.
  for (const face of ['NotoSansCJK-Regular.ttc', 'NotoSansCJK-Bold.ttc']) {
    const file = join('/usr/share/fonts/opentype/noto', face);
    if (existsSync(file)) GlobalFonts.registerFromPath(file, 'sans-serif');
  }
  simulateUtils.transformRpx = rpxToPx;
  jUtils.transformRpx = (style: string) => rpxToPx(style);
  const compile = simulateWxss.compile;
  simulateWxss.compile = (wxss: string, options: any = {}) =>
    // `:host` is the component's own element; the prefix is its tag (a page renders as `main`).
    compile(rpxToPx(wxss).replace(/:host\b/g, options.prefix || 'main'), options);
  for (const [tag, props] of Object.entries(NATIVES)) {
    const properties: Record<string, any> = {};
    for (const p of props) properties[p] = { type: null, observer: reflect };
    jComponent.register({
      id: tag,
      tagName: `wx-${tag}`,
      template: '<slot/>',
      properties,
      created(this: any) {
        this.__previewTag = tag;
      },
      attached: reflect,
    });
  }
}

// ---------- canvases ----------

export interface Canvases {
  /** The canvas drawn into each rendered <canvas> element. */
  byElement: Map<any, Canvas>;
}

/**
 * The bytes behind a picture's address: a data URL, a local cloud file URL, a cloud:// id, or a
 * file of the mini program's package (`/images/x.png`, or relative to the page's folder).
 */
export function pictureBytes(world: World, src: string, pageDir = ''): Buffer | null {
  if (!src) return null;
  if (!/^[a-z]+:/i.test(src)) {
    const file = src.startsWith('/') ? join(ROOT, src) : join(ROOT, pageDir, src);
    return file.startsWith(ROOT) && existsSync(file) ? readFileSync(file) : null;
  }
  const data = /^data:[^;,]+;base64,(.*)$/.exec(src);
  if (data) return Buffer.from(data[1], 'base64');
  if (src.startsWith('cloud://')) return world.cloud.local.storage.read(src);
  const file = /^https?:\/\/(?:127\.0\.0\.1|localhost)(?::\d+)?\/files\/(.+)$/.exec(src);
  if (file) return world.cloud.local.storage.read(decodeURI(file[1]));
  return null;
}

const dataUrl = (bytes: Buffer) => {
  const mime = bytes[0] === 0xff ? 'image/jpeg' : bytes.subarray(1, 4).toString() === 'PNG' ? 'image/png' : bytes.subarray(0, 4).toString() === '<svg' ? 'image/svg+xml' : 'image/png';
  return `data:${mime};base64,${bytes.toString('base64')}`;
};

/**
 * `wx.createSelectorQuery().select('#id').fields({ node: true })` answering a real canvas for a
 * `<canvas type="2d">`, `canvas.createImage()` loading the local cloud's files, and
 * `wx.canvasToTempFilePath` answering the drawing as a data URL an <image> can show.
 */
export function installCanvases(world: World): Canvases {
  const byElement = new Map<any, Canvas>();
  current = { world, byElement };
  const wx = (globalThis as any).wx;
  wx.canvasToTempFilePath = (o: any) =>
    setTimeout(() => {
      const canvas = o.canvas as Canvas | undefined;
      if (!canvas || typeof canvas.toBuffer !== 'function') return o.fail?.({ errMsg: 'canvasToTempFilePath:fail no canvas' });
      o.success?.({ tempFilePath: dataUrl(canvas.toBuffer('image/png')) });
      o.complete?.();
    }, 0);
  return { byElement };
}

// j-component answers selector queries without `node`: a canvas element gets a real one here.
let current: { world: World; byElement: Map<any, Canvas> } | null = null;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const SelectorQuery = require('j-component/src/tool/selectorquery');
const exec = SelectorQuery.prototype.exec;
SelectorQuery.prototype.exec = function patched(this: any, callback?: (res: any[]) => void) {
  const queue = this._queue.slice();
  return exec.call(this, (res: any[]) => {
    queue.forEach((item: any, i: number) => {
      if (!item.fields?.node || !item.isSelectSingle || !current || !item.exparserNode) return;
      const el = item.exparserNode.shadowRoot?.querySelector(item.selector)?.$$;
      if (!el || el.tagName !== 'WX-CANVAS') return;
      let canvas = current.byElement.get(el);
      if (!canvas) {
        const world = current.world;
        canvas = createCanvas(300, 150);
        (canvas as any).createImage = () => previewImage(world);
        (canvas as any).requestAnimationFrame = (fn: () => void) => setTimeout(fn, 0);
        current.byElement.set(el, canvas);
      }
      res[i] = { ...(res[i] ?? {}), node: canvas };
    });
    callback?.(res);
  });
};

/** A canvas image whose `src` may be any address the preview can read (else it fails to load). */
function previewImage(world: World): any {
  const img = new Image();
  let src = '';
  const wrapper: any = {
    onload: null,
    onerror: null,
    get width() {
      return img.width;
    },
    get height() {
      return img.height;
    },
    get src() {
      return src;
    },
    set src(v: string) {
      src = v;
      const bytes = pictureBytes(world, v);
      setTimeout(() => {
        if (!bytes) return wrapper.onerror?.(new Error('cannot load ' + v));
        img.onload = () => wrapper.onload?.();
        img.onerror = (e: unknown) => wrapper.onerror?.(e);
        img.src = bytes;
      }, 0);
    },
  };
  // drawImage takes the real image: hand it over where the drawing code passes the wrapper.
  wrappers.set(wrapper, img);
  return wrapper;
}
const wrappers = new WeakMap<object, Image>();
const drawImage = (createCanvas(1, 1).getContext('2d') as any).constructor.prototype.drawImage;
(createCanvas(1, 1).getContext('2d') as any).constructor.prototype.drawImage = function patched(this: any, image: any, ...rest: any[]) {
  return drawImage.call(this, wrappers.get(image) ?? image, ...rest);
};

// ---------- the rendered tree as HTML ----------

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

function styleOf(el: any): string {
  const parts: string[] = [];
  if (el.attributes.style) parts.push(el.attributes.style);
  for (const [k, v] of Object.entries(el.style ?? {})) {
    if (k === 'cssText') {
      if (v) parts.push(String(v));
    } else if (v !== undefined && v !== null && v !== '') parts.push(`${dash(k)}:${String(v)}`);
  }
  return parts.join(';');
}

function richText(nodes: unknown): string {
  if (typeof nodes === 'string') return nodes;
  if (!Array.isArray(nodes)) return '';
  return nodes
    .map((n: any) => {
      if (n?.type === 'text') return escapeText(String(n.text ?? ''));
      const name = String(n?.name ?? 'div').replace(/[^a-z0-9-]/gi, '');
      const attrs = Object.entries(n?.attrs ?? {})
        .map(([k, v]) => ` ${k.replace(/[^a-z0-9-]/gi, '')}="${escapeAttr(String(v))}"`)
        .join('');
      return `<${name}${attrs}>${richText(n?.children ?? [])}</${name}>`;
    })
    .join('');
}

/**
 * The HTML of a rendered page: the composed tree exparser drew, with what the built-in
 * components would show (pictures, input text, drawn canvases) written out as plain elements.
 */
export function pageHtml(world: World, root: any, canvases: Canvases, pageDir = ''): string {
  const out: string[] = [];
  const walk = (n: any) => {
    if (n.nodeType === 3) {
      out.push(escapeText(String(n.data ?? '')));
      return;
    }
    if (n.nodeType !== 1) {
      n.childNodes?.forEach(walk);
      return;
    }
    const tag = String(n.tagName).toLowerCase();
    if (tag === 'style' || tag === 'script') return;
    const attrs: Record<string, string> = { ...n.attributes };
    delete attrs.style;
    // vant's components take page and app styles (addGlobalClass): their classes answer the page's too.
    if (attrs.class && attrs.class.includes('van-')) {
      const global = attrs.class.split(/\s+/).flatMap((c) => (/^van-[a-z-]*--./.test(c) ? ['main--' + c.replace(/^van-[a-z-]*?--(?=van-)/, '')] : []));
      if (global.length) attrs.class += ' ' + global.join(' ');
    }
    const style = styleOf(n);
    if (style) attrs.style = style;
    const inner: string[] = [];
    if (tag === 'wx-image') {
      const src = attrs['wx-src'] ?? '';
      const bytes = pictureBytes(world, src, pageDir);
      const shown = bytes ? dataUrl(bytes) : src;
      if (shown && !/^https?:/.test(shown)) inner.push(`<img class="wx-image-img" src="${escapeAttr(shown)}" alt="">`);
      else if (shown) attrs['wx-missing'] = shown; // a remote picture: offline here, drawn as a grey box
    } else if (tag === 'wx-input' || tag === 'wx-textarea') {
      const value = attrs['wx-value'] ?? '';
      if (value) inner.push(`<span class="wx-input-value">${escapeText(attrs['wx-password'] !== undefined || attrs['wx-type'] === 'password' ? '•'.repeat(value.length) : value)}</span>`);
      else if (attrs['wx-placeholder']) inner.push(`<span class="wx-input-placeholder">${escapeText(attrs['wx-placeholder'])}</span>`);
    } else if (tag === 'wx-canvas') {
      const canvas = canvases.byElement.get(n);
      if (canvas && canvas.width > 1) inner.push(`<img class="wx-canvas-img" src="${dataUrl(canvas.toBuffer('image/png'))}" alt="">`);
    } else if (tag === 'wx-rich-text') {
      let nodes: unknown = attrs['wx-nodes'] ?? '';
      try {
        nodes = JSON.parse(String(nodes));
      } catch {
        /* a plain HTML string */
      }
      inner.push(richText(nodes));
    }
    out.push(`<${tag}${Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`).join('')}>`);
    out.push(...inner);
    n.childNodes.forEach(walk);
    out.push(`</${tag}>`);
  };
  walk(root);
  return out.join('');
}

// ---------- styles ----------

const TAGS = [
  'view', 'text', 'image', 'button', 'input', 'textarea', 'scroll-view', 'swiper-item', 'swiper', 'navigator', 'canvas',
  'picker', 'switch', 'form', 'label', 'radio', 'checkbox', 'rich-text', 'icon', 'progress', 'cover-view', 'cover-image',
];
const TAG_RE = new RegExp(`(^|[\\s>+~,(])(${TAGS.join('|')}|page)(?=$|[\\s.:#\\[>+~,)])`, 'g');

/** Tag selectors of WXSS onto the rendered elements: `view` → `wx-view`, `page` → the page root. */
export function mapSelectors(css: string): string {
  // Only inside selectors: the text before each `{` that is not a declaration block's content.
  return css.replace(/(^|[{}])([^{}@]+)\{/g, (_m, before: string, selector: string) => {
    if (/^\s*(from|to|\d+%)\s*$/.test(selector)) return `${before}${selector}{`; // keyframes
    return `${before}${selector.replace(TAG_RE, (_a, sep: string, tag: string) => `${sep}${tag === 'page' ? '.wx-page' : 'wx-' + tag}`)}{`;
  });
}

/** app.wxss as the pages see it (its classes carry the page's prefix, as simulate renders them). */
export function appCss(root: string): string {
  const wxss = simulateWxss.getContent(join(root, 'app.wxss'));
  return simulateWxss.compile(wxss, { prefix: 'main' });
}

/** The CSS simulate made for the page just rendered (the newest <style> in the head), then cleared. */
export function takePageCss(): string {
  const head = (globalThis as any).document.head;
  const styles = head.childNodes.filter((n: any) => String(n.tagName).toLowerCase() === 'style');
  const css = styles.length ? String(styles[styles.length - 1].textContent) : '';
  styles.forEach((s: any) => head.removeChild(s));
  return css;
}

/** The vant icon font as a data URL face (the wxss points at a CDN, offline here), or ''. */
export function vantIconFace(): string {
  try {
    const less = readFileSync(require.resolve('@vant/icons/src/encode-woff2.less'), 'utf8');
    const m = /url\('(data:font\/woff2[^']+)'\)/.exec(less);
    if (m) return `@font-face{font-family:"vant-icon";font-weight:normal;font-style:normal;src:url('${m[1]}') format('woff2')}`;
  } catch {
    /* not installed: the caller says so */
  }
  return '';
}
