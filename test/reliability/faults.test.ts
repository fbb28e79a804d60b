import { failEachOpThenRetry } from '../support/faults';
import { DAY_MS, L1_UNIT, L2_UNIT, shop, type Shop } from '../support/shop';
import { moneySnapshot } from '../support/snapshot';
import { counterMismatches } from './invariants';
import { ADDRESS, SHIP } from '../support/delivery';
import { foldPendingStats } from '../../server/repo/stats-fold';

/**
 * The settle run — the built bundle on the real wx-server-sdk, its database calls over the wire —
 * cut off at each database operation in turn, then run again by the next timer tick:
 * it must end exactly as one clean run. (The payment callback, the refund notification and
 * withdrawal.request go through the same sweep, `failEachOpThenRetry`, in test/payments and
 * test/lifecycle.)
 */
describe('settle: a run cut off anywhere, then the next run, ends as one clean run', () => {
  // One settle run through the real SDK per database operation: more than the default per-test budget.
  jest.setTimeout(300_000);
  /**
   * One run with all three jobs due at once: a received order past its freeze (unfreeze), a shipped
   * order past autoConfirmDays (auto-confirm), an unpaid order past its deadline (close).
   */
  async function dueWorld(): Promise<Shop & { ids: { received: string; shipped: string; unpaid: string } }> {
    const s = await shop({ settings: { settlement: { freezeDays: 7, autoConfirmDays: 7 } } });
    const received = await s.buyReceived(2);
    const shipped = await s.buy(1);
    await s.admin('order.ship', { orderId: shipped, ...SHIP });
    const { orderId: unpaid } = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 3 }], address: ADDRESS });
    s.local.clock.advance(7 * DAY_MS + 1000);
    // An earlier run folded those payments' day counters (the fold has its own sweep: contention.test.ts).
    await foldPendingStats(s.db);
    // The world is built through the direct door; the settle run under test meets the real SDK.
    await s.wire();
    return { ...s, ids: { received, shipped, unpaid } };
  }

  test('unfreeze + auto-confirm + close, each database operation failed in turn', async () => {
    const { ops } = await failEachOpThenRetry({
      setup: dueWorld,
      act: (s) => s.local.trigger('settle'),
      snapshot: (s) => moneySnapshot(s.local),
      check: async (s, n) => {
        // What the clean run does, stated once so the comparison above is against the right thing.
        expect({ n, received: (await s.order(s.ids.received)).status }).toEqual({ n, received: 'received' });
        expect({ n, shipped: (await s.order(s.ids.shipped)).status }).toEqual({ n, shipped: 'received' });
        expect({ n, unpaid: (await s.order(s.ids.unpaid)).status }).toEqual({ n, unpaid: 'closed' });
        expect({ n, bob: await s.balance('bob') }).toMatchObject({ n, bob: { frozen: L1_UNIT, available: 2 * L1_UNIT } });
        expect({ n, alice: await s.balance('alice') }).toMatchObject({ n, alice: { frozen: L2_UNIT, available: 2 * L2_UNIT } });
        expect({ n, stock: (await s.product(s.productId)).stock }).toEqual({ n, stock: 1000 - 3 });
        expect({ n, reconcile: (await s.reconcile()).ok }).toEqual({ n, reconcile: true });
        expect({ n, counters: await counterMismatches(s) }).toEqual({ n, counters: [] });
      },
    });
    // auto-confirm (read + guarded write), unfreeze (8), close (3), the queries and rankings.
    expect(ops).toBeGreaterThanOrEqual(15);
    // A fresh shop and a full reconcile per cut-off point: a guard against a hang, not a timing
    // (~45 s alone; the settle run's insights job adds its operations, and a full `npm test` on 2 cores runs slower).
  }, 300_000);
});
