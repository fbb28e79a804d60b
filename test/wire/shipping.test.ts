import { ADDRESS, SHIP } from '../support/delivery';
import { startWired } from '../support/wired';

/**
 * WeChat's shipping service through the real wx-server-sdk (`wxa.sec.order.uploadShippingInfo` /
 * `getOrder` over the wire's openapi protobuf): a refusal reaches the backend as WeChat's errcode, a
 * lost call as no answer, and get_order's snake_case answer is read back — each parcel list is
 * accepted by WeChat exactly once.
 */
describe('shipping records on the real SDK', () => {
  type Wired = Awaited<ReturnType<typeof startWired>>;
  let t: Wired;
  let productId: string;
  beforeAll(async () => {
    t = await startWired({ adminOpenids: ['boss'] });
    productId = (await t.admin('product.upsert', { title: '五常大米 5kg', priceFen: 8850, stock: 50, status: 'on' }, 'boss')).id;
  });
  afterAll(() => t.close());

  async function paidOrder() {
    const o = await t.api('buyer', 'order.create', { items: [{ productId, quantity: 1 }], address: ADDRESS });
    const { event } = t.local.pay.markPaid(o.outTradeNo);
    expect(await t.local.invoke('payCallback', event, { source: 'wx_paycallback' })).toMatchObject({ errcode: 0 });
    return o as { orderId: string; outTradeNo: string };
  }
  const calls = () => t.local.openapi.shippingCalls.map((c) => `${c.api}:${c.outcome}`);

  test('refused by WeChat: shipped, not recorded, with WeChat’s reason; settle records it later', async () => {
    const o = await paidOrder();
    t.local.openapi.failNext('uploadShippingInfo', 'refuse');
    const shipped = await t.admin('order.ship', { orderId: o.orderId, ...SHIP }, 'boss');
    expect(shipped.status).toBe('shipped');
    expect(shipped.shippingRecord).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/[\u4e00-\u9fff]/) });
    t.local.clock.advance(11 * 60_000);
    await t.local.trigger('settle');
    expect(t.local.openapi.acceptedUploads(o.outTradeNo)).toHaveLength(1);
    expect((await t.admin('order.list', { unrecorded: true }, 'boss')).unrecordedCount).toBe(0);
  });

  test('lost after WeChat acted: settle reads get_order over the wire and does not send it again', async () => {
    const o = await paidOrder();
    const before = t.local.openapi.shippingCalls.length;
    t.local.openapi.failNext('uploadShippingInfo', 'after');
    expect((await t.admin('order.ship', { orderId: o.orderId, ...SHIP }, 'boss')).shippingRecord.status).toBe('pending');
    t.local.clock.advance(11 * 60_000);
    await t.local.trigger('settle');
    expect(calls().slice(before)).toEqual(['uploadShippingInfo:lost_after', 'getShippingOrder:answered']);
    expect(t.local.openapi.acceptedUploads(o.outTradeNo)).toHaveLength(1);
    const row = (await t.admin('order.list', {}, 'boss')).items.find((x: { orderId: string }) => x.orderId === o.orderId);
    expect(row.shippingRecord.status).toBe('recorded');
  });
});
