import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const FUNCTIONS = ['api', 'admin', 'payCallback', 'settle'] as const;
const RUNS = 5;

/** Milliseconds a fresh Node process takes to require `file` (median of RUNS), timed inside the child. */
function loadMs(file: string): number {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(file)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const times = Array.from({ length: RUNS }, () => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: process.cwd() })));
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

/**
 * Cold start of each deployable function: the bytes of its bundle (cloudfunctions/<name>/app.js, as
 * `npm run build` makes it: minified, source map beside it) and the time a fresh process takes to
 * require its index.js with the real wx-server-sdk from node_modules (the SDK's own load included,
 * and given alone as `bundle.sdk.load_ms`).
 */
export function benchBundles(root: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  out.push(['bundle.sdk.load_ms', loadMs(require.resolve('wx-server-sdk', { paths: [root] }))]);
  for (const fn of FUNCTIONS) {
    const dir = join(root, 'cloudfunctions', fn);
    out.push([`bundle.${fn}.bytes`, statSync(join(dir, 'app.js')).size + statSync(join(dir, 'index.js')).size]);
    out.push([`bundle.${fn}.load_ms`, loadMs(join(dir, 'index.js'))]);
  }
  return out;
}
