/**
 * Page tests: the real pages (compiled to .build/miniprogram by scripts/build-miniprogram.mjs),
 * loaded by miniprogram-simulate with the official WXML compiler and the real @vant/weapp, talking
 * through a stub `wx` to a real LocalCloud in this process (in-memory SQLite): `wx.request` to
 * `/functions/<fn>` runs the function as WeChat would, with the caller's openid from the dev header;
 * `/__dev/pay` is the local pay service paying the order. Nothing in between is mocked.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installDom, textOf } from './dom';
import { startLocal, ADMIN, type TestCloud } from '../../support/local';
import { devUpload } from '../../../local/host';

installDom();
// eslint-disable-next-line @typescript-eslint/no-var-requires
export const simulate = require('miniprogram-simulate');

/*
 * simulate runs each component's js with `require(file)` and then deletes it from require.cache so
 * the next load runs it again (every load registers its own copy of a component, vant's included).
 * Under jest that delete doesn't reach jest's module registry, so a vant component used by two
 * pages would register only for the first (the second page's vant tags then render as bare slots
 * with no behaviour). So component files are run fresh here, their own requires (services, utils)
 * going through jest's registry, shared with the test as in the app.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const simulateUtils = require('miniprogram-simulate/src/utils');
simulateUtils.runJs = (file: string) => {
  const path = file.endsWith('.js') ? file : file + '.js';
  const source = readFileSync(path, 'utf8');
  const module = { exports: {} as unknown };
  const localRequire = (id: string) => require(id.startsWith('.') ? join(dirname(path), id) : id);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', '__filename', '__dirname', source)(localRequire, module, module.exports, path, dirname(path));
};

// Every load compiles each component's wxss again (postcss + csso, the slow part of a render): the
// result depends only on the text and the tag prefix, so it is kept.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const simulateWxss = require('miniprogram-simulate/src/wxss');
const compileWxss = simulateWxss.compile;
const compiledWxss = new Map<string, string>();
simulateWxss.compile = (wxss: string, options: { prefix?: string; less?: boolean } = {}) => {
  const key = `${options.prefix ?? ''}\u0000${options.less ? 1 : 0}\u0000${wxss}`;
  let css = compiledWxss.get(key);
  if (css === undefined) {
    css = compileWxss(wxss, options) as string;
    compiledWxss.set(key, css);
  }
  return css;
};

// Base-library APIs vant calls that simulate lacks: groupSetData (batching; run the callback now)
// and getCurrentPages (the pages rendered so far, newest last).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const exparser = require('miniprogram-exparser');
exparser.Component.prototype.groupSetData = function groupSetData(cb: () => void) {
  cb();
};
// Before a relation is linked the base library answers [] where exparser answers null (vant's
// van-tab reads `[0]` of it while its tabs first render).
const getRelationNodes = exparser.Component.prototype.getRelationNodes;
exparser.Component.prototype.getRelationNodes = function patched(this: unknown, ...args: unknown[]) {
  return getRelationNodes.apply(this, args) ?? [];
};
// WeChat runs `ready` for every component once it is first rendered; j-component runs it only for
// the tree present at attach, so a component rendered later (a list that arrived, a wx:if turned
// on) never got it: vant's grid items laid out at `width: NaN%`. `settle` readies those.
const readied = new WeakSet<object>();
const triggerLifeTime = exparser.Component.prototype.triggerLifeTime;
exparser.Component.prototype.triggerLifeTime = function patched(this: object, name: string, ...rest: unknown[]) {
  if (name === 'ready') {
    if (readied.has(this)) return undefined;
    readied.add(this);
  }
  return triggerLifeTime.call(this, name, ...rest);
};
function readyRendered(node: any): void {
  if (node instanceof exparser.Component) {
    if (node.shadowRoot instanceof exparser.Element) readyRendered(node.shadowRoot);
    if ((node as any).__attached && !readied.has(node)) (node as any).triggerLifeTime('ready', []);
  }
  node.childNodes.forEach((child: unknown) => {
    if (child instanceof exparser.Element) readyRendered(child);
  });
}
const pageStack: any[] = [];
(globalThis as any).getCurrentPages = () => pageStack;

export const ROOT = join(__dirname, '../../../.build/miniprogram');
if (!existsSync(join(ROOT, 'app.json'))) {
  throw new Error('.build/miniprogram is missing: run `node scripts/build.mjs` first');
}
if (!existsSync(join(ROOT, 'miniprogram_npm/@vant/weapp/button/index.json'))) {
  throw new Error('miniprogram_npm/@vant/weapp is missing: run `node scripts/build.mjs` first');
}

/** Every `usingComponents` entry (tag → path) of the project's own json files (miniprogram_npm left out). */
export function usingComponentsOfProject(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name === 'miniprogram_npm') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) {
        out.push(...Object.entries((JSON.parse(readFileSync(p, 'utf8')).usingComponents ?? {}) as Record<string, string>));
      }
    }
  };
  walk(ROOT);
  return out;
}

/**
 * Every `@vant/weapp/x/index` the project's own json files use, as the absolute path simulate
 * needs (`/miniprogram_npm/@vant/weapp/x/index`, resolved against rootPath).
 */
function vantOverrides(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [tag, path] of usingComponentsOfProject()) {
    if (path.startsWith('@vant/weapp/')) out[tag] = '/miniprogram_npm/' + path;
  }
  return out;
}
const OVERRIDES = vantOverrides();

export { textOf, ADMIN };

export interface WxLog {
  toasts: string[];
  /** Template ids the page asked the user to subscribe to. */
  subscriptions: string[][];
  navigations: string[];
  clipboard: string[];
  modals: Array<{ title?: string; content?: string }>;
  savedImages: string[];
  requests: Array<{ url: string; openid: string; action?: string }>;
}

export interface World {
  cloud: TestCloud;
  log: WxLog;
  storage: Map<string, unknown>;
  /** The answer the next wx.showModal gives (default: confirm). */
  modalAnswer: { confirm: boolean };
  /** The album permission state the poster page finds (`undefined` = never asked). */
  album: { granted: boolean | undefined; grantOnAuthorize: boolean; grantInSettings: boolean };
  /** Temp files the device holds (what a chooser returned), read by `wx.getFileSystemManager().readFile`. */
  tempFiles: Map<string, Buffer>;
  /** The phone's network: `down` fails every request as WeChat does offline, `hang` never answers. */
  network: { mode: 'up' | 'down' | 'hang' };
  /** Plays `openid` from now on (the dev identity switcher), logging in again. */
  as(openid: string): Promise<void>;
  /**
   * Loads and renders a page of the mini program (path from the root, e.g. 'pages/index/index').
   * `wait: false` returns right after onLoad/onShow started (the page as it looks while loading).
   */
  page(path: string, query?: Record<string, string>, options?: { wait?: boolean }): Promise<any>;
  /** Waits until the pending calls settle. */
  settle(ms?: number): Promise<void>;
  require<T = any>(modulePath: string): T;
  close(): void;
}

export function mp<T = any>(modulePath: string): T {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(join(ROOT, modulePath));
}

/*
 * Each render loads the page afresh (its js run again by runJs above), as WeChat creates a page
 * per visit: a registration rendered a second time loses vant's relations between a parent and its
 * children (van-radio-group ↔ van-radio, van-tabs ↔ van-tab): unchecked radios, blank tabs.
 */
function load(path: string): string {
  return simulate.load(join(ROOT, path), {
    rootPath: ROOT,
    compiler: 'official',
    compilerOptions: { maxBuffer: 64 << 20 },
    usingComponents: { ...OVERRIDES },
  }) as string;
}

/*
 * What crosses the network reaches the page as JSON, built in the page's realm. The local cloud's
 * objects can come from another realm under jest (node's own structuredClone, better-sqlite3), and
 * exparser copies a foreign array into the page's data as a plain `{0:…,1:…}` object: a template's
 * `items.length` is then undefined, and a list showed its rows and its empty state at once.
 */
function inPageRealm<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function createWorld(): World {
  const cloud = startLocal();
  const storage = new Map<string, unknown>();
  const log: WxLog = { toasts: [], subscriptions: [], navigations: [], clipboard: [], modals: [], savedImages: [], requests: [] };
  const modalAnswer = { confirm: true };
  const album = { granted: undefined as boolean | undefined, grantOnAuthorize: true, grantInSettings: true };
  const tempFiles = new Map<string, Buffer>();
  const network: World['network'] = { mode: 'up' };
  const pending = new Set<Promise<unknown>>();
  const rendered = new Set<any>();

  const track = <T>(p: Promise<T>) => {
    pending.add(p);
    p.finally(() => pending.delete(p)).catch(() => undefined);
    return p;
  };

  const wx = (globalThis as any).wx;
  Object.assign(wx, {
    request(opts: any) {
      const url = new URL(opts.url);
      const openid = String(opts.header?.['X-WX-OPENID'] ?? '');
      const body = opts.data ?? {};
      log.requests.push({ url: url.pathname, openid, action: body?.data?.action });
      if (network.mode === 'hang') return { abort() {} };
      if (network.mode === 'down') {
        setTimeout(() => opts.fail?.({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' }), 0);
        return { abort() {} };
      }
      const fnMatch = /^\/functions\/(api|admin)$/.exec(url.pathname);
      const run = async () => {
        if (fnMatch) {
          const result = await cloud.local.invoke(fnMatch[1] as 'api' | 'admin', body.data, { openid, source: 'wx_client' });
          return { statusCode: 200, data: { result } };
        }
        if (url.pathname === '/__dev/upload') {
          // The host's own handler (path and image checks included); its HttpError carries the status.
          const isBuffer = Object.prototype.toString.call(opts.data) === '[object ArrayBuffer]'; // across jest's realms
          const bytes = Buffer.from(isBuffer ? new Uint8Array(opts.data) : []);
          try {
            return { statusCode: 200, data: await devUpload(cloud.local, url.searchParams.get('cloudPath') ?? '', bytes) };
          } catch (e: any) {
            if (typeof e?.status !== 'number') throw e;
            return { statusCode: e.status, data: { errCode: e.errCode, errMsg: e.message } };
          }
        }
        if (url.pathname === '/__dev/transfer') {
          const { bill } = await cloud.local.transfers.act(body.outBillNo, body.action);
          return { statusCode: 200, data: { state: bill.state } };
        }
        if (url.pathname === '/__dev/pay') {
          const results = await cloud.local.pay.pay(body.outTradeNo);
          return { statusCode: 200, data: { results } };
        }
        return { statusCode: 404, data: { error: 'NOT_FOUND' } };
      };
      track(
        run().then(inPageRealm).then(
          (res) => opts.success?.(res),
          (err) => opts.fail?.({ errMsg: 'request:fail ' + String(err?.message ?? err) }),
        ),
      );
      return { abort() {} };
    },
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, JSON.parse(JSON.stringify(v))),
    removeStorageSync: (k: string) => void storage.delete(k),
    showToast: (o: any) => void log.toasts.push(o.title),
    requestSubscribeMessage: (o: any) => {
      log.subscriptions.push(o.tmplIds);
      setTimeout(() => o.success?.(Object.fromEntries(o.tmplIds.map((id: string) => [id, 'accept']))), 0);
    },
    showLoading: () => undefined,
    hideLoading: () => undefined,
    showModal: (o: any) => {
      log.modals.push({ title: o.title, content: o.content });
      setTimeout(() => o.success?.({ confirm: modalAnswer.confirm, cancel: !modalAnswer.confirm }), 0);
    },
    navigateTo: (o: any) => void log.navigations.push(o.url),
    redirectTo: (o: any) => void log.navigations.push(o.url),
    switchTab: (o: any) => void log.navigations.push(o.url),
    reLaunch: (o: any) => void log.navigations.push(o.url),
    navigateBack: () => void log.navigations.push('back'),
    stopPullDownRefresh: () => undefined,
    setNavigationBarTitle: () => undefined,
    setClipboardData: (o: any) => {
      log.clipboard.push(o.data);
      setTimeout(() => o.success?.({}), 0);
    },
    getSetting: (o: any) =>
      setTimeout(
        () => o.success?.({ authSetting: album.granted === undefined ? {} : { 'scope.writePhotosAlbum': album.granted } }),
        0,
      ),
    authorize: (o: any) =>
      setTimeout(() => {
        if (album.granted === undefined && album.grantOnAuthorize) {
          album.granted = true;
          o.success?.({});
        } else {
          if (album.granted === undefined) album.granted = false;
          o.fail?.({ errMsg: 'authorize:fail auth deny' });
        }
      }, 0),
    openSetting: (o: any) =>
      setTimeout(() => {
        if (album.grantInSettings) album.granted = true;
        o.success?.({ authSetting: { 'scope.writePhotosAlbum': !!album.granted } });
      }, 0),
    saveImageToPhotosAlbum: (o: any) =>
      setTimeout(() => {
        if (album.granted) {
          log.savedImages.push(o.filePath);
          o.success?.({});
        } else o.fail?.({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' });
      }, 0),
    getFileSystemManager: () => ({
      readFile: (o: any) =>
        setTimeout(() => {
          const bytes = tempFiles.get(o.filePath);
          if (!bytes) return o.fail?.({ errMsg: 'readFile:fail no such file ' + o.filePath });
          // An ArrayBuffer of exactly the file's bytes, as the base library gives without `encoding`.
          o.success?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) });
        }, 0),
    }),
    downloadFile: (o: any) => setTimeout(() => o.success?.({ statusCode: 200, tempFilePath: o.url }), 0),
    requestPayment: (o: any) => setTimeout(() => o.fail?.({ errMsg: 'requestPayment:fail not in local mode' }), 0),
  });

  // Each world starts logged out with an empty storage (module state of the services reset).
  const session = mp('services/session.js');
  session.logout();

  const world: World = {
    cloud,
    log,
    storage,
    modalAnswer,
    album,
    tempFiles,
    network,
    async as(openid: string) {
      await session.switchIdentity(openid);
      await world.settle();
    },
    async page(path: string, query: Record<string, string> = {}, options: { wait?: boolean } = {}) {
      const id = load(path);
      const comp = simulate.render(id);
      comp.attach((globalThis as any).document.body);
      rendered.add(comp);
      const inst = comp.instance;
      pageStack.push(inst);
      if (options.wait === false) {
        if (typeof inst.onLoad === 'function') void Promise.resolve(inst.onLoad(query)).catch(() => undefined);
        if (typeof inst.onShow === 'function') void Promise.resolve(inst.onShow()).catch(() => undefined);
        await simulate.sleep(20);
        return comp;
      }
      if (typeof inst.onLoad === 'function') await inst.onLoad(query);
      if (typeof inst.onShow === 'function') await inst.onShow();
      await world.settle();
      return comp;
    },
    async settle(ms = 5) {
      for (let i = 0; i < 50; i++) {
        await simulate.sleep(ms);
        for (const comp of rendered) readyRendered(comp._exparserNode);
        if (pending.size === 0) {
          await simulate.sleep(ms);
          if (pending.size === 0) return;
        }
        await Promise.all([...pending].map((p) => p.catch(() => undefined)));
      }
    },
    require: mp,
    close() {
      rendered.clear();
      cloud.close();
    },
  };
  return world;
}

/** The text of the first node matching `selector` inside a rendered page (or ''). */
export function text(comp: any, selector: string): string {
  const node = comp.querySelector(selector);
  return node ? textOf(node.dom) : '';
}

export function texts(comp: any, selector: string): string[] {
  return comp.querySelectorAll(selector).map((n: any) => textOf(n.dom));
}

/** Taps a vant button (its inner native button, as a finger would) and lets the calls settle. */
export async function tap(world: World, comp: any, selector: string): Promise<void> {
  const host = comp.querySelector(selector);
  if (!host) throw new Error(`nothing matches ${selector}`);
  const inner = host.querySelector('.van-button') ?? host.querySelector('.van-cell') ?? host;
  inner.dispatchEvent('tap');
  await world.settle();
}
