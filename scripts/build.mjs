// Builds what the project ships and runs: each cloud function bundled into its folder's index.js
// (entry + shared backend code; wx-server-sdk stays external, installed by the cloud from the
// folder's package.json), the local cloud and the benchmark for Node, and miniprogram_npm from
// @vant/weapp/lib for devtools and page tests.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const t0 = Date.now();

const FUNCTIONS = ['api', 'admin', 'payCallback', 'settle'];
await Promise.all(
  FUNCTIONS.map((fn) =>
    build({
      entryPoints: [join(root, 'cloudfunctions', fn, 'index.ts')],
      outfile: join(root, 'cloudfunctions', fn, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      logLevel: 'warning',
    }),
  ),
);

const nodeBundles = [
  ['local/main.ts', '.build/local-cloud.js'],
  // A function instance of the local cloud's pool: runs the built bundles on the real wx-server-sdk.
  ['local/pool/worker.ts', '.build/fn-worker.js'],
  ...(existsSync(join(root, 'bench/index.ts')) ? [['bench/index.ts', '.build/bench.js']] : []),
];
await Promise.all(
  nodeBundles.map(([entry, out]) =>
    build({
      entryPoints: [join(root, entry)],
      outfile: join(root, out),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      external: ['better-sqlite3', '@napi-rs/canvas'],
      logLevel: 'warning',
    }),
  ),
);

// miniprogram_npm as WeChat devtools' "构建 npm" lays it out, for devtools and miniprogram-simulate.
const vantSrc = join(root, 'node_modules/@vant/weapp/lib');
const vantDst = join(root, 'miniprogram/miniprogram_npm/@vant/weapp');
rmSync(vantDst, { recursive: true, force: true });
mkdirSync(dirname(vantDst), { recursive: true });
cpSync(vantSrc, vantDst, { recursive: true });

// The mini program compiled for page tests (.build/miniprogram), after miniprogram_npm is laid.
await (await import('./build-miniprogram.mjs')).buildMiniprogram();

if (!quiet) console.log(`build: ${FUNCTIONS.length} cloud functions, local cloud, miniprogram_npm in ${Date.now() - t0} ms`);
