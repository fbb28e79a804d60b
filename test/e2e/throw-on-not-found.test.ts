import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../local/pool/pool';
import { startWired } from '../support/wired';

/**
 * Difference 1 of issue 10: on the real wx-server-sdk a transaction's read of a missing document
 * throws unless the database is opened with `throwOnNotFound: false`. The same bundles with the
 * option turned off (a copy of the built api and payCallback, only that option changed) answer
 * INTERNAL for a first application and throw on a payment for an order the shop does not know;
 * the real bundles handle both.
 */
describe('throwOnNotFound: false, on the real SDK', () => {
  const root = projectRoot();
  const variant = join(root, '.build', 'variants', 'throw-on-not-found');

  beforeAll(() => {
    for (const fn of ['api', 'payCallback']) {
      // The build writes the function as app.js (minified) behind a small index.js loader.
      const src = readFileSync(join(root, 'cloudfunctions', fn, 'app.js'), 'utf8');
      const flipped = src.replace(/throwOnNotFound\s*:\s*(false|!1)/g, 'throwOnNotFound:true');
      // The built bundle must carry the option, or this comparison proves nothing.
      expect({ fn, hasOption: flipped !== src }).toEqual({ fn, hasOption: true });
      mkdirSync(join(variant, fn), { recursive: true });
      writeFileSync(join(variant, fn, 'app.js'), flipped);
      writeFileSync(join(variant, fn, 'index.js'), readFileSync(join(root, 'cloudfunctions', fn, 'index.js')));
    }
  });
  afterAll(() => rmSync(variant, { recursive: true, force: true }));

  /** A trade WeChat Pay knows and reports paid, for an order id the shop's database never had. */
  async function unknownOrderPaid(t: Awaited<ReturnType<typeof startWired>>) {
    const outTradeNo = 'UNKNOWN0000000000001';
    await t.local.pay.unifiedOrder({ body: 'x', outTradeNo, spbillCreateIp: '127.0.0.1', subMchId: '1900000109', totalFee: 100, envId: 'local-dev', functionName: 'payCallback' });
    return t.local.pay.markPaid(outTradeNo).event;
  }

  test('with the option (the built bundles): a first application works; an unknown order is acknowledged', async () => {
    const t = await startWired();
    try {
      expect(await t.apiRaw('newbie', 'distributor.apply', {})).toMatchObject({ ok: true, data: { status: 'active' } });
      expect(await t.local.invoke('payCallback', await unknownOrderPaid(t), { source: 'wx_paycallback' })).toMatchObject({ errcode: 0 });
    } finally {
      t.close();
    }
  });

  test('without it: the first application answers INTERNAL, the unknown order throws the SDK error', async () => {
    const t = await startWired({ functionsDir: variant });
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await t.apiRaw('newbie', 'distributor.apply', {})).toMatchObject({ ok: false, code: 'INTERNAL' });
      await expect(t.local.invoke('payCallback', await unknownOrderPaid(t), { source: 'wx_paycallback' })).rejects.toThrow(
        /document\.get:fail document with _id UNKNOWN0000000000001 does not exist/,
      );
    } finally {
      quiet.mockRestore();
      t.close();
    }
  });
});
