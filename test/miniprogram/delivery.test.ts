/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Delivery and after-sales on the pages, each step on its own: the checkout address (remembered,
 * changed, not asked for virtual goods), confirming receipt (WeChat's component or the shop's
 * button), the ship dialog (checks, parcels, no logistics, the one correction), the buyer's cancel,
 * the shop's rejection with a reason.
 */
import { ADMIN, createWorld, tap, text, texts, textOf, type World } from './support/harness';
import { confirmDialog, pickAction, renderedText, shown, tapInside, typeInto, waitFor } from './support/vant';
import { ADDRESS, PARCEL, installOrderWx, wechatAddress, type OrderWx } from './support/order-wx';

let w: World;
let wxo: OrderWx;
beforeEach(() => {
  w = createWorld();
  wxo = installOrderWx(w);
});
afterEach(() => w.close());

const last = <T>(xs: T[]) => xs[xs.length - 1];

async function product(title: string, priceFen: number, extra: object = {}): Promise<string> {
  const { id } = await w.cloud.admin('product.upsert', { title, priceFen, stock: 20, status: 'on', images: [], description: '', ...extra });
  return id;
}

/** A paid order of `buyer` (created with the test address), optionally shipped with one parcel. */
async function paidOrder(buyer: string, productId: string, quantity: number, ship?: 'SF' | 'none'): Promise<string> {
  const o = await w.cloud.api(buyer, 'order.create', { items: [{ productId, quantity }], address: ADDRESS });
  await w.cloud.local.pay.pay(o.outTradeNo);
  if (ship === 'SF') await w.cloud.admin('order.ship', { orderId: o.orderId, parcels: [{ expressCompany: 'SF', trackingNo: 'SF1000000001' }] });
  if (ship === 'none') await w.cloud.admin('order.ship', { orderId: o.orderId, noLogistics: true });
  return o.orderId;
}

describe('checkout address', () => {
  test('backing out of the address book buys nothing and says why', async () => {
    const id = await product('高山红茶', 12900);
    wxo.address = 'cancel';
    await w.as('bob');
    const page = await w.page('pages/product/index', { id });
    await tap(w, page, '#buy');
    expect(wxo.chooseAddressCalls).toBe(1);
    expect(w.log.toasts).toContain('请选择收货地址');
    expect((await w.cloud.api('bob', 'order.list', {})).items).toHaveLength(0);
  });

  test('the last address is remembered on the device and can be changed before the next order', async () => {
    const id = await product('高山红茶', 12900);
    await w.as('bob');
    const first = await w.page('pages/product/index', { id });
    await tap(w, first, '#buy');
    expect(w.storage.get('checkout.address')).toEqual(ADDRESS);

    // Next visit: the address is there already; the buyer changes it to the office.
    const second = await w.page('pages/product/index', { id });
    expect(text(second, '#address')).toContain('王小明 13800138000');
    wxo.address = wechatAddress({ ...ADDRESS, name: '李华', phone: '13912345678', city: '北京市', province: '北京市', district: '朝阳区', detail: '建国路 88 号' });
    await tap(w, second, '#address');
    expect(text(second, '#address')).toContain('李华 13912345678');
    expect(text(second, '#address')).toContain('北京市 朝阳区 建国路 88 号');
    await tap(w, second, '#buy');
    expect(wxo.chooseAddressCalls).toBe(2);
    const orders = (await w.cloud.api('bob', 'order.list', {})).items;
    expect(orders.map((o: any) => o.address.name).sort()).toEqual(['李华', '王小明']);
  });

  test('a virtual product (an online course) asks for no address', async () => {
    const id = await product('咖啡冲煮线上课', 9900, { virtual: true });
    await w.as('bob');
    const page = await w.page('pages/product/index', { id });
    expect(page.querySelector('#address')).toBeUndefined();
    expect(text(page, '#virtual')).toContain('无需收货地址');
    await tap(w, page, '#buy');
    expect(wxo.chooseAddressCalls).toBe(0);
    expect(w.log.toasts).toContain('支付成功');
    const [order] = (await w.cloud.api('bob', 'order.list', {})).items;
    expect(order).toMatchObject({ status: 'paid', address: null, virtual: true });
  });

  test('an address the server refuses (a bad phone) shows its message and places no order', async () => {
    const id = await product('高山红茶', 12900);
    wxo.address = wechatAddress({ ...ADDRESS, phone: '12345' });
    await w.as('bob');
    const page = await w.page('pages/product/index', { id });
    await tap(w, page, '#buy');
    expect(last(w.log.toasts)).toMatch(/手机号/);
    expect((await w.cloud.api('bob', 'order.list', {})).items).toHaveLength(0);
  });
});

describe('confirming receipt', () => {
  test('through WeChat’s confirm-receipt component where the base library has it', async () => {
    const orderId = await paidOrder('bob', await product('手工月饼', 5000), 1, 'SF');
    wxo.businessView.available = true;
    await w.as('bob');
    const page = await w.page('pages/order/index', { id: orderId });
    const wxConfirm = page.data.order.wxConfirm;
    expect(wxConfirm).toBeTruthy();
    await tap(w, page, '#confirm');
    expect(wxo.businessViewCalls).toEqual([{ businessType: 'weappOrderConfirm', extraData: wxConfirm }]);
    expect(w.log.modals).toHaveLength(0);
    expect(text(page, '#status')).toBe('已完成');
    expect(text(page, '#timeline')).toContain('已确认收货');
  });

  test('the component’s answer arriving with App.onShow (as WeChat documents it) confirms too', async () => {
    const orderId = await paidOrder('bob', await product('手工月饼', 5000), 1, 'SF');
    wxo.businessView = { available: true, answer: 'later' };
    // The app's own onShow, as app.ts registers it.
    let app: any = null;
    (globalThis as any).App = (config: any) => (app = config);
    w.require('app.js');
    await w.as('bob');
    const page = await w.page('pages/order/index', { id: orderId });
    const confirming = page.instance.onConfirm();
    await w.settle();
    expect(wxo.businessViewCalls).toHaveLength(1);
    expect(text(page, '#status')).toBe('已发货');
    app.onShow({ query: {}, referrerInfo: { appId: 'wx1183b055aeec94d1', extraData: { status: 'success', req_extradata: page.data.order.wxConfirm } } });
    await confirming;
    await w.settle();
    expect(text(page, '#status')).toBe('已完成');
  });

  test('backing out of WeChat’s component changes nothing', async () => {
    const orderId = await paidOrder('bob', await product('手工月饼', 5000), 1, 'SF');
    wxo.businessView = { available: true, answer: 'cancel' };
    await w.as('bob');
    const page = await w.page('pages/order/index', { id: orderId });
    await tap(w, page, '#confirm');
    expect(wxo.businessViewCalls).toHaveLength(1);
    expect(text(page, '#status')).toBe('已发货');
  });

  test('an older base library (no openBusinessView) confirms with the shop’s own button', async () => {
    const orderId = await paidOrder('bob', await product('手工月饼', 5000), 1, 'SF');
    await w.as('bob');
    const page = await w.page('pages/order/index', { id: orderId });
    await tap(w, page, '#confirm');
    expect(wxo.businessViewCalls).toHaveLength(0);
    expect(w.log.modals.map((m) => m.title)).toEqual(['确认收货']);
    expect(text(page, '#status')).toBe('已完成');
  });

  test('the component failing falls back to the shop’s confirmation', async () => {
    const orderId = await paidOrder('bob', await product('手工月饼', 5000), 1, 'SF');
    wxo.businessView = { available: true, answer: 'fail' };
    await w.as('bob');
    const page = await w.page('pages/order/index', { id: orderId });
    await tap(w, page, '#confirm');
    await waitFor(w, () => text(page, '#status') === '已完成', 'the order to be received');
    expect(w.log.modals.map((m) => m.title)).toEqual(['确认收货']);
  });
});

describe('the ship dialog', () => {
  test('says what is missing, ships several parcels, and allows one correction', async () => {
    const orderId = await paidOrder('bob', await product('手工月饼', 5000), 4);
    await w.as(ADMIN);
    const page = await w.page('admin/pages/orders/index');
    await tap(w, page, '.ship');
    await confirmDialog(w, page, '#ship-dialog');
    expect(renderedText(page, '#ship-error')).toBe('请选择快递公司并填写运单号，或选择无需物流');
    await typeInto(w, page, '.tracking', 'ZT-77');
    await tapInside(w, page.querySelector('.company'), '.van-cell');
    await pickAction(w, page, '#companies', '中通快递');
    await confirmDialog(w, page, '#ship-dialog');
    expect(renderedText(page, '#ship-error')).toContain('运单号');
    await typeInto(w, page, '.tracking', 'ZT7700000001');
    await tap(w, page, '#add-parcel');
    expect(page.querySelectorAll('.tracking')).toHaveLength(2);
    await tapInside(w, page.querySelectorAll('.company')[1], '.van-cell');
    await pickAction(w, page, '#companies', '圆通速递');
    await typeInto(w, page, '.tracking', 'YT8800000002', 1);
    await confirmDialog(w, page, '#ship-dialog');
    expect(w.log.toasts).toContain('已发货');
    const shipped = (await w.cloud.api('bob', 'order.get', { orderId })).parcels;
    expect(shipped).toMatchObject([
      { expressCompany: 'ZTO', trackingNo: 'ZT7700000001' },
      { expressCompany: 'YTO', trackingNo: 'YT8800000002' },
    ]);
    expect(texts(page, '.parcel')).toEqual(['中通快递 ZT7700000001', '圆通速递 YT8800000002']);

    // One correction: handed over in person after all.
    await tap(w, page, '.correct');
    await shown(w, page, '#ship-dialog', '.van-dialog__button');
    expect(renderedText(page, '#ship-dialog')).toContain('仅可修改一次');
    expect(page.querySelectorAll('.tracking')).toHaveLength(2);
    await tapInside(w, page.querySelector('#no-logistics'), '.van-switch');
    await confirmDialog(w, page, '#ship-dialog');
    expect(w.log.toasts).toContain('物流信息已修改');
    expect(text(page, '.order')).toContain('无需物流');
    expect(page.querySelector('.correct')).toBeUndefined();
    expect((await w.cloud.api('bob', 'order.get', { orderId })).noLogistics).toBe(true);
  });

  test('a shipment WeChat refused shows as not recorded, with its own tab and count, until the settle run gets it through', async () => {
    const orderId = await paidOrder('bob', await product('手工月饼', 5000), 1);
    w.cloud.local.openapi.failNext('uploadShippingInfo', 'refuse');
    await w.cloud.admin('order.ship', { orderId, parcels: [PARCEL] });
    await w.as(ADMIN);
    const page = await w.page('admin/pages/orders/index');
    expect(text(page, '.record')).toMatch(/^未同步微信发货信息（.+）$/);
    const tab = page.querySelector('#tabs').querySelectorAll('.van-tab').find((n: any) => textOf(n.dom).includes('未同步微信'));
    expect(textOf(tab.dom)).toBe('未同步微信 1'); // the title and vant's badge
    page.instance.onTab({ detail: { name: 'unrecorded' } });
    await w.settle();
    expect(texts(page, '.order')).toHaveLength(1);

    w.cloud.local.clock.advance(11 * 60_000);
    await w.cloud.local.trigger('settle');
    await page.instance.load(true);
    await w.settle();
    expect(text(page, '#state')).toContain('暂无订单');
    page.instance.onTab({ detail: { name: 'all' } });
    await w.settle();
    expect(text(page, '.record')).toBe('已同步微信发货信息');
  });

  test('a virtual order ships with nothing to fill in', async () => {
    const id = await product('咖啡冲煮线上课', 9900, { virtual: true });
    const o = await w.cloud.api('bob', 'order.create', { items: [{ productId: id, quantity: 1 }] });
    await w.cloud.local.pay.pay(o.outTradeNo);
    await w.as(ADMIN);
    const page = await w.page('admin/pages/orders/index');
    expect(text(page, '.order')).toContain('虚拟商品，无需收货地址');
    await tap(w, page, '.ship');
    await shown(w, page, '#ship-dialog', '.van-dialog__button');
    expect(renderedText(page, '#ship-dialog')).toContain('无需填写物流');
    expect(page.querySelector('.tracking')).toBeUndefined();
    await confirmDialog(w, page, '#ship-dialog');
    expect(w.log.toasts).toContain('已发货');
    expect((await w.cloud.api('bob', 'order.get', { orderId: o.orderId })).status).toBe('shipped');
  });
});

describe('after-sales, both sides', () => {
  test('the buyer withdraws an open request; the order offers after-sales again', async () => {
    const id = await product('手工月饼', 5000);
    const orderId = await paidOrder('bob', id, 2, 'SF');
    await w.cloud.api('bob', 'afterSale.request', { orderId, lines: [{ productId: id, quantity: 2 }], reason: '不想要了' });
    await w.as('bob');
    const orders = await w.page('pages/orders/index');
    expect(text(orders, '.order')).toContain('已发货 · 售后中');
    const order = await w.page('pages/order/index', { id: orderId });
    expect(text(order, '#status')).toContain('售后处理中');
    expect(order.querySelector('#aftersale')).toBeUndefined();
    const list = await w.page('aftersale/pages/list/index');
    expect(text(list, '.request')).toContain('处理中');
    await tap(w, list, '.cancel');
    expect(w.log.modals.map((m) => m.title)).toContain('撤销售后申请');
    expect(w.log.toasts).toContain('已撤销');
    expect(text(list, '.request')).toContain('已撤销');
    expect(list.querySelector('.cancel')).toBeUndefined();
    await order.instance.onShow();
    await w.settle();
    expect(text(order, '#aftersale')).toBe('申请售后');
  });

  test('the shop rejects with a reason the buyer reads; an empty reason is refused on the spot', async () => {
    const id = await product('手工月饼', 5000);
    const orderId = await paidOrder('bob', id, 1, 'SF');
    await w.cloud.api('bob', 'afterSale.request', { orderId, lines: [{ productId: id, quantity: 1 }], reason: '不想要了' });
    await w.as(ADMIN);
    const queue = await w.page('admin/pages/aftersales/index');
    await tap(w, queue, '.reject');
    await confirmDialog(w, queue, '#reject-dialog');
    expect(renderedText(queue, '#reject-reason')).toContain('请填写拒绝原因');
    await typeInto(w, queue, '#reject-reason', '商品已拆封使用，不支持无理由退货');
    await confirmDialog(w, queue, '#reject-dialog');
    expect(w.log.toasts).toContain('已拒绝');
    expect(text(queue, '#state')).toContain('没有待处理的售后');
    await w.as('bob');
    const list = await w.page('aftersale/pages/list/index');
    expect(text(list, '.request')).toContain('未通过：商品已拆封使用，不支持无理由退货');
  });

  test('the request form refuses to send without units or a reason', async () => {
    const id = await product('手工月饼', 5000);
    const orderId = await paidOrder('bob', id, 2, 'SF');
    await w.as('bob');
    const apply = await w.page('aftersale/pages/apply/index', { orderId });
    await apply.instance.onSubmit();
    expect(last(w.log.toasts)).toBe('请选择要退的商品件数');
    await tapInside(w, apply.querySelector('.qty'), '.van-stepper__plus');
    await tap(w, apply, '#submit');
    expect(last(w.log.toasts)).toBe('请选择售后原因');
    expect((await w.cloud.api('bob', 'afterSale.list', {})).items).toHaveLength(0);
  });

  test('sending the same form again (a lost answer, a second tap) makes one request; an edited form is a new one', async () => {
    const id = await product('手工月饼', 5000);
    const orderId = await paidOrder('bob', id, 3, 'SF');
    await w.as('bob');
    const apply = await w.page('aftersale/pages/apply/index', { orderId });
    await tapInside(w, apply.querySelector('.qty'), '.van-stepper__plus');
    await tap(w, apply, '#reason');
    await pickAction(w, apply, '#reasons', '不想要了');
    await tap(w, apply, '#submit');
    await tap(w, apply, '#submit');
    expect(w.log.toasts.filter((t) => t === '已提交，申请退款 ¥50.00')).toHaveLength(2);
    expect((await w.cloud.api('bob', 'afterSale.list', {})).items).toHaveLength(1);
    await tapInside(w, apply.querySelector('.qty'), '.van-stepper__plus');
    await tap(w, apply, '#submit');
    expect(w.log.toasts).toContain('已提交，申请退款 ¥100.00');
    expect((await w.cloud.api('bob', 'afterSale.list', {})).items.map((a: any) => a.refundFen).sort((a: number, b: number) => a - b)).toEqual([5000, 10000]);
  });

  test('an unpaid order offers no after-sales form, and says why', async () => {
    const id = await product('手工月饼', 5000);
    const o = await w.cloud.api('bob', 'order.create', { items: [{ productId: id, quantity: 1 }], address: ADDRESS });
    await w.as('bob');
    const apply = await w.page('aftersale/pages/apply/index', { orderId: o.orderId });
    expect(text(apply, '#notice')).toContain('这笔订单现在不能申请售后');
    expect(apply.querySelector('#submit')).toBeUndefined();
    expect(apply.querySelector('#retry')).toBeUndefined();
    const missing = await w.page('aftersale/pages/apply/index', { orderId: 'NO-SUCH-ORDER' });
    expect(text(missing, '#error')).toBeTruthy();
    expect(text(missing, '#retry')).toBe('重试');
  });

  test('the shop sets how long after receipt requests are taken; the order page says until when', async () => {
    await w.as(ADMIN);
    const settings = await w.page('admin/pages/settings/index');
    expect(settings.data.f.afterSalesDays).toBe('7');
    await typeInto(w, settings, '#afterSalesDays', '15');
    await tap(w, settings, '#save');
    expect(w.log.toasts).toContain('已保存');
    expect((await w.cloud.admin('settings.get', {})).settings.afterSalesDays).toBe(15);

    const orderId = await paidOrder('bob', await product('手工月饼', 5000), 1, 'SF');
    await w.cloud.api('bob', 'order.confirmReceipt', { orderId });
    await w.as('bob');
    const order = await w.page('pages/order/index', { id: orderId });
    const { receivedAt, afterSaleDeadline } = order.data.order;
    expect(afterSaleDeadline - receivedAt).toBe(15 * 24 * 3600_000);
    expect(text(order, '#aftersale-deadline')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d 前可申请售后$/);
    expect(text(order, '#aftersale')).toBe('申请售后');
  });

  test('an admin sees the waiting requests on 我的 → 管理后台', async () => {
    const id = await product('手工月饼', 5000);
    const orderId = await paidOrder('bob', id, 2, 'SF');
    await w.cloud.api('bob', 'afterSale.request', { orderId, lines: [{ productId: id, quantity: 1 }], reason: '不想要了' });
    await w.as(ADMIN);
    const me = await w.page('pages/me/index');
    expect(text(me, '#admin')).toContain('1 个售后待处理');
    await w.as('bob');
    const bobMe = await w.page('pages/me/index');
    expect(text(bobMe, '#aftersales')).toBe('退款/售后');
    expect(bobMe.querySelector('#admin')).toBeUndefined();
  });
});
