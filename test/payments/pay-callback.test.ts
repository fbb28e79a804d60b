import { C, type CommissionDoc, type DistributorDoc, type OrderDoc, type DailyStatsDoc } from '../../server/repo/docs';
import { startLocal, type TestCloud } from '../support/local';
import { plantDistributor, plantOrder, plantUser } from '../support/fixtures';
import { failEachOpThenRetry } from '../support/faults';
import { moneySnapshot } from '../support/snapshot';
import { foldPendingStats } from '../../server/repo/stats-fold';

/** The money a payment leaves behind, for comparing runs (no timestamps, no generated ids). */
async function moneyState(t: TestCloud) {
  const db = t.local.db;
  const orders = (await db.collection<OrderDoc>(C.orders).orderBy('_id', 'asc').limit(1000).get()).data.map((o) => ({
    id: o._id,
    status: o.status,
  }));
  const commissions = (await db.collection<CommissionDoc>(C.commissions).orderBy('_id', 'asc').limit(1000).get()).data.map(
    (c) => ({ id: c._id, to: c.beneficiaryOpenid, level: c.level, amountFen: c.amountFen, status: c.status, events: c.events.length }),
  );
  const distributors = (await db.collection<DistributorDoc>(C.distributors).orderBy('_id', 'asc').limit(1000).get()).data.map(
    (d) => ({ id: d._id, frozenFen: d.frozenFen, availableFen: d.availableFen, lifetimeFen: d.lifetimeFen, promoted: d.promoted, earnByDay: d.earnByDay }),
  );
  await foldPendingStats(db); // the day's counters ride on the records until folded
  const stats = (await db.collection<DailyStatsDoc>(C.statsDaily).limit(1000).get()).data.map(({ _id, ...rest }) => ({ _id, ...rest }));
  return { orders, commissions, distributors, stats };
}

/** A (top) → B → buyer C: B is level 1, A level 2; Z above A must never earn. */
async function chain(t: TestCloud) {
  await plantDistributor(t.local, 'Z');
  await plantDistributor(t.local, 'A', 'Z');
  await plantDistributor(t.local, 'B', 'A');
  await plantUser(t.local, 'C', 'B');
}

const balance = async (t: TestCloud, openid: string) =>
  (await t.local.db.collection<DistributorDoc>(C.distributors).doc(openid).get()).data;

describe('payCallback: the commission split on payment', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = startLocal();
    await chain(t);
  });
  afterEach(() => t.close());

  test('an odd price floors per unit, then multiplies: level 1 and level 2 credited frozen, never a third level', async () => {
    const order = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 9999, quantity: 3 }]);
    const [res] = await t.local.pay.pay(order.outTradeNo);
    expect(res).toEqual({ errcode: 0, errmsg: 'paid' });

    // 10% of 99.99 is 9.999 → 9.99 per unit (floor), × 3; 5% → 4.99 per unit, × 3.
    const b = await balance(t, 'B');
    const a = await balance(t, 'A');
    const z = await balance(t, 'Z');
    expect([b.frozenFen, b.lifetimeFen, b.availableFen]).toEqual([2997, 2997, 0]);
    expect([a.frozenFen, a.lifetimeFen]).toEqual([1497, 1497]);
    expect([z.frozenFen, z.lifetimeFen]).toEqual([0, 0]);
    expect(b.promoted).toEqual({ orders: 1, salesFen: 29997 });

    const commissions = (await t.db.collection<CommissionDoc>(C.commissions).orderBy('level', 'asc').get()).data;
    expect(commissions.map((c) => [c._id, c.beneficiaryOpenid, c.level, c.perUnitFen, c.quantity, c.amountFen, c.status])).toEqual([
      [`${order._id}-0-L1`, 'B', 1, 999, 3, 2997, 'frozen'],
      [`${order._id}-0-L2`, 'A', 2, 499, 3, 1497, 'frozen'],
    ]);
    expect(commissions[0].rule).toEqual({ mode: 'rate', bps: 1000 });
    expect(commissions[0].events).toEqual([{ type: 'credit', at: expect.any(Number), frozenFen: 2997 }]);

    const paid = (await t.db.collection<OrderDoc>(C.orders).doc(order._id).get()).data;
    expect(paid.status).toBe('paid');
    expect(paid.transactionId).toMatch(/^42/);

    expect((await t.db.collection(C.statsDaily).count()).total).toBe(0); // not written by the payment
    expect(await foldPendingStats(t.db)).toEqual({ folded: 1, more: false });
    const [stats] = (await t.db.collection<DailyStatsDoc>(C.statsDaily).get()).data;
    expect(stats).toMatchObject({ salesFen: 29997, orders: 1, distSalesFen: 29997, distOrders: 1, commissionFen: 4494, firstOrders: 1 });
  });

  test('one commission record per beneficiary per line, each line floored on its own', async () => {
    const order = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [
      { unitFen: 1, quantity: 5 }, // 10% of 1 fen floors to 0: nothing to record
      { unitFen: 333, quantity: 2 }, // 33 and 16 per unit
      { unitFen: 10000, quantity: 1, rules: { level1: { mode: 'fixed', fen: 1500 }, level2: { mode: 'fixed', fen: 250 } } },
    ]);
    await t.local.pay.pay(order.outTradeNo);
    const ids = (await t.db.collection<CommissionDoc>(C.commissions).orderBy('_id', 'asc').get()).data.map((c) => [c._id.slice(-5), c.amountFen]);
    expect(ids).toEqual([
      ['-1-L1', 66],
      ['-1-L2', 32],
      ['-2-L1', 1500],
      ['-2-L2', 250],
    ]);
    expect((await balance(t, 'B')).frozenFen).toBe(1566);
    expect((await balance(t, 'A')).frozenFen).toBe(282);
  });

  test('a disabled or not-yet-active beneficiary earns nothing, and the share is not passed up', async () => {
    await t.db.collection(C.distributors).doc('B').update({ data: { status: 'disabled' } });
    const order = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 10000, quantity: 1 }]);
    await t.local.pay.pay(order.outTradeNo);
    expect((await balance(t, 'B')).frozenFen).toBe(0);
    expect((await balance(t, 'A')).frozenFen).toBe(500);
    expect((await balance(t, 'Z')).frozenFen).toBe(0);
  });

  test('a referrer who never became a distributor earns nothing', async () => {
    await plantUser(t.local, 'F'); // a plain user, bound as a referrer before the order
    const order = await plantOrder(t.local, 'C', { level1: 'F', level2: 'B' }, [{ unitFen: 10000, quantity: 1 }]);
    await t.local.pay.pay(order.outTradeNo);
    expect((await t.db.collection(C.commissions).count()).total).toBe(1);
    expect((await balance(t, 'B')).frozenFen).toBe(500);
  });

  test('an order without referrer pays no commission but still counts as a sale', async () => {
    await plantUser(t.local, 'D');
    const order = await plantOrder(t.local, 'D', { level1: null, level2: null }, [{ unitFen: 2500, quantity: 2 }]);
    await t.local.pay.pay(order.outTradeNo);
    expect((await t.db.collection(C.commissions).count()).total).toBe(0);
    expect((await t.db.collection(C.statsDaily).count()).total).toBe(0); // not written by the payment
    expect(await foldPendingStats(t.db)).toEqual({ folded: 1, more: false });
    const [stats] = (await t.db.collection<DailyStatsDoc>(C.statsDaily).get()).data;
    expect(stats).toMatchObject({ salesFen: 5000, orders: 1, distSalesFen: 0, distOrders: 0, commissionFen: 0, firstOrders: 0 });
  });

  test('a paid two-level order takes 7 database operations (no day counters in the transaction)', async () => {
    const order = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 100, quantity: 1 }]);
    const { ops } = await t.local.db.ops.measure(() => t.local.pay.pay(order.outTradeNo));
    expect(ops).toBe(7);
  });
});

describe('payCallback: exactly once', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = startLocal();
    await chain(t);
  });
  afterEach(() => t.close());

  test('8 duplicate notifications delivered at once credit the money once', async () => {
    const order = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 4321, quantity: 2 }]);
    const results = (await t.local.pay.pay(order.outTradeNo, 8, true)) as Array<{ errcode: number; errmsg: string }>;
    expect(results.every((r) => r.errcode === 0)).toBe(true);
    expect(results.filter((r) => r.errmsg === 'paid')).toHaveLength(1);
    expect(results.filter((r) => r.errmsg === 'duplicate')).toHaveLength(7);
    expect((await balance(t, 'B')).frozenFen).toBe(864);
    expect((await balance(t, 'A')).frozenFen).toBe(432);
    expect((await t.db.collection(C.commissions).count()).total).toBe(2);
  });

  test('repeated one after another, and again a day later, nothing is counted twice', async () => {
    const order = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 1000, quantity: 1 }]);
    await t.local.pay.pay(order.outTradeNo, 3);
    t.local.clock.advance(86_400_000);
    await t.local.pay.pay(order.outTradeNo);
    const state = await moneyState(t);
    expect(state.distributors.find((d) => d.id === 'B')?.frozenFen).toBe(100);
    const total = (k: 'orders' | 'salesFen' | 'commissionFen') => state.stats.reduce((s, d) => s + d[k], 0);
    expect([total('orders'), total('salesFen'), total('commissionFen')]).toEqual([1, 1000, 150]);
  });

  test('cut off at each database operation in turn, then retried, ends exactly as one clean delivery', async () => {
    const { ops } = await failEachOpThenRetry({
      setup: async () => {
        const f = startLocal();
        await chain(f);
        const order = await plantOrder(f.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 777, quantity: 3 }]);
        return Object.assign(f, { outTradeNo: order.outTradeNo });
      },
      act: (f) => f.local.pay.pay(f.outTradeNo), // the cut-off delivery throws: WeChat retries it
      afterCut: async (_f, n, result) => expect({ n, result: String(result) }).toEqual({ n, result: expect.stringMatching(/injected fault/) }),
      snapshot: (f) => moneySnapshot(f.local),
    });
    expect(ops).toBeGreaterThanOrEqual(7);
  });
});

describe('payCallback: trusted only from WeChat Pay', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = startLocal();
    await chain(t);
  });
  afterEach(() => t.close());

  const notification = (order: OrderDoc, totalFee = order.totalFen) => ({
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    outTradeNo: order.outTradeNo,
    transactionId: '4200000000000000000000000001',
    totalFee,
  });

  test('a mini program calling payCallback itself is refused and changes nothing', async () => {
    const order = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 1000, quantity: 1 }]);
    const res = await t.local.invoke('payCallback', notification(order), { openid: 'C', source: 'wx_client' });
    expect(res).toEqual({ errcode: 1, errmsg: expect.stringMatching(/FORBIDDEN/) });
    expect((await t.db.collection<OrderDoc>(C.orders).doc(order._id).get()).data.status).toBe('pending');
    expect((await t.db.collection(C.commissions).count()).total).toBe(0);
  });

  test('a notification WeChat Pay does not confirm (order not paid there) changes nothing', async () => {
    const order = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 1000, quantity: 1 }]);
    const res = await t.local.invoke('payCallback', notification(order), { source: 'wx_paycallback' });
    expect(res).toEqual({ errcode: 0, errmsg: 'not confirmed by WeChat Pay' });
    expect((await t.db.collection<OrderDoc>(C.orders).doc(order._id).get()).data.status).toBe('pending');
  });

  test('an amount that differs from the order total changes nothing', async () => {
    const order = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 1000, quantity: 1 }]);
    await t.local.pay.pay(order.outTradeNo); // really paid 1000
    const other = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 1000, quantity: 1 }]);
    // WeChat's side of `other` says 1000; a forged notice claims 1.
    await t.local.pay.pay(other.outTradeNo, 1);
    const before = await moneyState(t);
    const res = await t.local.invoke('payCallback', notification(other, 1), { source: 'wx_paycallback' });
    expect(res).toEqual({ errcode: 0, errmsg: 'not confirmed by WeChat Pay' });
    expect(await moneyState(t)).toEqual(before);
  });

  test('a failed payment, a malformed notice and an unknown order are acknowledged and change nothing', async () => {
    const order = await plantOrder(t.local, 'C', { level1: 'B', level2: 'A' }, [{ unitFen: 1000, quantity: 1 }]);
    const before = await moneyState(t);
    const failed = await t.local.invoke('payCallback', { ...notification(order), resultCode: 'FAIL' }, { source: 'wx_paycallback' });
    const malformed = await t.local.invoke('payCallback', { returnCode: 'SUCCESS', outTradeNo: { $ne: '' } }, { source: 'wx_paycallback' });
    const unknown = await t.local.invoke('payCallback', { ...notification(order), outTradeNo: 'NOSUCHORDER01' }, { source: 'wx_paycallback' });
    expect([failed, malformed, unknown].map((r) => (r as { errcode: number }).errcode)).toEqual([0, 0, 0]);
    expect(await moneyState(t)).toEqual(before);
  });
});
