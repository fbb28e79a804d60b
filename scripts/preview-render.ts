/**
 * `npm run preview`, step 1 (run under jest by scripts/preview.mjs, the page harness's home): renders
 * every shot of preview-shots.ts with the page harness against a fresh local cloud seeded with the
 * demo shop, and writes each as a standalone HTML page (`.preview/html/<name>.html`, styles and
 * pictures inside) plus `.preview/shots.json` for the browser step.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createWorld, ROOT, simulate } from '../test/miniprogram/support/harness';
import { appCss, enablePreview, installCanvases, mapSelectors, pageHtml, takePageCss, vantIconFace } from '../test/miniprogram/support/preview';
import { seedDemo } from '../local/seed-demo';
import { OWNER, SHOTS, type Shot } from './preview-shots';

const OUT = process.env.PREVIEW_OUT || join(__dirname, '../.preview');
const ONLY = (process.env.PREVIEW_ONLY || '').split(',').filter(Boolean);

enablePreview();
const app = JSON.parse(readFileSync(join(ROOT, 'app.json'), 'utf8'));
const BASE_CSS = readFileSync(join(__dirname, 'preview.css'), 'utf8');
const APP_CSS = mapSelectors(appCss(ROOT));
const ICONS = vantIconFace();
if (!ICONS) process.stderr.write('preview: @vant/icons is not installed: icons are drawn without vant\'s font\n');
const TAB_PATHS: string[] = (app.tabBar?.list ?? []).map((t: any) => t.pagePath);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function pageJson(path: string): any {
  try {
    return JSON.parse(readFileSync(join(ROOT, path + '.json'), 'utf8'));
  } catch {
    return {};
  }
}

/** Every page of app.json, main package and subpackages. */
export function appPages(): string[] {
  const subs = (app.subPackages ?? app.subpackages ?? []).flatMap((s: any) => s.pages.map((p: string) => `${s.root}/${p}`));
  return [...app.pages, ...subs];
}

function tabBar(path: string): string {
  const bar = app.tabBar;
  if (!bar || !TAB_PATHS.includes(path)) return '';
  const items = bar.list
    .map((t: any) => {
      const on = t.pagePath === path;
      const icon = on ? t.selectedIconPath || t.iconPath : t.iconPath;
      let img = '';
      if (icon) {
        try {
          const bytes = readFileSync(join(ROOT, icon));
          img = `<img class="wx-tab-icon" src="data:image/png;base64,${bytes.toString('base64')}" alt="">`;
        } catch {
          img = `<span class="wx-tab-icon wx-tab-icon-missing"></span>`;
        }
      }
      return `<div class="wx-tab${on ? ' wx-tab-on' : ''}" style="color:${esc(on ? bar.selectedColor : bar.color)}">${img}<span class="wx-tab-text">${esc(t.text)}</span></div>`;
    })
    .join('');
  return `<div class="wx-tabbar" style="background:${esc(bar.backgroundColor || '#fff')}">${items}</div>`;
}

interface Rendered {
  name: string;
  path: string;
  who: string;
  state: string;
  shop: string;
  title: string;
  titleFrom: 'page' | 'setNavigationBarTitle' | 'app' | 'none';
  tab: boolean;
  toasts: string[];
  error?: string;
}

async function render(shot: Shot): Promise<Rendered> {
  const w = createWorld();
  const canvases = installCanvases(w);
  let dynamicTitle = '';
  (globalThis as any).wx.setNavigationBarTitle = (o: any) => {
    dynamicTitle = String(o?.title ?? '');
    setTimeout(() => o?.success?.({}), 0);
  };
  try {
    if (shot.shop !== 'empty') await seedDemo(w.cloud.local, OWNER);
    let query = (await shot.setup?.(w)) || {};
    await w.as(shot.as);
    if (shot.first) {
      query = await shot.first(w, query);
      takePageCss();
    }
    if (shot.state === 'error') w.network.mode = 'down';
    if (shot.state === 'loading') w.network.mode = 'hang';
    const comp = await w.page(shot.path, query, { wait: shot.state !== 'loading' });
    // Pictures load and canvases draw after the data arrived.
    if (shot.state !== 'loading') {
      await simulate.sleep(50);
      await w.settle();
      // A canvas draws after its pictures loaded (timers the harness does not count): give it time.
      if (canvases.byElement.size) {
        await simulate.sleep(300);
        await w.settle();
      }
    }
    const css = mapSelectors(takePageCss());
    const json = pageJson(shot.path);
    const title = dynamicTitle || json.navigationBarTitleText || '';
    const titleFrom = dynamicTitle ? 'setNavigationBarTitle' : json.navigationBarTitleText ? 'page' : app.window?.navigationBarTitleText ? 'app' : 'none';
    const shownTitle = title || app.window?.navigationBarTitleText || '';
    const win = { ...app.window, ...json };
    const custom = win.navigationStyle === 'custom';
    const nav = custom
      ? ''
      : `<div class="wx-nav" style="background:${esc(win.navigationBarBackgroundColor || '#fff')};color:${win.navigationBarTextStyle === 'white' ? '#fff' : '#000'}"><div class="wx-status"><span>9:41</span><span><i style="height:4px"></i><i style="height:6px"></i><i style="height:8px"></i><i style="height:10px"></i> <b></b></span></div><div class="wx-navbar">${TAB_PATHS.includes(shot.path) ? '' : '<span class="wx-back">‹</span>'}<span class="wx-title">${esc(shownTitle)}</span><span class="wx-capsule"><i>•••</i><b></b><i>◎</i></span></div></div>`;
    const isTab = TAB_PATHS.includes(shot.path);
    const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=375, initial-scale=1">
<title>${esc(shot.name)}</title>
<style>${BASE_CSS}</style>
<style>${APP_CSS}</style>
<style>${css}</style>
<style>${ICONS /* after vant's own face, which points at a CDN */}</style>
</head>
<body class="${app.style === 'v2' ? 'wx-style-v2' : ''}${isTab ? ' wx-has-tabbar' : ''}${custom ? ' wx-custom-nav' : ''}" data-shot="${esc(shot.name)}">
${nav}<div class="wx-page" data-path="${esc(shot.path)}" style="background:${esc(win.backgroundColor || '')}">${pageHtml(w, comp.dom, canvases, dirname(shot.path))}</div>
${tabBar(shot.path)}
</body></html>`;
    writeFileSync(join(OUT, 'html', shot.name + '.html'), html);
    comp.detach();
    return { name: shot.name, path: shot.path, who: shot.who, state: shot.state ?? '', shop: shot.shop ?? 'demo', title, titleFrom, tab: isTab, toasts: w.log.toasts };
  } finally {
    w.network.mode = 'up';
    w.close();
  }
}

jest.setTimeout(20 * 60 * 1000);

test('preview: every page of app.json rendered', async () => {
  mkdirSync(join(OUT, 'html'), { recursive: true });
  const missing = appPages().filter((p) => !SHOTS.some((s) => s.path === p));
  if (missing.length) throw new Error(`pages of app.json without a shot in scripts/preview-shots.ts: ${missing.join(', ')}`);
  const shots = ONLY.length ? SHOTS.filter((s) => ONLY.some((o) => s.name === o || s.name.startsWith(o + '--') || s.path.includes(o))) : SHOTS;
  const done: Rendered[] = [];
  const failed: string[] = [];
  for (const shot of shots) {
    const t = Date.now();
    try {
      done.push(await render(shot));
    } catch (e: any) {
      failed.push(`${shot.name}: ${e?.stack ?? e}`);
      done.push({ name: shot.name, path: shot.path, who: shot.who, state: shot.state ?? '', shop: shot.shop ?? 'demo', title: '', titleFrom: 'none', tab: false, toasts: [], error: String(e?.message ?? e) });
    }
    process.stderr.write(`rendered ${shot.name} (${Date.now() - t} ms)\n`);
  }
  writeFileSync(join(OUT, 'shots.json'), JSON.stringify({ pages: appPages(), shots: done }, null, 1));
  // A shot that could not render is reported by the browser step (with the others photographed).
  if (failed.length) process.stderr.write(`could not render:\n${failed.join('\n')}\n`);
});
