import { shop } from '../support/shop';
import { ADDRESS } from '../support/delivery';

/** 已售 on the product page: units held by orders, given back when an order closes or is refunded. */
test('a product’s sold count follows orders, closes and refunds', async () => {
  const s = await shop({ stock: 10 });
  try {
    const sold = async () => (await s.api('carol', 'product.get', { id: s.productId })).sales as number;
    const stock = async () => (await s.api('carol', 'product.get', { id: s.productId })).stock as number;
    const paid = await s.buy(3);
    await s.api('dave', 'order.create', { items: [{ productId: s.productId, quantity: 2 }], address: ADDRESS }); // never paid
    expect([await sold(), await stock()]).toEqual([5, 5]);

    s.local.clock.advance(31 * 60_000); // past the pay timeout: the unpaid order closes
    await s.settle();
    expect([await sold(), await stock()]).toEqual([3, 7]);

    await s.admin('order.refund', { orderId: paid, lines: [{ productId: s.productId, quantity: 1 }] });
    await s.local.pay.idle();
    expect([await sold(), await stock()]).toEqual([2, 8]);
  } finally {
    s.close();
  }
});
