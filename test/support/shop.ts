import { DAY_MS } from '../../server/core/time';
import { C, type CommissionDoc, type DistributorDoc, type OrderDoc, type ProductDoc, type WithdrawalDoc } from '../../server/repo/docs';
import { startLocal, type TestCloud } from './local';
import { ADDRESS, SHIP } from './delivery';
import { startWired, wireUp } from './wired';

export { DAY_MS };
export const PRICE = 10_000; // ¥100: L1 10% = 1000 fen per unit, L2 5% = 500 fen per unit (default rates)
export const L1_UNIT = 1000;
export const L2_UNIT = 500;

/**
 * A shop built through the real actions: a product, distributor `alice` (L2), distributor `bob`
 * bound to alice (L1), and buyer `carol` bound to bob. `buy(qty)` places and pays an order.
 * With `wired`, the functions run as built on the real SDK; the test still owns the database.
 */
export async function shop(options: { stock?: number; settings?: object; wired?: boolean } = {}) {
  // wired: every call runs the built bundles on the real wx-server-sdk (test/support/wired.ts).
  const t = options.wired ? await startWired() : startLocal();
  if (options.settings) await t.admin('settings.update', options.settings);
  const { id: productId } = await t.admin('product.upsert', { title: '茶叶礼盒', priceFen: PRICE, stock: options.stock ?? 1000, status: 'on' });
  const alice = await t.api('alice', 'distributor.apply', {});
  await t.api('bob', 'referral.bind', { code: alice.inviteCode });
  const bob = await t.api('bob', 'distributor.apply', {});
  await t.api('carol', 'referral.bind', { code: bob.inviteCode });

  /**
   * Calls from now on run the built bundles on the real SDK (the shop so far was built through the
   * direct door): for tests whose step under test must meet the real SDK but whose fixture need not.
   */
  async function wire(): Promise<void> {
    if (t.local.wired) return;
    const { stop } = await wireUp(t.local);
    const close = t.close;
    t.close = () => {
      stop();
      close();
    };
  }

  async function buy(quantity = 1, buyer = 'carol'): Promise<string> {
    const { orderId, outTradeNo } = await t.api(buyer, 'order.create', { items: [{ productId, quantity }], address: ADDRESS });
    await t.local.pay.pay(outTradeNo);
    return orderId;
  }
  /** Paid, shipped and received now: commission due freezeDays (default 7) from now. */
  async function buyReceived(quantity = 1): Promise<string> {
    const orderId = await buy(quantity);
    await t.admin('order.ship', { orderId, ...SHIP });
    await t.api('carol', 'order.confirmReceipt', { orderId });
    return orderId;
  }
  return { ...t, productId, buy, buyReceived, wire, close: () => t.close(), ...readers(t) };
}

export function readers(t: TestCloud) {
  const db = t.db;
  return {
    distributor: async (openid: string) => (await db.collection<DistributorDoc>(C.distributors).doc(openid).get()).data,
    order: async (id: string) => (await db.collection<OrderDoc>(C.orders).doc(id).get()).data,
    product: async (id: string) => (await db.collection<ProductDoc>(C.products).doc(id).get()).data,
    commissions: async (orderId: string) =>
      (await db.collection<CommissionDoc>(C.commissions).where({ orderId }).get()).data.sort((a, b) => (a._id < b._id ? -1 : 1)),
    withdrawals: async (openid: string) => (await db.collection<WithdrawalDoc>(C.withdrawals).where({ openid }).get()).data,
    balance: async (openid: string) => {
      const d = (await db.collection<DistributorDoc>(C.distributors).doc(openid).get()).data;
      return { frozen: d.frozenFen, available: d.availableFen, withdrawing: d.withdrawingFen, withdrawn: d.withdrawnFen, lifetime: d.lifetimeFen };
    },
    settle: async () => (await t.local.trigger('settle')) as { ok: true; report: any },
    reconcile: async () => (await t.admin('reconcile')) as { ok: boolean; mismatches: any[] },
  };
}

export type Shop = Awaited<ReturnType<typeof shop>>;
