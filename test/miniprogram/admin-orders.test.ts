import { ADMIN, createWorld, tap, text, texts, type World } from './support/harness';
import { ADDRESS } from './support/order-wx';
import { confirmDialog, pickAction, tapInside, typeInto } from './support/vant';

let w: World;
beforeEach(() => {
  w = createWorld();
});
afterEach(() => w.close());

// Needs the admin `order.list` action (API.md: `order.list` `{ status?, cursor? }`).
test('orders: ship a paid order, refund some units, then the rest', async () => {
  const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 5000, stock: 10, status: 'on', images: [], description: '' });
  const o = await w.cloud.api('bob', 'order.create', { items: [{ productId: id, quantity: 3 }], address: ADDRESS });
  await w.cloud.local.pay.pay(o.outTradeNo);
  await w.as(ADMIN);
  const p = await w.page('admin/pages/orders/index');
  expect(texts(p, '.order')).toHaveLength(1);
  expect(text(p, '.order')).toContain('待发货');
  await tap(w, p, '.ship');
  await tapInside(w, p.querySelector('.company'), '.van-cell');
  await pickAction(w, p, '#companies', '京东物流');
  await typeInto(w, p, '.tracking', 'JD0012345678');
  await confirmDialog(w, p, '#ship-dialog');
  expect(text(p, '.order')).toContain('已发货');
  expect(text(p, '.order')).toContain('京东物流 JD0012345678');
  p.instance.onPick({ currentTarget: { dataset: { order: o.orderId, product: id } }, detail: 1 });
  await tap(w, p, '.refund-some');
  await w.cloud.local.pay.idle();
  expect(w.log.toasts).toContain('已退款 ¥50.00');
  await tap(w, p, '.refund');
  await w.cloud.local.pay.idle();
  expect(w.log.toasts).toContain('已退款 ¥100.00');
  const bob = await w.cloud.api('bob', 'order.get', { orderId: o.orderId });
  expect(bob.refundedFen).toBe(15000);
});
