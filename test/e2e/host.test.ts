import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, removeDir, useProcess } from './process';

/** `npm start`'s process, driven over HTTP as a newcomer would. */
describe('the local cloud process', () => {
  const proc = useProcess();

  test('user.login over HTTP creates the user in SQLite and answers ok', async () => {
    const p = proc();
    const res = await p.post('/functions/api', { data: { action: 'user.login' } }, 'u1');
    expect(res.status).toBe(200);
    expect(res.json.result).toMatchObject({ ok: true, data: { user: { openid: 'u1', referrerOpenid: null, distributor: null }, isAdmin: false } });
    const admin = await p.post('/functions/api', { data: { action: 'user.login' } }, 'admin');
    expect(admin.json.result.data.isAdmin).toBe(true);
  });

  test('a malformed body is a 400, an unknown function a 404, and the server keeps serving', async () => {
    const p = proc();
    const bad = await p.post('/functions/api', '{"data": {"action": ', 'u1');
    expect(bad.status).toBe(400);
    expect(bad.json.errCode).toBe('INVALID_JSON');
    const notObject = await p.post('/functions/api', '[1,2]', 'u1');
    expect(notObject.status).toBe(400);
    const missing = await p.post('/functions/nope', { data: {} }, 'u1');
    expect(missing.status).toBe(404);
    const after = await p.post('/functions/api', { data: { action: 'user.login' } }, 'u2');
    expect(after.json.result.ok).toBe(true);
  });

  test('an unknown action answers UNKNOWN_ACTION; no identity answers UNAUTHENTICATED', async () => {
    const p = proc();
    const unknown = await p.post('/functions/api', { data: { action: 'no.such' } }, 'u1');
    expect(unknown.json.result).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    const anonymous = await p.post('/functions/api', { data: { action: 'user.login' } });
    expect(anonymous.json.result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  test('the dev clock moves forward and refuses going back', async () => {
    const p = proc();
    const before = (await p.post('/__dev/clock', { advanceMs: 0 })).json.now as number;
    const after = (await p.post('/__dev/clock', { advanceMs: 3_600_000 })).json.now as number;
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);
    expect((await p.post('/__dev/clock', { advanceMs: -1 })).status).toBe(400);
  });

  test('the dev clock takes only a finite advance within 10 years (in all, kept across calls)', async () => {
    const p = proc();
    const YEAR = 365 * 86_400_000;
    for (const advanceMs of [1e308, 11 * YEAR, '5', null]) {
      const res = await p.post('/__dev/clock', { advanceMs });
      expect(res.status).toBe(400);
      expect(res.json.errCode).toBe('INVALID_BODY');
    }
    // JSON cannot say Infinity or NaN; the nearest it can (1e999 parses to Infinity) is refused too.
    expect((await p.post('/__dev/clock', '{"advanceMs": 1e999}')).status).toBe(400);
    const before = (await p.post('/__dev/clock', { advanceMs: 0 })).json.now as number;
    expect((await p.post('/__dev/clock', { advanceMs: 6 * YEAR })).status).toBe(200);
    // 6 + 6 years would leave the clock 12 years ahead: refused, the clock stays where it was.
    expect((await p.post('/__dev/clock', { advanceMs: 6 * YEAR })).status).toBe(400);
    const now = (await p.post('/__dev/clock', { advanceMs: 0 })).json.now as number;
    expect(now - before).toBeGreaterThanOrEqual(6 * YEAR);
    expect(now - before).toBeLessThan(6 * YEAR + 60_000);
  });

  test('a stored file asked for with a bad percent-escape is a 400, never a 500', async () => {
    const p = proc();
    for (const path of ['/files/%', '/files/%E0%A4%A', '/files/a%zz.png', '/files/%C0%AF']) {
      const res = await fetch(p.url + path);
      expect(res.status).toBe(400);
    }
    expect((await fetch(p.url + '/files/none.png')).status).toBe(404);
    const after = await p.post('/functions/api', { data: { action: 'user.login' } }, 'u1');
    expect(after.json.result.ok).toBe(true);
  });

  test('paying an unknown trade is a 404 from the pay service', async () => {
    const p = proc();
    const res = await p.post('/__dev/pay', { outTradeNo: 'NOSUCHTRADE01' });
    expect(res.status).toBe(404);
  });
});

describe('data across restarts', () => {
  test('data and the moved clock survive a restart, and Ctrl-C stops the process cleanly', async () => {
    const first = await startProcess();
    await first.call('api', 'keeper', 'user.updateProfile', { nickname: '老王' });
    await first.post('/__dev/clock', { advanceMs: 10 * 86_400_000 });
    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('正在停止');

    const second = await startProcess({}, first.dataDir);
    const login = await second.call('api', 'keeper', 'user.login');
    expect(login.user.nickname).toBe('老王');
    const info = (await (await fetch(second.url + "/")).json()) as { now: number };
    expect(info.now - Date.now()).toBeGreaterThan(9 * 86_400_000);
    await second.stop();
    removeDir(first.dataDir);
  });
});

describe('a clock file that cannot be right', () => {
  test.each([
    ['unreadable', 'not json {'],
    ['absurd (a thousand years ahead)', JSON.stringify({ offsetMs: 1000 * 365 * 86_400_000 })],
    ['not a number', JSON.stringify({ offsetMs: 'soon' })],
  ])('%s: reported at start and ignored (the clock is the wall clock)', async (_name, content) => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-clock-'));
    writeFileSync(join(dir, 'clock.json'), content);
    const p = await startProcess({}, dir);
    try {
      expect(p.output()).toMatch(/clock\.json/);
      const info = (await (await fetch(p.url + '/')).json()) as { now: number };
      expect(Math.abs(info.now - Date.now())).toBeLessThan(60_000);
      expect((await p.call('api', 'u1', 'user.login')).user.openid).toBe('u1');
    } finally {
      await p.stop();
      removeDir(dir);
    }
  });
});

describe('the demo shop', () => {
  test('a first start seeds the demo through the real actions; a second start leaves the data alone', async () => {
    const first = await startProcess({ SEED_DEMO: '1' });
    expect(first.output()).toContain('已写入演示数据');
    const products = await first.call('api', 'demo-xiaoli', 'product.list');
    expect(products.items.map((p: { title: string }) => p.title)).toContain('云南小粒咖啡豆 500g');
    // 小李 bought 2 × ¥129.00 through 阿强 (level 1, 10%) under 小美 (level 2, 5%).
    const aqiang = await first.call('api', 'demo-aqiang', 'distributor.summary');
    expect(aqiang.balance.frozenFen).toBe(2580);
    const xiaomei = await first.call('api', 'demo-xiaomei', 'distributor.summary');
    expect(xiaomei.team).toEqual({ level1: 2, level2: 1 });
    await first.stop();

    const second = await startProcess({ SEED_DEMO: '1' }, first.dataDir);
    expect(second.output()).not.toContain('已写入演示数据');
    const again = await second.call('api', 'demo-xiaoli', 'product.list');
    expect(again.items).toHaveLength(products.items.length);
    await second.stop();
    removeDir(first.dataDir);
  });
});
