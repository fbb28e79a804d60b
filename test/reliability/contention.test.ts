import { ADDRESS } from '../support/delivery';
import type { ApiResult } from '../../typings/api';
import { C, type CommissionDoc, type DailyStatsDoc, type OrderDoc, type RefundDoc, type UserDoc, type WithdrawalDoc } from '../../server/repo/docs';
import { foldPendingStats } from '../../server/repo/stats-fold';
import { failEachOpThenRetry } from '../support/faults';
import { DAY_MS, L1_UNIT, L2_UNIT, PRICE, shop, type Shop } from '../support/shop';
import { moneySnapshot } from '../support/snapshot';
import { all, counterMismatches } from './invariants';

/**
 * Requests that meet on one document, under the cloud's transaction rules (a write locks its
 * document; another transaction's write to it fails at once; reads are not validated): the caller
 * never sees INTERNAL, the money is right, and nothing is counted twice or lost. The withdrawals,
 * refunds and last-unit buyers run the built bundles on the real wx-server-sdk (`s.wire()`).
 */

/** Many requests in flight on one document: a guard against a hang, not a timing. */
const HEAVY = 120_000;

const codes = (results: Array<ApiResult<unknown>>) => results.flatMap((r) => (r.ok ? [] : [r.code]));

describe('contention: callers never see INTERNAL, money stays right', () => {
  let s: Shop;
  afterEach(() => s?.close());

  test.each([5, 20])('%i concurrent withdrawals of one user: never overdrawn, every one answered clearly', async (n) => {
    s = await shop({ settings: { withdrawal: { dailyCount: 100 } } });
    await s.buyReceived(5);
    s.local.clock.advance(7 * DAY_MS + 1000);
    await s.settle();
    expect((await s.balance('bob')).available).toBe(5 * L1_UNIT);
    await s.wire(); // the requests meet on the real SDK, over the wire

    const results = await Promise.all(
      Array.from({ length: n }, () => s.apiRaw('bob', 'withdrawal.request', { amountFen: L1_UNIT, channel: 'wechat' })),
    );
    // Refused for the balance, or (only when the meeting outlasts every retry) told to try again.
    expect(codes(results).filter((c) => c !== 'INSUFFICIENT_BALANCE' && c !== 'CONFLICT')).toEqual([]);
    for (const r of results) if (!r.ok && r.code === 'CONFLICT') expect(r.message).toMatch(/稍后重试/);
    const granted = results.filter((r) => r.ok).length;
    expect(granted).toBeGreaterThanOrEqual(1);
    expect(granted).toBeLessThanOrEqual(5);
    if (!codes(results).includes('CONFLICT')) expect(granted).toBe(Math.min(n, 5));
    const end = await s.balance('bob');
    expect(end).toMatchObject({ available: (5 - granted) * L1_UNIT, withdrawing: granted * L1_UNIT });
    const records = all<WithdrawalDoc>(s.local, C.withdrawals);
    expect(records.map((w) => w._id).sort()).toEqual(Array.from({ length: granted }, (_, i) => `W${i + 1}-bob`).sort());
    expect((await s.reconcile()).ok).toBe(true);
  }, HEAVY);

  test.each([10, 25])('%i concurrent one-unit refunds of one order: each unit refunded once, commission reversed exactly', async (n) => {
    s = await shop();
    const stock0 = (await s.product(s.productId)).stock;
    const orderId = await s.buy(n);
    await s.wire(); // the refunds and WeChat's notifications meet on the real SDK, over the wire
    const results = await Promise.all(
      Array.from({ length: n }, () => s.adminRaw('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 1 }] })),
    );
    await s.local.pay.idle(); // WeChat's refund notifications, redelivered until acknowledged
    // Every answer is a refund, or (only when the meeting outlasts every retry) "try again" —
    // which held nothing: asked again, one at a time, each of those completes too.
    expect(codes(results).filter((c) => c !== 'CONFLICT')).toEqual([]);
    const busy = results.filter((r) => !r.ok);
    for (const r of busy) expect(r.ok ? '' : r.message).toMatch(/稍后重试/);
    expect(all<RefundDoc>(s.local, C.refunds)).toHaveLength(n - busy.length);
    for (const _ of busy) await s.admin('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 1 }] });
    await s.local.pay.idle();
    const refunds = all<RefundDoc>(s.local, C.refunds);
    expect(refunds).toHaveLength(n);
    expect(refunds.every((r) => r.status === 'success' && r.refundFen === PRICE)).toBe(true);
    expect(new Set(refunds.map((r) => r._id)).size).toBe(n);

    const order = (await s.order(orderId))!;
    expect({ status: order.status, refundedFen: order.refundedFen, refunded: order.lines[0].refundedQuantity }).toEqual({
      status: 'refunded',
      refundedFen: n * PRICE,
      refunded: n,
    });
    const commissions = all<CommissionDoc>(s.local, C.commissions);
    for (const c of commissions) {
      const unit = c.level === 1 ? L1_UNIT : L2_UNIT;
      expect({ id: c._id, status: c.status, amountFen: c.amountFen, refunded: c.refundedQuantity }).toEqual({
        id: c._id,
        status: 'reversed',
        amountFen: 0,
        refunded: n,
      });
      // One credit, then exactly one reversal of one unit per refund.
      expect(c.events.map((e) => [e.type, e.frozenFen])).toEqual([['credit', n * unit], ...Array(n).fill(['reversal', -unit])]);
    }
    expect(await s.balance('bob')).toMatchObject({ frozen: 0, available: 0, lifetime: 0 });
    expect(await s.balance('alice')).toMatchObject({ frozen: 0, available: 0, lifetime: 0 });
    expect((await s.product(s.productId)).stock).toBe(stock0);
    expect((await s.reconcile()).ok).toBe(true);
  }, HEAVY);

  test('20 concurrent buyers of the last unit: one order, the others a clear refusal', async () => {
    s = await shop({ stock: 1 });
    await s.wire(); // the buyers meet on the real SDK, over the wire
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => s.apiRaw(`buyer${i}`, 'order.create', { items: [{ productId: s.productId, quantity: 1 }], address: ADDRESS })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) {
      if (r.ok) continue;
      expect(r.code).toBe('CONFLICT');
      expect(r.message).toMatch(/库存不足|下单人数较多/);
    }
    expect((await s.product(s.productId))!.stock).toBe(0);
    expect(all<OrderDoc>(s.local, C.orders)).toHaveLength(1);
  });

  test('mutual binds at the same moment (A→B and B→A): one binds, the other is refused, never a loop', async () => {
    s = await shop();
    const pairs = Array.from({ length: 8 }, (_, i) => [`ma${i}`, `mb${i}`] as const);
    const code: Record<string, string> = {};
    for (const [a, b] of pairs) {
      code[a] = (await s.api(a, 'distributor.apply', {})).inviteCode;
      code[b] = (await s.api(b, 'distributor.apply', {})).inviteCode;
    }
    const results = await Promise.all(
      pairs.flatMap(([a, b]) => [s.apiRaw(a, 'referral.bind', { code: code[b] }), s.apiRaw(b, 'referral.bind', { code: code[a] })]),
    );
    expect(codes(results)).toEqual([]);
    const users = new Map(all<UserDoc>(s.local, C.users).map((u) => [u._id, u]));
    for (const [i, [a, b]] of pairs.entries()) {
      const answers = [results[2 * i], results[2 * i + 1]].map((r) => (r.ok ? r.data : r)) as Array<{ bound: boolean; reason?: string }>;
      expect(answers.filter((x) => x.bound)).toHaveLength(1);
      expect(answers.filter((x) => !x.bound).map((x) => x.reason)).toEqual(['CYCLE']);
      expect([users.get(a)!.referrerOpenid, users.get(b)!.referrerOpenid].filter(Boolean)).toHaveLength(1);
    }
    // No user is its own ancestor.
    for (const u of users.values()) {
      const seen = new Set<string>([u._id]);
      for (let cur = u.referrerOpenid; cur; cur = users.get(cur)?.referrerOpenid ?? null) {
        expect(seen.has(cur)).toBe(false);
        seen.add(cur);
      }
    }
    expect(await counterMismatches(s)).toEqual([]);
  });
});

describe('the day counters: outside the money transactions, folded in exactly once', () => {
  const totals = (local: Shop['local']) => {
    const days = all<DailyStatsDoc>(local, C.statsDaily);
    const sum = (k: keyof DailyStatsDoc) => days.reduce((a, d) => a + Number(d[k] ?? 0), 0);
    return { orders: sum('orders'), salesFen: sum('salesFen'), commissionFen: sum('commissionFen'), refundFen: sum('refundFen') };
  };

  test('payments and refunds write no day counter; the fold adds them once, however often it runs', async () => {
    const s = await shop();
    try {
      const before = totals(s.local);
      const o1 = await s.buy(2);
      await s.buy(1);
      await s.admin('order.refund', { orderId: o1, lines: [{ productId: s.productId, quantity: 1 }] });
      await s.local.pay.idle();
      expect(totals(s.local)).toEqual(before);
      const [a, b] = await Promise.all([foldPendingStats(s.db), foldPendingStats(s.db)]);
      expect(a.folded + b.folded).toBe(3);
      await foldPendingStats(s.db);
      expect(totals(s.local)).toEqual({
        orders: before.orders + 2,
        salesFen: before.salesFen + 3 * PRICE,
        commissionFen: before.commissionFen + 3 * (L1_UNIT + L2_UNIT),
        refundFen: before.refundFen + PRICE,
      });
      expect(all<OrderDoc>(s.local, C.orders).filter((o) => o.statsPending)).toEqual([]);
    } finally {
      s.close();
    }
  });

  test('a fold cut off at each database operation, then the next run: every counter exactly once', async () => {
    const { ops } = await failEachOpThenRetry({
      setup: async () => {
        const w = await shop();
        const o1 = await w.buy(2);
        await w.buy(1);
        await w.admin('order.refund', { orderId: o1, lines: [{ productId: w.productId, quantity: 1 }] });
        await w.local.pay.idle();
        return w;
      },
      // The settle run's fold (what runs hourly), cut off; the next settle run completes it.
      act: (w) => foldPendingStats(w.db),
      snapshot: async (w) => ({ totals: totals(w.local), money: await moneySnapshot(w.local, [C.statsDaily, C.orders, C.refunds]) }),
      check: async (w) => {
        expect(all<OrderDoc>(w.local, C.orders).filter((o) => o.statsPending)).toEqual([]);
        expect(all<RefundDoc>(w.local, C.refunds).filter((r) => r.statsPending)).toEqual([]);
      },
    });
    expect(ops).toBeGreaterThanOrEqual(5);
  });
});
