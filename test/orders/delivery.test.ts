import { C, type OrderDoc, type ProductDoc } from '../../server/repo/docs';
import type { UploadShippingInfoParams } from '../../server/platform/cloud';
import { ADDRESS, PARCEL, SHIP } from '../support/delivery';
import { startLocal, type TestCloud } from '../support/local';

const CHINESE = /[\u4e00-\u9fff]/;
const orders = async (t: TestCloud) => (await t.db.collection<OrderDoc>(C.orders).get()).data;
const stockOf = async (t: TestCloud, id: string) => (await t.db.collection<ProductDoc>(C.products).doc(id).get()).data.stock;

describe('delivery address at checkout', () => {
  let t: TestCloud;
  let rice: string;
  let course: string;
  beforeAll(async () => {
    t = startLocal();
    rice = (await t.admin('product.upsert', { title: '五常大米 5kg', priceFen: 8850, stock: 50, status: 'on' })).id;
    course = (await t.admin('product.upsert', { title: '冲煮课程', priceFen: 9900, stock: 50, status: 'on', virtual: true })).id;
  });
  afterAll(() => t.close());

  const cases: Array<[string, unknown, RegExp]> = [
    ['no address for a physical product', undefined, /请填写收货地址/],
    ['not an object', '广州市天河区', /收货地址格式不正确/],
    ['phone: too short', { ...ADDRESS, phone: '1380013' }, /手机号格式不正确/],
    ['phone: letters', { ...ADDRESS, phone: '1380013800a' }, /手机号格式不正确/],
    ['phone: not a mobile prefix', { ...ADDRESS, phone: '23800138000' }, /手机号格式不正确/],
    ['phone: empty', { ...ADDRESS, phone: '' }, /请填写手机号/],
    ['empty province', { ...ADDRESS, province: '' }, /请填写省份/],
    ['blank city', { ...ADDRESS, city: '   ' }, /请填写城市/],
    ['missing district', { name: ADDRESS.name, phone: ADDRESS.phone, province: ADDRESS.province, city: ADDRESS.city, detail: ADDRESS.detail }, /请填写区县/],
    ['200-char detail', { ...ADDRESS, detail: '路'.repeat(200) }, /详细地址不能超过 120 个字/],
    ['one-char detail', { ...ADDRESS, detail: '号' }, /详细地址至少 2 个字/],
    ['emoji in the detail', { ...ADDRESS, detail: '体育西路 100 号 🏠' }, /详细地址不能包含表情符号/],
    ['emoji in the name', { ...ADDRESS, name: '张三😀' }, /收货人不能包含表情符号/],
    ['flag emoji', { ...ADDRESS, city: '广州🇨🇳' }, /城市不能包含表情符号/],
    ['a line break in the detail', { ...ADDRESS, detail: '体育西路\n100 号' }, /详细地址包含不可见字符或换行/],
    ['a zero-width char in the name', { ...ADDRESS, name: '张\u200b三' }, /收货人包含不可见字符或换行/],
    ['name too long', { ...ADDRESS, name: '张'.repeat(21) }, /收货人不能超过 20 个字/],
    ['a smuggled field', { ...ADDRESS, zip: '510000' }, /不支持的字段：zip/],
    ['an operator object for a field', { ...ADDRESS, phone: { $ne: '' } }, /请填写手机号/],
  ];
  test.each(cases)('%s → INVALID_ARGUMENT with a clear Chinese message, nothing written', async (_label, address, message) => {
    const before = await orders(t);
    const stock = await stockOf(t, rice);
    const res = await t.apiRaw('buyer', 'order.create', { items: [{ productId: rice, quantity: 1 }], ...(address === undefined ? {} : { address }) });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
    expect((res as { message: string }).message).toMatch(CHINESE);
    expect(await orders(t)).toEqual(before);
    expect(await stockOf(t, rice)).toBe(stock);
  });

  test('a good address is trimmed and snapshotted; a landline and a spaced mobile are accepted', async () => {
    const spaced = { ...ADDRESS, name: ' 张三 ', phone: '138 0013 8000' };
    const { orderId } = await t.api('buyer', 'order.create', { items: [{ productId: rice, quantity: 1 }], address: spaced });
    expect((await t.api('buyer', 'order.get', { orderId })).address).toEqual({ ...ADDRESS, name: '张三', phone: '13800138000' });
    const landline = await t.api('buyer', 'order.create', { items: [{ productId: rice, quantity: 1 }], address: { ...ADDRESS, phone: '020-87654321' } });
    expect((await t.api('buyer', 'order.get', { orderId: landline.orderId })).address.phone).toBe('020-87654321');
  });

  test('an all-virtual order needs no address; a mixed one does', async () => {
    const { orderId } = await t.api('buyer', 'order.create', { items: [{ productId: course, quantity: 1 }] });
    expect(await t.api('buyer', 'order.get', { orderId })).toMatchObject({ virtual: true, address: null });
    expect(await t.apiRaw('buyer', 'order.create', { items: [{ productId: course, quantity: 1 }, { productId: rice, quantity: 1 }] })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: '请填写收货地址',
    });
    expect((await t.api('buyer', 'product.get', { id: course })).virtual).toBe(true);
  });
});

describe('shipping', () => {
  let t: TestCloud;
  let rice: string;
  let course: string;
  beforeEach(async () => {
    t = startLocal();
    rice = (await t.admin('product.upsert', { title: '五常大米 5kg', priceFen: 8850, stock: 50, status: 'on' })).id;
    course = (await t.admin('product.upsert', { title: '冲煮课程', priceFen: 9900, stock: 50, status: 'on', virtual: true })).id;
  });
  afterEach(() => t.close());

  async function paidOrder(productId = rice, quantity = 2, withAddress = true) {
    const o = await t.api('buyer', 'order.create', { items: [{ productId, quantity }], ...(withAddress ? { address: ADDRESS } : {}) });
    await t.local.pay.pay(o.outTradeNo);
    return o.orderId as string;
  }
  const uploads = (outTradeNo: string) => t.local.openapi.acceptedUploads(outTradeNo).map((c) => c.params as UploadShippingInfoParams);

  test('a physical order ships with parcels or no logistics; WeChat gets the shipment (fields as upload_shipping_info wants)', async () => {
    const orderId = await paidOrder();
    expect(await t.adminRaw('order.ship', { orderId })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringContaining('快递单号') });
    expect(await t.adminRaw('order.ship', { orderId, parcels: [{ expressCompany: 'XYZ', trackingNo: 'SF1234567890' }] })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await t.adminRaw('order.ship', { orderId, parcels: [{ expressCompany: 'SF', trackingNo: '12' }] })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await t.adminRaw('order.ship', { orderId, parcels: [PARCEL], noLogistics: true })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect((await t.db.collection<OrderDoc>(C.orders).doc(orderId).get()).data.status).toBe('paid');

    const res = await t.admin('order.ship', { orderId, parcels: [PARCEL, { expressCompany: 'ZTO', trackingNo: '78123456789012' }] });
    expect(res).toMatchObject({ orderId, status: 'shipped', corrected: false, shippingRecord: { status: 'recorded', attempts: 1, lastError: '' } });
    const [body] = uploads(orderId);
    const order = (await t.db.collection<OrderDoc>(C.orders).doc(orderId).get()).data;
    expect(body).toMatchObject({
      order_key: { order_number_type: 2, transaction_id: order.transactionId },
      logistics_type: 1,
      delivery_mode: 2,
      is_all_delivered: true,
      payer: { openid: 'buyer' },
      upload_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/),
    });
    expect(body.shipping_list).toEqual([
      { tracking_no: PARCEL.trackingNo, express_company: 'SF', item_desc: '五常大米 5kg×2', contact: { receiver_contact: '138****8000' } },
      { tracking_no: '78123456789012', express_company: 'ZTO', item_desc: '五常大米 5kg×2' },
    ]);
    const view = await t.api('buyer', 'order.get', { orderId });
    expect(view.parcels.map((p: { expressName: string }) => p.expressName)).toEqual(['顺丰速运', '中通快递']);
    expect(view.wxConfirm).toEqual({ transaction_id: order.transactionId });

    const handed = await paidOrder();
    await t.admin('order.ship', { orderId: handed, noLogistics: true });
    expect(uploads(handed)[0]).toMatchObject({ logistics_type: 2, delivery_mode: 1, shipping_list: [{ item_desc: '五常大米 5kg×2' }] });
    expect((await t.api('buyer', 'order.get', { orderId: handed })).noLogistics).toBe(true);
  });

  test('a virtual order ships with neither, as virtual goods', async () => {
    const orderId = await paidOrder(course, 1, false);
    await t.admin('order.ship', { orderId });
    expect(uploads(orderId)[0]).toMatchObject({ logistics_type: 3, shipping_list: [{ item_desc: '冲煮课程×1' }] });
  });

  test('the shipping can be corrected once: WeChat gets the update, the timeline shows it, a second correction is refused', async () => {
    const orderId = await paidOrder();
    await t.admin('order.ship', { orderId, ...SHIP });
    expect((await t.admin('order.list', {})).items[0].canCorrectShipping).toBe(true);
    expect(await t.adminRaw('order.ship', { orderId, ...SHIP })).toMatchObject({ ok: false, code: 'CONFLICT', message: '物流信息没有变化' });
    t.local.clock.advance(60_000);
    const fixed = await t.admin('order.ship', { orderId, parcels: [{ expressCompany: 'YTO', trackingNo: 'YT7788990011223' }] });
    expect(fixed).toMatchObject({ corrected: true, shippingRecord: { status: 'recorded' } });
    expect(uploads(orderId).map((b) => b.shipping_list[0].tracking_no)).toEqual([PARCEL.trackingNo, 'YT7788990011223']);
    expect(await t.adminRaw('order.ship', { orderId, noLogistics: true })).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('修改过一次') });
    expect((await t.admin('order.list', {})).items[0].canCorrectShipping).toBe(false);
    const view = await t.api('buyer', 'order.get', { orderId });
    expect(view.parcels).toEqual([{ expressCompany: 'YTO', trackingNo: 'YT7788990011223', expressName: '圆通速递' }]);
    expect(view.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'paid', 'shipped', 'shippingCorrected']);
  });

  describe('recording with WeChat: retried by settle until accepted, exactly once per parcel list', () => {
    test('refused: the admin sees it as not recorded; settle retries (backing off) until WeChat accepts', async () => {
      const orderId = await paidOrder();
      t.local.openapi.failNext('uploadShippingInfo', 'refuse');
      const res = await t.admin('order.ship', { orderId, ...SHIP });
      expect(res.status).toBe('shipped');
      expect(res.shippingRecord).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(CHINESE) });
      const list = await t.admin('order.list', { unrecorded: true });
      expect(list.unrecordedCount).toBe(1);
      expect(list.items.map((o: { orderId: string }) => o.orderId)).toEqual([orderId]);

      // Not yet due: a run right away does not call WeChat.
      await t.local.trigger('settle');
      expect(t.local.openapi.shippingCalls.filter((c) => c.api === 'uploadShippingInfo')).toHaveLength(1);
      t.local.openapi.failNext('uploadShippingInfo', 'refuse');
      t.local.clock.advance(11 * 60_000);
      await t.local.trigger('settle');
      expect(t.local.openapi.shippingCalls.filter((c) => c.api === 'uploadShippingInfo')).toHaveLength(2);
      t.local.clock.advance(21 * 60_000);
      const { report } = (await t.local.trigger('settle')) as { report: { shippingRecorded: { done: number } } };
      expect(report.shippingRecorded.done).toBe(1);
      expect(uploads(orderId)).toHaveLength(1);
      expect((await t.admin('order.list', { unrecorded: true })).unrecordedCount).toBe(0);
      expect((await t.admin('order.list', {})).items[0].shippingRecord).toMatchObject({ status: 'recorded', attempts: 3, lastError: '' });
      // Later runs never send it again.
      t.local.clock.advance(7 * 24 * 3600_000);
      await t.local.trigger('settle');
      expect(t.local.openapi.shippingCalls.filter((c) => c.api === 'uploadShippingInfo')).toHaveLength(3);
    });

    test('lost before WeChat acted: settle asks WeChat, finds nothing, sends it once', async () => {
      const orderId = await paidOrder();
      t.local.openapi.failNext('uploadShippingInfo', 'before');
      expect((await t.admin('order.ship', { orderId, ...SHIP })).shippingRecord.status).toBe('pending');
      t.local.clock.advance(11 * 60_000);
      await t.local.trigger('settle');
      expect(t.local.openapi.shippingCalls.map((c) => `${c.api}:${c.outcome}`)).toEqual([
        'uploadShippingInfo:lost_before',
        'getShippingOrder:answered',
        'uploadShippingInfo:accepted',
      ]);
      expect(uploads(orderId)).toHaveLength(1);
    });

    test('lost after WeChat acted: settle finds it recorded at WeChat and does not send it again', async () => {
      const orderId = await paidOrder();
      t.local.openapi.failNext('uploadShippingInfo', 'after');
      expect((await t.admin('order.ship', { orderId, ...SHIP })).shippingRecord.status).toBe('pending');
      // The query itself lost once: still nothing sent twice.
      t.local.openapi.failNext('getShippingOrder', 'before');
      t.local.clock.advance(11 * 60_000);
      await t.local.trigger('settle');
      t.local.clock.advance(21 * 60_000);
      await t.local.trigger('settle');
      expect(t.local.openapi.shippingCalls.map((c) => `${c.api}:${c.outcome}`)).toEqual([
        'uploadShippingInfo:lost_after',
        'getShippingOrder:lost_before',
        'getShippingOrder:answered',
      ]);
      expect(uploads(orderId)).toHaveLength(1);
      expect((await t.admin('order.list', {})).items[0].shippingRecord.status).toBe('recorded');
    });

    test('overlapping settle runs call WeChat once', async () => {
      const ids = [await paidOrder(), await paidOrder(), await paidOrder()];
      for (const orderId of ids) {
        t.local.openapi.failNext('uploadShippingInfo', 'refuse');
        await t.admin('order.ship', { orderId, ...SHIP });
      }
      t.local.clock.advance(11 * 60_000);
      await Promise.all([t.local.trigger('settle'), t.local.trigger('settle'), t.local.trigger('settle')]);
      for (const orderId of ids) expect(uploads(orderId)).toHaveLength(1);
      expect(t.local.openapi.shippingCalls.filter((c) => c.api === 'uploadShippingInfo')).toHaveLength(6);
    });
  });

  describe("WeChat's confirm-receipt event (trade_manage_order_settlement) marks the order received", () => {
    test('pushed to payCallback, checked with get_order, applied once', async () => {
      const orderId = await paidOrder();
      await t.admin('order.ship', { orderId, ...SHIP });
      await t.local.wxConfirmReceipt(orderId);
      const order = (await t.db.collection<OrderDoc>(C.orders).doc(orderId).get()).data;
      expect(order).toMatchObject({ status: 'received', commissionSettled: false });
      // A repeat of the push changes nothing.
      t.local.clock.advance(60_000);
      const again = await t.local.invoke('payCallback', settlementEvent(orderId, order.transactionId!), { source: 'wx_unknown' });
      expect(again).toEqual({ errcode: 0, errmsg: 'not_shipped' });
      expect((await t.db.collection<OrderDoc>(C.orders).doc(orderId).get()).data.receivedAt).toBe(order.receivedAt);
    });

    test('cannot be forged: refused from the mini program, ignored when WeChat says the buyer has not confirmed', async () => {
      const orderId = await paidOrder();
      await t.admin('order.ship', { orderId, ...SHIP });
      const { transactionId } = (await t.db.collection<OrderDoc>(C.orders).doc(orderId).get()).data;
      const fromClient = await t.local.invoke('payCallback', settlementEvent(orderId, transactionId!), { openid: 'buyer', source: 'wx_client' });
      expect(fromClient).toMatchObject({ errcode: 1 });
      const unconfirmed = await t.local.invoke('payCallback', settlementEvent(orderId, transactionId!), { source: 'wx_unknown' });
      expect(unconfirmed).toEqual({ errcode: 0, errmsg: 'not confirmed by WeChat' });
      const wrongTx = await t.local.invoke('payCallback', settlementEvent(orderId, 'forged-transaction'), { source: 'wx_unknown' });
      expect(wrongTx).toEqual({ errcode: 0, errmsg: 'transaction mismatch' });
      expect((await t.db.collection<OrderDoc>(C.orders).doc(orderId).get()).data.status).toBe('shipped');
    });
  });
});

function settlementEvent(outTradeNo: string, transactionId: string) {
  return {
    ToUserName: 'gh_localshop',
    FromUserName: 'buyer',
    CreateTime: 1,
    MsgType: 'event',
    Event: 'trade_manage_order_settlement',
    transaction_id: transactionId,
    merchant_id: '1900000109',
    merchant_trade_no: outTradeNo,
    confirm_receive_method: 1,
  };
}
