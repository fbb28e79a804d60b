import { C, type DailyStatsDoc } from '../../server/repo/docs';
import { startLocal, type TestCloud } from '../support/local';
import { DAY_MS, day, moveTo, tomorrowTen } from './helpers';
import { ADDRESS } from '../support/delivery';

const PRICE = 10_000; // ¥100: level 1 earns 10% = 1000 per unit, level 2 5% = 500 per unit

/**
 * A shop's history over five China-time days, made through the real actions (apply, bind,
 * order.create, WeChat Pay paying, admin refunds). D2 has nothing; the board asks for 7 days, so
 * the two days before D0 are empty too.
 */
async function seedHistory(t: TestCloud) {
  const d0 = moveTo(t, tomorrowTen(t));
  const { id: productId } = await t.admin('product.upsert', { title: '茶叶礼盒', priceFen: PRICE, stock: 1000, status: 'on' });
  const buy = async (buyer: string, quantity: number, pay = true) => {
    const { orderId, outTradeNo } = await t.api(buyer, 'order.create', { items: [{ productId, quantity }], address: ADDRESS });
    if (pay) await t.local.pay.pay(outTradeNo);
    return orderId as string;
  };
  const refund = async (orderId: string, lines?: Array<{ productId: string; quantity: number }>) => {
    await t.admin('order.refund', { orderId, ...(lines ? { lines } : {}) });
    await t.local.pay.idle();
  };

  // D0: alice and bob (under alice) become distributors; carol binds to bob; dave's code is wrong.
  const alice = await t.api('alice', 'distributor.apply', {});
  await t.api('bob', 'referral.bind', { code: alice.inviteCode });
  const bob = await t.api('bob', 'distributor.apply', {});
  await t.api('carol', 'referral.bind', { code: bob.inviteCode });
  await t.api('dave', 'referral.bind', { code: 'ZZZZZZ' });
  const carolFirst = await buy('carol', 2); // 20000: bob 2000 (L1), alice 1000 (L2); carol's first order
  await buy('erin', 1); // 10000, nobody's customer: a sale, not a distribution sale

  // D1: carol again (not a first order); frank binds to alice; one unit of D0's order refunded.
  moveTo(t, d0 + DAY_MS);
  const carolSecond = await buy('carol', 1); // 10000: bob 1000, alice 500
  await t.api('frank', 'referral.bind', { code: alice.inviteCode });
  await refund(carolFirst, [{ productId, quantity: 1 }]); // 10000 back

  // D2: nothing at all.
  // D3: frank's first order (alice is his level 1, no level 2); frank joins; carol's D1 order refunded whole.
  moveTo(t, d0 + 3 * DAY_MS);
  await buy('frank', 3); // 30000: alice 3000
  await t.api('frank', 'distributor.apply', {});
  await refund(carolSecond); // 10000 back
  await buy('carol', 5, false); // never paid: counts nowhere

  // D4 (today): alice scans her own code.
  moveTo(t, d0 + 4 * DAY_MS);
  await t.api('alice', 'referral.bind', { code: alice.inviteCode });
  return { d0 };
}

const zero = {
  salesFen: 0,
  orders: 0,
  distSalesFen: 0,
  distOrders: 0,
  commissionFen: 0,
  refundFen: 0,
  newDistributors: 0,
  newBindings: 0,
  scans: 0,
  firstOrders: 0,
  distShareBps: 0,
};

/** What each day should show, worked out by hand from seedHistory. */
function expectedSeries(d0: number) {
  return [
    { day: day(d0 - 2 * DAY_MS), ...zero },
    { day: day(d0 - DAY_MS), ...zero },
    {
      day: day(d0),
      ...zero,
      salesFen: 30000,
      orders: 2,
      distSalesFen: 20000,
      distOrders: 1,
      distShareBps: 6666, // 20000 / 30000, floored
      commissionFen: 3000,
      newDistributors: 2,
      newBindings: 2,
      scans: 3,
      firstOrders: 1, // erin's first order came through nobody
    },
    {
      day: day(d0 + DAY_MS),
      ...zero,
      salesFen: 10000,
      orders: 1,
      distSalesFen: 10000,
      distOrders: 1,
      distShareBps: 10000,
      commissionFen: 1500,
      refundFen: 10000,
      newBindings: 1,
      scans: 1,
    },
    { day: day(d0 + 2 * DAY_MS), ...zero },
    {
      day: day(d0 + 3 * DAY_MS),
      ...zero,
      salesFen: 30000,
      orders: 1,
      distSalesFen: 30000,
      distOrders: 1,
      distShareBps: 10000,
      commissionFen: 3000,
      refundFen: 10000,
      newDistributors: 1,
      firstOrders: 1,
    },
    { day: day(d0 + 4 * DAY_MS), ...zero, scans: 1 },
  ];
}

describe('admin dashboard: daily counters over China-time days', () => {
  let t: TestCloud;
  let d0: number;
  beforeAll(async () => {
    t = startLocal();
    ({ d0 } = await seedHistory(t));
  });
  afterAll(() => t.close());

  test('every day of the chosen range is present, oldest first, each number as computed by hand', async () => {
    const board = await t.admin('dashboard', { days: 7 });
    expect(board.from).toBe(day(d0 - 2 * DAY_MS));
    expect(board.to).toBe(day(d0 + 4 * DAY_MS));
    expect(board.series).toEqual(expectedSeries(d0));
  });

  test('totals, distribution share in bps and the funnel (scans → bindings → first orders)', async () => {
    const board = await t.admin('dashboard', { days: 7 });
    expect(board.totals).toEqual({
      salesFen: 70000,
      orders: 4,
      distSalesFen: 60000,
      distOrders: 3,
      distShareBps: 8571, // 60000 / 70000 = 85.71%
      commissionFen: 7500,
      refundFen: 20000,
      newDistributors: 3,
      newBindings: 3,
      scans: 5,
      firstOrders: 2,
    });
    expect(board.funnel).toEqual({ scans: 5, bindings: 3, firstOrders: 2, bindRateBps: 6000, orderRateBps: 6666 });
  });

  test('a shorter range only sums its own days', async () => {
    const board = await t.admin('dashboard', { days: 2 });
    expect(board.series.map((s: { day: string }) => s.day)).toEqual([day(d0 + 3 * DAY_MS), day(d0 + 4 * DAY_MS)]);
    expect(board.totals).toMatchObject({ salesFen: 30000, refundFen: 10000, scans: 1, newDistributors: 1 });
  });

  test('top distributors by lifetime commission net of refunds', async () => {
    const board = await t.admin('dashboard', { days: 7 });
    // alice: 1000 − 500 + 500 − 500 + 3000 = 3500; bob: 2000 − 1000 + 1000 − 1000 = 1000; frank earned nothing.
    expect(board.topDistributors.map((d: { rank: number; openid: string; lifetimeFen: number }) => [d.rank, d.openid, d.lifetimeFen])).toEqual([
      [1, 'alice', 3500],
      [2, 'bob', 1000],
    ]);
    expect(board.topDistributors[0].team).toEqual({ level1: 2, level2: 1 });
  });

  test('stats.rebuild recomputes the same numbers from the records', async () => {
    const live = await t.admin('dashboard', { days: 7 });
    const stats = t.db.collection<DailyStatsDoc>(C.statsDaily);
    const before = (await stats.orderBy('_id', 'asc').get()).data;
    // Lose the counters (as for days before the counters existed), then backfill.
    await stats.where({ salesFen: t.db.command.gte(0) }).remove();
    expect((await t.admin('dashboard', { days: 7 })).totals.salesFen).toBe(0);

    const res = await t.admin('stats.rebuild', { days: 7 });
    expect(res).toMatchObject({ from: day(d0 - 2 * DAY_MS), to: day(d0 + 4 * DAY_MS), days: 7 });
    expect(await t.admin('dashboard', { days: 7 })).toEqual(live);
    const after = (await stats.orderBy('_id', 'asc').get()).data;
    for (const doc of before) expect(after.find((d) => d._id === doc._id)).toEqual(doc);
  });

  test('days outside 1..90 or not whole are refused', async () => {
    for (const days of [0, 91, 1.5, '7']) {
      const res = await t.adminRaw('dashboard', { days });
      expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    }
    expect(await t.adminRaw('stats.rebuild', { days: 100 })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });
});
