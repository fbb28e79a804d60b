import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The deployable bundles as `npm run build` leaves them (npm test builds first): minified app.js
 * with app.js.map beside it, loaded by index.js — and a stack trace from inside a bundle, loaded in
 * a fresh process with the real wx-server-sdk, names our TypeScript files.
 */
const FUNCTIONS = ['api', 'admin', 'payCallback', 'settle'];
const dir = (fn: string) => join(__dirname, '../../cloudfunctions', fn);

describe('the built bundles', () => {
  test.each(FUNCTIONS)('%s: minified under 300 KB, its source map beside it', (fn) => {
    expect(statSync(join(dir(fn), 'app.js')).size).toBeLessThan(300_000);
    expect(existsSync(join(dir(fn), 'app.js.map'))).toBe(true);
  });

  test('a stack trace from inside a bundle names server/… source files', () => {
    // The api function on the real SDK, its caller from WeChat's context variables; an event whose
    // `action` throws when read makes the dispatcher log an unexpected error with its stack.
    const script = `
      const { main } = require(${JSON.stringify(join(dir('api'), 'index.js'))});
      main({ get action() { throw new Error('probe'); } }).then((r) => process.stdout.write(JSON.stringify(r)));
    `;
    const run = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: 'u1', WX_APPID: 'wxapp', TCB_SOURCE: 'wx_client' },
    });
    const { stdout, stderr } = run;
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(stderr).toContain('probe');
    expect(stderr).toMatch(/server[\\/]entries[\\/]dispatch\.ts:\d+:\d+/);
  });
});
