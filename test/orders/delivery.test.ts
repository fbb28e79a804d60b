import { startLocal } from '../support/local';
import { ADDRESS, SHIP } from '../support/delivery';

describe('smoke', () => {
  it('buys with an address and ships with a parcel', async () => {
    const t = startLocal();
    const { id } = await t.admin('product.upsert', { title: '大米', priceFen: 1000, stock: 10, status: 'on' });
    const o = await t.api('u1', 'order.create', { items: [{ productId: id, quantity: 2 }], address: ADDRESS });
    await t.local.pay.pay(o.outTradeNo);
    const shipped = await t.admin('order.ship', { orderId: o.orderId, ...SHIP });
    expect(shipped.shippingRecord.status).toBe('recorded');
    const view = await t.api('u1', 'order.get', { orderId: o.orderId });
    expect(view.parcels[0].expressName).toBe('顺丰速运');
    const as = await t.api('u1', 'afterSale.request', { orderId: o.orderId, lines: [{ productId: id, quantity: 1 }], reason: '质量问题' });
    expect(as.refundFen).toBe(1000);
    const list = await t.admin('afterSale.list', {});
    expect(list.openCount).toBe(1);
    const ok = await t.admin('afterSale.approve', { afterSaleId: as.afterSaleId });
    expect(ok.refundFen).toBe(1000);
    await t.local.pay.idle();
    const after = await t.api('u1', 'order.get', { orderId: o.orderId });
    expect(after.refundedFen).toBe(1000);
    console.log(JSON.stringify(after.timeline));
    t.close();
  });
});
