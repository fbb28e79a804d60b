import { C } from '../../server/repo/docs';
import { ADDRESS, SHIP } from '../support/delivery';
import { startWired } from '../support/wired';

/**
 * The deployable bundles themselves (cloudfunctions/<name>/index.js, what `npm run build` makes and
 * WeChat runs), loaded on the real, unmodified wx-server-sdk from node_modules in the local cloud's
 * function instances; every database, WeChat Pay, openapi and storage call the SDK makes goes over
 * HTTP to the local cloud's wire server (`POST /tcb/admin`).
 */
describe('the built cloud functions on the real wx-server-sdk', () => {
  type Wired = Awaited<ReturnType<typeof startWired>>;
  let t: Wired;
  beforeAll(async () => {
    t = await startWired({ adminOpenids: ['boss'] });
  });
  afterAll(() => t.close());

  test('a shop runs through the bundles: admin from the environment, a sale paid by WeChat Pay, settle on its timer', async () => {
    const before = { ...t.local.wire.totals };
    expect((await t.api('boss', 'user.login')).isAdmin).toBe(true);
    const { id } = await t.admin('product.upsert', { title: '桂花乌龙', priceFen: 5000, stock: 5, status: 'on' }, 'boss');
    // A first application reads missing records inside its transaction (throwOnNotFound: false).
    const { inviteCode } = await t.api('amy', 'distributor.apply');
    await t.api('ben', 'referral.bind', { code: inviteCode });
    const order = await t.api('ben', 'order.create', { items: [{ productId: id, quantity: 2 }], address: ADDRESS });
    // unifiedOrder went through cloudPay: the SDK camel-cased WeChat Pay's answer.
    expect(order.payment).toEqual(expect.objectContaining({ package: expect.stringMatching(/^prepay_id=/), timeStamp: expect.any(String), paySign: expect.any(String) }));

    // WeChat Pay's notification to the payCallback bundle: refused from a client, handled from WeChat Pay.
    const { event } = t.local.pay.markPaid(order.outTradeNo);
    expect(await t.local.invoke('payCallback', event, { openid: 'ben', source: 'wx_client' })).toMatchObject({ errcode: 1 });
    expect(await t.local.invoke('payCallback', event, { source: 'wx_paycallback' })).toEqual({ errcode: 0, errmsg: 'paid' });
    expect(await t.local.invoke('payCallback', event, { source: 'wx_paycallback' })).toEqual({ errcode: 0, errmsg: 'duplicate' });
    expect((await t.api('amy', 'distributor.summary')).balance.frozenFen).toBe(1000);

    // 发货 through the bundle records the shipment with WeChat through sdk.openapi.wxa.sec.order (protobuf).
    const shipped = await t.admin('order.ship', { orderId: order.orderId, ...SHIP }, 'boss');
    expect(shipped.shippingRecord.status).toBe('recorded');
    expect(t.local.openapi.acceptedUploads(order.outTradeNo)).toHaveLength(1);
    const asked = await t.api('ben', 'afterSale.request', { orderId: order.orderId, lines: [{ productId: id, quantity: 1 }], reason: '不想要了' });
    expect(asked).toMatchObject({ status: 'open', refundFen: 5000 });

    // openapi (wxacode.getUnlimited, protobuf) and storage (upload metadata + PUT, download URL).
    const poster = await t.api('amy', 'distributor.poster');
    expect(poster.url).toMatch(/\/files\/posters\//);
    expect(t.local.storage.read(poster.fileID)?.subarray(1, 4).toString()).toBe('PNG');
    const served = await fetch(poster.url);
    expect(served.status).toBe(200);

    expect(await t.local.trigger('settle')).toMatchObject({ ok: true });
    expect(await t.local.invoke('settle', {}, { openid: 'ben', source: 'wx_client' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.local.invoke('admin', { action: 'dashboard', days: 7 }, { openid: 'ben' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    // All of it reached the database over the wire, and nothing was left open.
    expect(t.local.wire.totals.documentOps - before.documentOps).toBeGreaterThan(20);
    expect(t.local.wire.database.openTransactions).toBe(0);
    const stored = t.local.db.sqlite.prepare(`SELECT COUNT(*) AS n FROM "c_${C.commissions}"`).get() as { n: number };
    expect(stored.n).toBe(1);
  });

  test('the caller is read per call from the environment the SDK sees, never kept between calls', async () => {
    const [a, b] = await Promise.all([t.api('p1', 'user.login'), t.api('p2', 'user.login')]);
    expect([a.user.openid, b.user.openid]).toEqual(['p1', 'p2']);
    expect((await t.api('p1', 'user.login')).isAdmin).toBe(false);
  });

  test('the moved local clock reaches the functions', async () => {
    const day = 86_400_000;
    const before = await t.api('amy', 'distributor.summary');
    t.local.clock.advance(40 * day);
    // A new month for the function: this month's earnings start again from zero.
    const after = await t.api('amy', 'distributor.summary');
    expect(before.monthFen).toBe(1000);
    expect(after.monthFen).toBe(0);
  });
});
