import { C, type InsightDoc, type VisitDoc } from '../../server/repo/docs';
import { failEachOpThenRetry } from '../support/faults';
import { DAY_MS, PRICE, shop, type Shop } from '../support/shop';
import { ADDRESS } from '../support/delivery';
import { startOfChinaDay } from '../../server/core/time';

const visits = async (s: Shop) => (await s.db.collection<VisitDoc>(C.visits).limit(1000).get()).data;
const insightDoc = async (s: Shop, openid: string) => (await s.db.collection<InsightDoc>(C.insights).where({ _id: openid }).limit(1).get()).data[0];
/** The document without the time it was computed at (the clock runs on between runs). */
const computed = ({ computedAt, ...rest }: InsightDoc) => (expect(computedAt).toBeGreaterThan(0), rest);

/** 10:00 China time tomorrow: the test's own seconds never cross a China midnight. */
function toTomorrowTen(s: Shop): number {
  const target = startOfChinaDay(s.local.clock.now()) + DAY_MS + 10 * 3_600_000;
  return s.local.clock.advance(target - s.local.clock.now());
}

describe('share.visit: one visit per visitor, sharer, product and day', () => {
  let s: Shop;
  let code: string;
  beforeEach(async () => {
    s = await shop();
    toTomorrowTen(s);
    code = (await s.api('bob', 'distributor.summary', {})).inviteCode ?? (await s.api('bob', 'user.login')).user.distributor.inviteCode;
  });
  afterEach(() => s.close());

  test('first open recorded, a repeat the same day not, the next day again; product and shop counted apart', async () => {
    expect(await s.api('dan', 'share.visit', { code, productId: s.productId, scene: 'card' })).toEqual({ recorded: true });
    expect(await s.api('dan', 'share.visit', { code, productId: s.productId, scene: 'poster' })).toEqual({ recorded: false });
    expect(await s.api('dan', 'share.visit', { code: code.toLowerCase() })).toEqual({ recorded: true }); // the shop, not the product
    s.local.clock.advance(DAY_MS);
    expect(await s.api('dan', 'share.visit', { code, productId: s.productId })).toEqual({ recorded: true });
    const v = await visits(s);
    expect(v).toHaveLength(3);
    expect(v.map((x) => [x.sharer, x.visitor, x.productId, x.scene]).sort()).toEqual(
      [
        ['bob', 'dan', s.productId, 'card'],
        ['bob', 'dan', null, 'card'],
        ['bob', 'dan', s.productId, 'card'],
      ].sort(),
    );
  });

  test('the sharer opening their own card, and an unknown code, record nothing and answer alike', async () => {
    expect(await s.api('bob', 'share.visit', { code, productId: s.productId })).toEqual({ recorded: false });
    expect(await s.api('dan', 'share.visit', { code: 'ZZZZZZ' })).toEqual({ recorded: false });
    expect(await s.api('dan', 'share.visit', { code: '??' })).toEqual({ recorded: false });
    expect(await visits(s)).toEqual([]);
    // Bad input is refused at the edge, nothing written.
    expect(await s.apiRaw('dan', 'share.visit', { code, productId: { $gt: '' } })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await s.apiRaw('dan', 'share.visit', {})).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await visits(s)).toEqual([]);
  });

  test('new visitor: their user record was made today; returning: made before', async () => {
    await s.api('ella', 'share.visit', { code, productId: s.productId }); // first sight: new
    await s.api('carol', 'share.visit', { code, productId: s.productId }); // known since yesterday
    const v = await visits(s);
    expect(Object.fromEntries(v.map((x) => [x.visitor, x.newVisitor]))).toEqual({ ella: true, carol: false });
  });

  test('the answer carries no openid of the sharer', async () => {
    const res = await s.apiRaw('dan', 'share.visit', { code, productId: s.productId });
    expect(JSON.stringify(res)).not.toContain('bob');
    expect(res).toEqual({ ok: true, data: { recorded: true } });
  });
});

/**
 * A small story (carol bound to bob the day before): bob shares; dan and ella open his product card, fay opens the shop; dan binds and
 * buys twice (11 days apart) — then carol (bound earlier) buys once.
 */
async function story(): Promise<Shop & { code: string }> {
  const s = await shop();
  toTomorrowTen(s);
  const code = (await s.api('bob', 'user.login')).user.distributor.inviteCode as string;
  await s.api('dan', 'share.visit', { code, productId: s.productId });
  await s.api('ella', 'share.visit', { code, productId: s.productId });
  await s.api('fay', 'share.visit', { code });
  await s.api('dan', 'referral.bind', { code });
  await s.buy(1, 'dan');
  s.local.clock.advance(11 * DAY_MS);
  await s.api('dan', 'share.visit', { code, productId: s.productId });
  await s.buy(2, 'dan');
  await s.buy(1, 'carol');
  return { ...s, code };
}

describe('share.visit on the real wx-server-sdk', () => {
  test('a repeat open: the SDK reports the duplicate as a generic -502001, the visit is found and not recorded twice', async () => {
    const s = await shop({ wired: true });
    try {
      const code = (await s.api('bob', 'user.login')).user.distributor.inviteCode as string;
      expect(await s.api('dan', 'share.visit', { code, productId: s.productId })).toEqual({ recorded: true });
      expect(await s.api('dan', 'share.visit', { code, productId: s.productId })).toEqual({ recorded: false });
      expect(await s.api('bob', 'share.visit', { code, productId: s.productId })).toEqual({ recorded: false });
      expect(await visits(s)).toHaveLength(1);
    } finally {
      s.close();
    }
  }, 60_000);
});

describe('funnel and insights from the settle run', () => {
  test('bob: 4 visits → 2 binds → 3 orders → ¥400; insight.get shape; the dashboard funnel and scorecard', async () => {
    const s = await story();
    try {
      // Before any settle run: computed on the fly, same numbers.
      const live = await s.api('bob', 'insight.get');
      await s.settle();
      const got = await s.api('bob', 'insight.get');
      // binds: carol (bound when the shop was set up, yesterday) and dan.
      expect(got.funnel).toEqual({ visits: 4, binds: 2, orders: 3, salesFen: 4 * PRICE });
      expect(live.funnel).toEqual(got.funnel);
      expect(Object.keys(got).sort()).toEqual(['bestHours', 'computedAt', 'funnel', 'suggestions']);
      expect(got.suggestions[0]).toEqual({ productId: s.productId, title: '茶叶礼盒', reason: expect.any(String), score: expect.any(Number) });
      // dan's two purchases after opening bob's card, both at 10:00 China time.
      expect(got.bestHours).toEqual([10]);
      const text = JSON.stringify(got);
      for (const who of ['dan', 'ella', 'fay', 'carol']) expect(text).not.toContain(who);
      // alice (level 2 of these orders): bob bound to her, no visits and no level-1 orders of her own.
      expect((await s.api('alice', 'insight.get')).funnel).toEqual({ visits: 0, binds: 1, orders: 0, salesFen: 0 });
      // Not a distributor: not eligible.
      expect(await s.apiRaw('dan', 'insight.get')).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });

      const dash = await s.admin('dashboard', { days: 30 });
      expect(dash.shareFunnel).toEqual({ visits: 4, binds: dash.totals.newBindings, orders: dash.totals.distOrders, salesFen: dash.totals.distSalesFen });
      expect(dash.scorecard).toEqual([
        { rank: 1, openid: 'bob', nickname: expect.any(String), visits: 4, orders: 3, salesFen: 4 * PRICE, conversionBps: 7500, refundBps: 0 },
      ]);
    } finally {
      s.close();
    }
  });

  test('repeated and overlapping settle runs write the same documents', async () => {
    const s = await story();
    try {
      await s.settle();
      const stored = await insightDoc(s, 'bob');
      const first = computed(stored);
      s.local.clock.advance(60_000);
      await Promise.all([s.settle(), s.settle()]);
      await s.settle();
      // Nothing changed: the document is left as it was (not even its time rewritten).
      expect(await insightDoc(s, 'bob')).toEqual(stored);
      // A new visit: the next run writes the new numbers.
      await s.api('hal', 'share.visit', { code: s.code });
      await s.settle();
      expect(computed(await insightDoc(s, 'bob'))).toEqual({ ...first, funnel: { ...first.funnel, visits: 5 }, newVisitors: first.newVisitors + 1 });
      expect((await s.db.collection(C.insights).count()).total).toBe(2); // alice and bob
    } finally {
      s.close();
    }
  });

  test('a settle run cut off at each database operation, then the next run, ends as one clean run', async () => {
    const { ops } = await failEachOpThenRetry({
      setup: story,
      act: (s) => s.settle(),
      // Product ids are generated per world: compared by name.
      snapshot: async (s) =>
        JSON.parse(
          JSON.stringify(
            (await s.db.collection<InsightDoc>(C.insights).limit(100).get()).data.sort((a, b) => (a._id < b._id ? -1 : 1)).map(computed),
          )
            .split(s.productId)
            .join('P'),
        ),
    });
    expect(ops).toBeGreaterThan(10);
  }, 300_000);
});

describe('an order placed through the shop by a visitor counts for the sharer', () => {
  test('visits of several products: the per-product funnel on the document', async () => {
    const s = await shop();
    try {
      const { id: other } = await s.admin('product.upsert', { title: '红糖姜茶', priceFen: 3000, stock: 100, status: 'on' });
      const code = (await s.api('bob', 'user.login')).user.distributor.inviteCode as string;
      await s.api('gus', 'share.visit', { code, productId: other });
      await s.api('gus', 'referral.bind', { code });
      const { outTradeNo } = await s.api('gus', 'order.create', { items: [{ productId: other, quantity: 1 }], address: ADDRESS });
      await s.local.pay.pay(outTradeNo);
      await s.settle();
      const doc = await insightDoc(s, 'bob');
      expect(doc.products.find((p) => p.productId === other)).toEqual({ productId: other, title: '红糖姜茶', visits: 1, orders: 1, salesFen: 3000 });
      expect(doc.suggestions[0].productId).toBe(other);
      expect(doc.suggestions[0].reason).toBe('你分享的红糖姜茶被打开 1 次，成交 1 单');
    } finally {
      s.close();
    }
  });
});

describe('the demo shop shows insights on first start', () => {
  test('小美: hundreds of visits, a bind, her promoted order, suggestions and the evening hour', async () => {
    const { seedDemo } = await import('../../local/seed-demo');
    const { startLocal, ADMIN } = await import('../support/local');
    const t = startLocal();
    try {
      await seedDemo(t.local, ADMIN);
      const mei = await t.api('demo-xiaomei', 'insight.get');
      expect(mei.funnel.visits).toBeGreaterThan(200);
      expect(mei.funnel).toMatchObject({ binds: 2, orders: 1, salesFen: 26800 + 3 * 3990 });
      expect(mei.suggestions.length).toBeGreaterThanOrEqual(3);
      expect(mei.bestHours).toEqual([20]);
      const qiang = await t.api('demo-aqiang', 'insight.get');
      expect(qiang.funnel).toMatchObject({ orders: 1, salesFen: 2 * 12900 });
      expect(qiang.bestHours).toEqual([12]);
      const dash = await t.admin('dashboard', { days: 30 });
      expect(dash.shareFunnel.visits).toBeGreaterThan(250);
      expect(dash.scorecard.map((r: { openid: string }) => r.openid)).toEqual(['demo-xiaomei', 'demo-aqiang']);
      // The tea her share sold comes first, for that reason.
      expect(mei.suggestions[0]).toMatchObject({ title: '武夷山大红袍 礼盒装', reason: expect.stringMatching(/^你分享的武夷山大红袍 礼盒装被打开 \d+ 次，成交 1 单$/) });
      expect(mei.suggestions.map((s: { title: string }) => s.title)).not.toContain('有机五常大米 5kg'); // sold out
    } finally {
      t.close();
    }
  });
});
