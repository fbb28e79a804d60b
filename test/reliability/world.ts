import { DAY_MS, shop, type Shop } from '../support/shop';
import { ADDRESS } from '../support/delivery';

export interface World extends Shop {
  /** Real ids of every kind, so a call with well-formed params reaches real records. */
  ids: {
    product: string;
    /** carol's orders. */
    received: string;
    paid: string;
    refunded: string;
    pending: string;
    /** bob's own order (bob is a distributor bound to alice). */
    bobOrder: string;
    /** bob's pending withdrawal. */
    withdrawal: string;
    material: string;
    aliceCode: string;
    /** bob's open after-sales request (1 of the 2 units of his second order, `bobOrder2`). */
    afterSale: string;
    bobOrder2: string;
  };
}

/**
 * A shop with real state in every collection: alice (top) → bob → carol, a settled order (bob has
 * available balance), a paid, a refunded, an unpaid order, bob's own order and pending withdrawal,
 * a material, a second distributor (dave), bob's open after-sales request and the day's counters.
 */
export async function seededShop(): Promise<World> {
  const s = await shop({ settings: { withdrawal: { dailyCount: 100 } } });
  const received = await s.buyReceived(2);
  s.local.clock.advance(7 * DAY_MS + 1000);
  await s.settle();
  const paid = await s.buy(1);
  const refunded = await s.buy(1);
  await s.admin('order.refund', { orderId: refunded });
  await s.local.pay.idle();
  const bobOrder = await s.buy(1, 'bob');
  const { orderId: pending } = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 1 }], address: ADDRESS });
  const { withdrawalId } = await s.api('bob', 'withdrawal.request', { amountFen: 500, channel: 'wechat' });
  const { id: material } = await s.admin('material.upsert', { title: '春茶', text: '明前龙井', images: [], status: 'on' });
  await s.api('dave', 'distributor.apply', {});
  const aliceCode = (await s.api('alice', 'user.login')).user.distributor.inviteCode as string;
  const bobOrder2 = await s.buy(2, 'bob');
  const { afterSaleId: afterSale } = await s.api('bob', 'afterSale.request', {
    orderId: bobOrder2,
    lines: [{ productId: s.productId, quantity: 1 }],
    reason: '不想要了',
  });
  return {
    ...s,
    ids: { product: s.productId, received, paid, refunded, pending, bobOrder, withdrawal: withdrawalId, material, aliceCode, afterSale, bobOrder2 },
  };
}
