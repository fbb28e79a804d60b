// The mini program's build for page tests: every miniprogram/**/*.ts compiled on its own (esbuild,
// cjs, folder structure kept, as WeChat devtools' TypeScript plugin does) into the git-ignored mirror
// .build/miniprogram/, with .wxml/.wxss/.json/.wxs and miniprogram_npm copied beside it, so
// miniprogram-simulate loads the same pages the devtools would. Also lays dayjs into
// miniprogram/miniprogram_npm as devtools' "构建 npm" would (the client imports it).
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'miniprogram');
const out = join(root, '.build/miniprogram');

function walk(dir, acc = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, acc);
    else acc.push(p);
  }
  return acc;
}

export async function buildMiniprogram() {
  // dayjs as devtools' npm build lays it out (miniprogram_npm/<pkg>/index.js).
  const dayjsDst = join(src, 'miniprogram_npm/dayjs');
  rmSync(dayjsDst, { recursive: true, force: true });
  mkdirSync(dayjsDst, { recursive: true });
  cpSync(join(root, 'node_modules/dayjs/dayjs.min.js'), join(dayjsDst, 'index.js'));

  rmSync(out, { recursive: true, force: true });
  const files = walk(src);
  const ts = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes('/miniprogram_npm/'));
  for (const f of files) {
    if (/\.(wxml|wxss|json|wxs|js|png|jpg)$/.test(f)) {
      const dst = join(out, relative(src, f));
      mkdirSync(dirname(dst), { recursive: true });
      cpSync(f, dst);
    }
  }
  await build({
    entryPoints: ts,
    outdir: out,
    outbase: src,
    bundle: false,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2018',
    logLevel: 'warning',
  });
  return ts.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = await buildMiniprogram();
  if (!process.argv.includes('--quiet')) console.log(`build-miniprogram: ${n} ts files → ${relative(root, out)}`);
}
