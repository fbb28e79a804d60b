// `npm run size`: the mini program's package sizes as WeChat counts them when "过滤无依赖文件"
// (ignoreUploadUnusedFiles) is on — only the files a package really ships: its pages, the
// components they use (miniprogram_npm included, only those used), the scripts those require, the
// WXS and WXSS they include, and app.* / sitemap. Measured on the compiled mini program
// (.build/miniprogram: .ts compiled to .js, as devtools uploads it). Fails over 600 KB for the
// main package (WeChat's hard limit is 2 MB; we keep it far under).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMiniprogram } from './build-miniprogram.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT = 600 * 1024;

if (!existsSync(join(root, 'miniprogram/miniprogram_npm/@vant/weapp'))) {
  console.error('size: miniprogram_npm is missing — run `node scripts/build.mjs` first');
  process.exit(2);
}
await buildMiniprogram();
const mp = join(root, '.build/miniprogram');
const app = JSON.parse(readFileSync(join(mp, 'app.json'), 'utf8'));

/** Resolves a component path from a json's usingComponents, as WeChat does. */
function resolveComponent(fromFile, spec) {
  if (spec.startsWith('/')) return join(mp, spec);
  if (spec.startsWith('.')) return join(dirname(fromFile), spec);
  const npm = join(mp, 'miniprogram_npm', spec);
  return existsSync(npm + '.json') ? npm : join(mp, 'miniprogram_npm', spec, 'index');
}

function resolveRequire(fromFile, spec) {
  let base;
  if (spec.startsWith('.') || spec.startsWith('/')) base = spec.startsWith('/') ? join(mp, spec) : join(dirname(fromFile), spec);
  else base = join(mp, 'miniprogram_npm', spec);
  for (const c of [base, base + '.js', join(base, 'index.js')]) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

function collect(entries) {
  const files = new Set();
  const add = (f) => {
    if (!existsSync(f) || files.has(f)) return false;
    files.add(f);
    return true;
  };
  const addScript = (f) => {
    if (!add(f)) return;
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) {
      const r = resolveRequire(f, m[1]);
      if (r) addScript(r);
    }
  };
  const addStyle = (f) => {
    if (!add(f)) return;
    for (const m of readFileSync(f, 'utf8').matchAll(/@import\s+["']([^"']+)["']/g)) addStyle(join(dirname(f), m[1]));
  };
  const addTemplate = (f) => {
    if (!add(f)) return;
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/<(?:wxs|import|include)[^>]*\ssrc=["']([^"']+)["']/g)) {
      const target = m[1].startsWith('/') ? join(mp, m[1]) : join(dirname(f), m[1]);
      const withExt = /\.(wxs|wxml)$/.test(target) ? target : target + '.wxml';
      if (withExt.endsWith('.wxs')) addScript(withExt);
      else addTemplate(withExt);
    }
  };
  const addComponent = (base) => {
    const json = base + '.json';
    if (!add(json)) return;
    addScript(base + '.js');
    addTemplate(base + '.wxml');
    addStyle(base + '.wxss');
    const using = JSON.parse(readFileSync(json, 'utf8')).usingComponents || {};
    for (const spec of Object.values(using)) addComponent(resolveComponent(base, spec));
  };
  for (const e of entries) addComponent(join(mp, e));
  return files;
}

const bytes = (set) => [...set].reduce((n, f) => n + statSync(f).size, 0);

const subs = app.subPackages || app.subpackages || [];
const inSub = (f) => subs.some((sub) => normalize(relative(mp, f)).startsWith(normalize(sub.root) + '/'));
// Everything any page uses (a subpackage's use of miniprogram_npm or of main-package code still
// ships in the main package, which is where those files live), plus app.* and the sitemap.
const used = collect([...app.pages, ...subs.flatMap((sub) => sub.pages.map((p) => join(sub.root, p)))]);
{
  const walk = (f) => {
    if (used.has(f) && f !== join(mp, 'app.js')) return;
    used.add(f);
    for (const m of readFileSync(f, 'utf8').matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) {
      const r = resolveRequire(f, m[1]);
      if (r) walk(r);
    }
  };
  walk(join(mp, 'app.js'));
  for (const f of ['app.json', 'app.wxss', app.sitemapLocation || 'sitemap.json']) if (existsSync(join(mp, f))) used.add(join(mp, f));
}
const main = new Set([...used].filter((f) => !inSub(f)));

const mainBytes = bytes(main);
console.log(`miniprogram.main_package_bytes: ${mainBytes}`);
for (const sub of subs) {
  // A subpackage ships its own files; what it uses from the main package is counted there.
  const files = [...used].filter((f) => normalize(relative(mp, f)).startsWith(normalize(sub.root) + '/'));
  console.log(`miniprogram.subpackage.${sub.root}_bytes: ${bytes(new Set(files))}`);
}
if (process.argv.includes('--list')) for (const f of [...main].sort()) console.log(`  ${relative(mp, f)} ${statSync(f).size}`);
if (mainBytes > LIMIT) {
  console.error(`size: the main package is ${mainBytes} bytes, over the ${LIMIT}-byte budget`);
  process.exit(1);
}
