#!/usr/bin/env node
/**
 * `npm run preview [-- --check] [-- --only name,name]`: every page of the mini program, photographed.
 *
 * 1. builds (scripts/build.mjs), then renders every shot of scripts/preview-shots.ts with the page
 *    harness (miniprogram-simulate + the official WXML compiler, jest: scripts/preview-render.ts)
 *    against a local cloud seeded with the demo shop, as standalone HTML pages;
 * 2. opens each in Debian's headless Chromium (playwright-core, /usr/bin/chromium; never a
 *    downloaded browser) at 375×812, deviceScaleFactor 2, and writes `.preview/<name>.png` and
 *    the gallery `.preview/index.html`;
 * 3. with --check, runs the layout checks (scripts/preview-check.mjs) on every page and exits
 *    non-zero with the list of violations.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const OUT = outAt >= 0 ? resolve(args[outAt + 1]) : join(ROOT, '.preview');
const check = args.includes('--check');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] ?? '' : '';
const skipRender = args.includes('--no-render'); // re-photograph the HTML of the last render
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const t0 = Date.now();
const step = (s) => process.stderr.write(`preview: ${s} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

if (!existsSync(CHROMIUM)) {
  console.error(`preview: no Chromium at ${CHROMIUM}. Install Debian's: apt-get install -y chromium fonts-noto-cjk`);
  process.exit(2);
}

if (!skipRender) {
  // A full run starts clean; --only keeps the other shots' pictures.
  if (!only) rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, 'html'), { recursive: true });
  if (!args.includes('--no-build')) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit', cwd: ROOT });
    if (build.status !== 0) process.exit(build.status ?? 1);
    step('built');
  }
  const jest = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/jest/bin/jest.js'), '--config', join(ROOT, 'scripts/preview.jest.config.js'), '--silent'],
    { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT, env: { ...process.env, PREVIEW_OUT: OUT, PREVIEW_ONLY: only } },
  );
  if (jest.status !== 0) {
    console.error('preview: rendering the pages failed (above)');
    process.exit(jest.status ?? 1);
  }
  step('rendered');
}

const { chromium } = await import('playwright-core');
const { checkPage } = await import(pathToFileURL(join(ROOT, 'scripts/preview-check.mjs')).href);
const { shots, pages } = JSON.parse(readFileSync(join(OUT, 'shots.json'), 'utf8'));
// What the checks look for: the API's error codes, and the openids of the demo shop's people.
const api = readFileSync(join(ROOT, 'typings/api.d.ts'), 'utf8');
const codes = [...(/export type ErrorCode =([^;]+);/.exec(api)?.[1] ?? '').matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
const seed = readFileSync(join(ROOT, 'local/seed-demo.ts'), 'utf8');
const openids = [...new Set([...seed.matchAll(/'(demo-[a-z0-9-]+)'/g)].map((m) => m[1]))].concat(['admin-openid', 'friend-new']);

// A fresh profile each run (playwright takes it as launchPersistentContext's user data dir).
const profile = mkdtempSync(join(tmpdir(), 'preview-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  locale: 'zh-CN',
});
const violations = [];
try {
  // The pages are self-contained: nothing may reach the network.
  await context.route(/^(?!file:|data:)/, (route) => route.abort());
  // Two tabs at a time (the rasterising at 2x is what takes the time); the list keeps shots.json's order.
  const found = new Map();
  let next = 0;
  const tab = async () => {
    const page = await context.newPage();
    while (next < shots.length) {
      const shot = shots[next++];
      if (shot.error) {
        found.set(shot.name, [{ what: 'render', detail: shot.error }]);
        continue;
      }
      await page.goto(pathToFileURL(join(OUT, 'html', shot.name + '.html')).href);
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: join(OUT, shot.name + '.png'), fullPage: true, animations: 'disabled', caret: 'hide' });
      if (check) found.set(shot.name, await page.evaluate(checkPage, { title: shot.title, codes, openids }));
    }
    await page.close();
  };
  await Promise.all([tab(), tab()]);
  for (const shot of shots) for (const v of found.get(shot.name) ?? []) violations.push({ shot: shot.name, path: shot.path, ...v });
  step(`photographed ${shots.length} shots`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

// The gallery: one card per shot, grouped by page, in app.json's order.
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const byShot = new Map();
for (const v of violations) byShot.set(v.shot, [...(byShot.get(v.shot) ?? []), v]);
const groups = pages
  .map((p) => {
    const mine = shots.filter((s) => s.path === p);
    if (!mine.length) return '';
    const cards = mine
      .map((s) => {
        const vs = byShot.get(s.name) ?? [];
        const state = [s.state && { loading: '加载中', error: '出错（断网）' }[s.state], s.shop === 'empty' && '空店铺'].filter(Boolean).join(' · ');
        return `<figure class="${vs.length ? 'bad' : ''}"><a href="${esc(s.name)}.png"><img src="${esc(s.name)}.png" loading="lazy" alt="${esc(s.name)}"></a>
<figcaption><b>${esc(s.name)}</b><br>${esc(s.who)}${state ? ' · ' + esc(state) : ''}${vs.length ? `<ul>${vs.map((v) => `<li>${esc(v.what)}: ${esc(v.detail)}</li>`).join('')}</ul>` : ''}</figcaption></figure>`;
      })
      .join('\n');
    return `<section><h2>${esc(mine[0].title || p)} <small>${esc(p)}</small></h2><div class="row">${cards}</div></section>`;
  })
  .join('\n');
writeFileSync(
  join(OUT, 'index.html'),
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>页面预览</title><style>
body{font-family:-apple-system,"Noto Sans CJK SC",sans-serif;margin:24px;background:#f2f3f5;color:#323233}
h1{font-size:20px}h2{font-size:16px;margin:28px 0 8px}h2 small{color:#969799;font-weight:400}
.row{display:flex;gap:16px;overflow-x:auto;align-items:flex-start}
figure{margin:0;flex:none;width:300px;background:#fff;border-radius:8px;padding:8px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
figure.bad{outline:2px solid #ee0a24}
figure img{width:100%;display:block;border:1px solid #ebedf0}
figcaption{font-size:12px;margin-top:6px;line-height:1.5}figcaption ul{color:#ee0a24;padding-left:16px;margin:4px 0}
</style></head><body><h1>页面预览 · ${shots.length} 张 · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC</h1>
<p>375×812 @2x，演示店铺（local/seed-demo.ts）。${check ? `布局检查：${violations.length ? violations.length + ' 处问题（红框）' : '全部通过'}` : '布局检查：未运行（npm run preview -- --check）'}</p>
${groups}</body></html>`,
);
step(`wrote ${join(OUT, 'index.html')}`);

const unrendered = shots.filter((s) => s.error);
if (unrendered.length && !check) {
  console.error(`preview: could not render ${unrendered.map((s) => s.name).join(', ')} (see above)`);
  process.exit(1);
}
if (check) {
  if (violations.length) {
    console.error(`\npreview --check: ${violations.length} layout problem(s) on ${byShot.size} shot(s):`);
    for (const [name, vs] of byShot) {
      console.error(`\n  ${name} (${vs[0].path})`);
      for (const v of vs) console.error(`    - ${v.what}: ${v.detail}`);
    }
    console.error(`preview: ${shots.length - byShot.size} passed, ${byShot.size} failed`);
    process.exit(1);
  }
  console.log(`preview --check: ${shots.length} shots, no layout problems`);
  console.log(`preview: ${shots.length} passed, 0 failed`);
}
