/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Orders a shop can fulfil, through the pages alone (issue 12): the buyer checks out with an
 * address, the shop ships with a tracking number, the buyer sees it and asks for part of the money
 * back, the shop approves, and the distributor's commission on those units is reversed.
 */
import { ADMIN, createWorld, tap, text, texts, textOf, type World } from './support/harness';
import { confirmDialog, pickAction, renderedText, shown, tapInside, typeInto, waitFor } from './support/vant';
import { ADDRESS, installOrderWx, type OrderWx } from './support/order-wx';

let w: World;
let wxo: OrderWx;
beforeEach(() => {
  w = createWorld();
  wxo = installOrderWx(w);
});
afterEach(() => w.close());

const last = <T>(xs: T[]) => xs[xs.length - 1];

test('buy with an address → ship with tracking → buyer sees it → asks for 1 of 3 back → shop approves → the distributor’s commission on it is reversed', async () => {
  // The shop: 手工月饼 at ¥50.00 (default level-1 rate 10%: ¥5.00 a unit); Alice promotes, Bob is her friend.
  const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 5000, stock: 20, status: 'on', images: [], description: '' });
  const alice = await w.cloud.api('alice', 'distributor.apply', {});
  await w.cloud.api('bob', 'referral.bind', { code: alice.inviteCode });

  // Bob buys 3: checkout asks WeChat's address book first, then pays.
  await w.as('bob');
  const product = await w.page('pages/product/index', { id });
  expect(text(product, '#address')).toContain('添加收货地址');
  await tapInside(w, product.querySelector('#qty-stepper'), '.van-stepper__plus');
  await tapInside(w, product.querySelector('#qty-stepper'), '.van-stepper__plus');
  expect(text(product, '#total')).toBe('¥150.00');
  await tap(w, product, '#buy');
  expect(wxo.chooseAddressCalls).toBe(1);
  expect(text(product, '#address')).toContain('王小明 13800138000');
  expect(text(product, '#address')).toContain('广东省 深圳市 南山区 科技园路 1 号 2 栋 301');
  expect(w.log.toasts).toContain('支付成功');
  const orderUrl = last(w.log.navigations);
  expect(orderUrl).toMatch(/^\/pages\/order\/index\?id=/);
  const orderId = orderUrl.split('id=')[1];
  expect((await w.cloud.api('bob', 'order.get', { orderId })).address).toEqual(ADDRESS);

  // The shop ships it with 顺丰 and a tracking number, from the ship dialog.
  await w.as(ADMIN);
  const orders = await w.page('admin/pages/orders/index');
  expect(text(orders, '.order')).toContain('待发货');
  expect(text(orders, '.order')).toContain('收货：王小明 13800138000');
  await tap(w, orders, '.ship');
  await shown(w, orders, '#ship-dialog', '.van-dialog__button');
  expect(renderedText(orders, '#ship-dialog')).toContain('确认发货');
  await tapInside(w, orders.querySelector('.company'), '.van-cell');
  await pickAction(w, orders, '#companies', '顺丰速运');
  expect(renderedText(orders, '.company')).toContain('顺丰速运');
  await typeInto(w, orders, '.tracking', 'SF1234567890');
  await confirmDialog(w, orders, '#ship-dialog');
  expect(w.log.toasts).toContain('已发货');
  expect(text(orders, '.order')).toContain('已发货');
  expect(text(orders, '.order')).toContain('顺丰速运 SF1234567890');

  // Bob sees the company and the tracking number (and copies it), the address and the history.
  await w.as('bob');
  const order = await w.page('pages/order/index', { id: orderId });
  expect(text(order, '#status')).toBe('已发货');
  expect(text(order, '.parcel')).toContain('顺丰速运');
  expect(text(order, '.parcel')).toContain('运单号 SF1234567890');
  await tap(w, order, '.copy');
  expect(w.log.clipboard).toEqual(['SF1234567890']);
  expect(text(order, '#address')).toContain('王小明 13800138000');
  const history = text(order, '#timeline');
  expect(history).toContain('付款成功');
  expect(history).toContain('商家已发货');
  expect(history).toContain('等待确认收货');

  // He asks for 1 of the 3 back: the stepper stops at what can still be refunded.
  await tap(w, order, '#aftersale');
  expect(last(w.log.navigations)).toBe(`/aftersale/pages/apply/index?orderId=${orderId}`);
  const apply = await w.page('aftersale/pages/apply/index', { orderId });
  expect(text(apply, '.line')).toContain('最多可退 3 件');
  expect(text(apply, '#refund')).toBe('¥0.00');
  const stepper = apply.querySelector('.qty');
  for (let i = 0; i < 5; i++) await tapInside(w, stepper, '.van-stepper__plus');
  expect(text(apply, '#refund')).toBe('¥150.00');
  expect(stepper.querySelector('.van-stepper__plus--disabled')).toBeTruthy();
  await tapInside(w, stepper, '.van-stepper__minus');
  await tapInside(w, stepper, '.van-stepper__minus');
  expect(text(apply, '#refund')).toBe('¥50.00');
  await tap(w, apply, '#reason');
  await pickAction(w, apply, '#reasons', '质量问题');
  expect(text(apply, '#reason')).toContain('质量问题');
  await typeInto(w, apply, '#note', '有一块压碎了');
  wxo.media = ['wxfile://tmp/crushed.png'];
  await tapInside(w, apply.querySelector('#photos'), '.van-uploader__upload');
  expect(apply.querySelector('#photos').querySelectorAll('.van-uploader__preview')).toHaveLength(1);
  await waitFor(w, () => apply.data.photos[0]?.status === 'done', 'the photo to upload');
  expect(apply.data.photos[0].fileID).toMatch(/^cloud:\/\/.+\/aftersales\/.+\.png$/);
  await tap(w, apply, '#submit');
  expect(w.log.toasts).toContain('已提交，申请退款 ¥50.00');
  expect(last(w.log.navigations)).toBe('/aftersale/pages/list/index');
  const mine = await w.page('aftersale/pages/list/index');
  expect(text(mine, '.request')).toContain('处理中');
  expect(text(mine, '.request')).toContain('手工月饼 × 1');
  expect(text(mine, '.request')).toContain('¥50.00');
  expect(mine.querySelectorAll('.photo')).toHaveLength(1);

  // Alice sees that commission held: 售后中.
  await w.as('alice');
  const commissions = await w.page('distributor/pages/commissions/index');
  expect(text(commissions, '.row-item')).toContain('售后中');
  expect(text(commissions, '.row-item')).toContain('+¥15.00');

  // The shop: a badge on the 售后 entry, the request first in the queue; it approves.
  await w.as(ADMIN);
  const dash = await w.page('admin/pages/dashboard/index');
  const entry = dash.querySelectorAll('.entry').find((n: any) => textOf(n.dom).includes('售后'));
  expect(textOf(entry.dom)).toContain('1');
  expect(text(dash, '#afterSalesOpen')).toBe('1');
  const queue = await w.page('admin/pages/aftersales/index');
  expect(texts(queue, '.request')).toHaveLength(1);
  expect(text(queue, '.request')).toContain('质量问题');
  expect(text(queue, '.request')).toContain('有一块压碎了');
  expect(text(queue, '.request')).toContain('¥50.00');
  expect(queue.querySelectorAll('.photo')).toHaveLength(1);
  await tap(w, queue, '.approve');
  await w.cloud.local.pay.idle();
  expect(w.log.modals.map((m) => m.content)).toContain('将原路退给买家 ¥50.00，相应的推广佣金一并扣回');
  expect(w.log.toasts).toContain('已同意，退款 ¥50.00');
  expect(text(queue, '#state')).toContain('没有待处理的售后');

  // Bob's money is back; the order says so.
  await w.as('bob');
  const after = await w.page('pages/order/index', { id: orderId });
  expect(text(after, '#refunded')).toContain('¥50.00');
  expect(text(after, '#timeline')).toContain('售后已同意，退款 ¥50.00');
  const mineAfter = await w.page('aftersale/pages/list/index');
  expect(text(mineAfter, '.request')).toContain('已同意退款');
  expect(mineAfter.querySelector('.cancel')).toBeUndefined();

  // Alice's commission on that unit is reversed: ¥15.00 → ¥10.00 frozen, no longer held.
  await w.as('alice');
  const center = await w.page('distributor/pages/center/index');
  expect(text(center, '#frozen')).toBe('¥10.00');
  const commissionsAfter = await w.page('distributor/pages/commissions/index');
  expect(text(commissionsAfter, '.row-item')).toContain('+¥10.00');
  expect(text(commissionsAfter, '.row-item')).not.toContain('售后中');
});
