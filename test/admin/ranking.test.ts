import { C, type DistributorDoc } from '../../server/repo/docs';
import { plantDistributor } from '../support/fixtures';
import { startLocal, type TestCloud } from '../support/local';
import { DAY_MS, moveTo, wednesdayMidMonth } from './helpers';
import { ADDRESS } from '../support/delivery';

const PRICE = 10_000; // level 1 earns 1000 per unit, level 2 500

type Item = { rank: number; nickname: string; value: number; isMe: boolean };
/** Rows carry no openids: people are told apart by nickname (planted ones are named as their openid). */
const WHO: Record<string, string> = { 阿丽: 'alice', 小波: 'bob', 大卫: 'dave' };
const rows = (r: { items: Item[] }) => r.items.map((i) => [i.rank, WHO[i.nickname] ?? i.nickname, i.value]);

/**
 * Week 1 (a Wednesday): alice and bob open; u1 → alice buys 2, u2 → bob buys 3, carl joins under alice.
 * Week 2 (the Monday after, same month): dave opens, u4 → dave buys 1, carl buys 1 (alice is his level 1).
 */
async function seed(t: TestCloud) {
  const wed = moveTo(t, wednesdayMidMonth(t));
  const { id: productId } = await t.admin('product.upsert', { title: '坚果', priceFen: PRICE, stock: 1000, status: 'on' });
  const buy = async (buyer: string, quantity: number) => {
    const { orderId, outTradeNo } = await t.api(buyer, 'order.create', { items: [{ productId, quantity }], address: ADDRESS });
    await t.local.pay.pay(outTradeNo);
    return orderId as string;
  };
  const alice = await t.api('alice', 'distributor.apply', {});
  const bob = await t.api('bob', 'distributor.apply', {});
  await t.api('u1', 'referral.bind', { code: alice.inviteCode });
  await t.api('u2', 'referral.bind', { code: bob.inviteCode });
  await t.api('carl', 'referral.bind', { code: alice.inviteCode });
  await t.api('carl', 'distributor.apply', {});
  for (const [u, name] of [['alice', '阿丽'], ['bob', '小波'], ['dave', '大卫']]) {
    await t.api(u, 'user.updateProfile', { nickname: name });
  }
  await buy('u1', 2); // alice 2000
  await buy('u2', 3); // bob 3000

  moveTo(t, wed + 5 * DAY_MS); // Monday of the next week
  const dave = await t.api('dave', 'distributor.apply', {});
  await t.api('u4', 'referral.bind', { code: dave.inviteCode });
  await buy('u4', 1); // dave 1000
  const carlOrder = await buy('carl', 1); // alice 1000 (carl's own order: his referrer is level 1)
  return { productId, carlOrder };
}

describe('ranking.list: leaderboards with ties and the caller’s own rank', () => {
  let t: TestCloud;
  let carlOrder: string;
  beforeAll(async () => {
    t = startLocal();
    ({ carlOrder } = await seed(t));
    await t.local.trigger('settle');
  });
  afterAll(() => t.close());

  test('commission, all time: ties share a rank and the next rank skips (1, 1, 3)', async () => {
    const r = await t.api('bob', 'ranking.list', { by: 'commission', period: 'all' });
    expect(rows(r)).toEqual([
      [1, 'alice', 3000],
      [1, 'bob', 3000],
      [3, 'dave', 1000],
    ]);
    expect(r.items[0]).toMatchObject({ nickname: '阿丽', avatarUrl: '' });
    expect(r.items.map((i: Item) => i.isMe)).toEqual([false, true, false]);
    expect(r.items[0]).not.toHaveProperty('openid');
    expect(r.me).toEqual({ rank: 1, value: 3000 });
    // carl earned nothing: not ranked; u1 is not even a distributor.
    expect((await t.api('carl', 'ranking.list', { by: 'commission', period: 'all' })).me).toEqual({ rank: null, value: 0 });
    expect((await t.api('u1', 'ranking.list', { by: 'commission', period: 'all' })).me).toEqual({ rank: null, value: 0 });
  });

  test('commission, this week (Monday-based, China time) and this month, from the settle job', async () => {
    const week = await t.api('dave', 'ranking.list', { by: 'commission', period: 'week' });
    expect(rows(week)).toEqual([
      [1, 'alice', 1000],
      [1, 'dave', 1000],
    ]);
    expect(week.me).toEqual({ rank: 1, value: 1000 });
    expect((await t.api('bob', 'ranking.list', { by: 'commission', period: 'week' })).me).toEqual({ rank: null, value: 0 });
    const month = await t.api('dave', 'ranking.list', { by: 'commission', period: 'month' });
    expect(rows(month)).toEqual([
      [1, 'alice', 3000],
      [1, 'bob', 3000],
      [3, 'dave', 1000],
    ]);
    expect(month.me).toEqual({ rank: 3, value: 1000 });
  });

  test('team: all time is level 1 + level 2; week and month count members who joined in them', async () => {
    const all = await t.api('dave', 'ranking.list', { by: 'team', period: 'all' });
    expect(rows(all)).toEqual([
      [1, 'alice', 2], // u1, carl
      [2, 'bob', 1],
      [2, 'dave', 1],
    ]);
    expect(all.me).toEqual({ rank: 2, value: 1 });
    expect(rows(await t.api('dave', 'ranking.list', { by: 'team', period: 'week' }))).toEqual([[1, 'dave', 1]]);
    expect(rows(await t.api('dave', 'ranking.list', { by: 'team', period: 'month' }))).toEqual(rows(all));
  });

  test('a refund lowers the period boards at the next settle run; a repeated run changes nothing', async () => {
    await t.admin('order.refund', { orderId: carlOrder });
    await t.local.pay.idle();
    await t.local.trigger('settle');
    await t.local.trigger('settle');
    expect(rows(await t.api('dave', 'ranking.list', { by: 'commission', period: 'week' }))).toEqual([[1, 'dave', 1000]]);
    expect(rows(await t.api('dave', 'ranking.list', { by: 'commission', period: 'month' }))).toEqual([
      [1, 'bob', 3000],
      [2, 'alice', 2000],
      [3, 'dave', 1000],
    ]);
    expect(rows(await t.api('dave', 'ranking.list', { by: 'commission', period: 'all' }))).toEqual([
      [1, 'bob', 3000],
      [2, 'alice', 2000],
      [3, 'dave', 1000],
    ]);
  });

  test('bad board names are refused', async () => {
    expect(await t.apiRaw('bob', 'ranking.list', { by: 'sales', period: 'all' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await t.apiRaw('bob', 'ranking.list', { by: 'team', period: 'year' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });
});

describe('ranking.list: the top 50 and a caller far below it', () => {
  test('61 distributors: 50 listed with competition ranks, the caller’s rank counted from those ahead', async () => {
    const t = startLocal();
    try {
      // d01..d60 earned 100 × i fen; d61 ties d60 at the top.
      for (let i = 1; i <= 61; i++) {
        const openid = `d${String(i).padStart(2, '0')}`;
        await plantDistributor(t.local, openid);
        await t.db.collection<DistributorDoc>(C.distributors).doc(openid).update({ data: { lifetimeFen: 100 * Math.min(i, 60) } });
      }
      const r = await t.api('d05', 'ranking.list', { by: 'commission', period: 'all' });
      expect(r.items).toHaveLength(50);
      expect(rows(r).slice(0, 4)).toEqual([
        [1, 'd60', 6000],
        [1, 'd61', 6000],
        [3, 'd59', 5900],
        [4, 'd58', 5800],
      ]);
      expect(rows(r)[49]).toEqual([50, 'd12', 1200]);
      // ahead of d05 (500): d06..d61 = 56 distributors
      expect(r.me).toEqual({ rank: 57, value: 500 });
      expect((await t.api('d60', 'ranking.list', { by: 'commission', period: 'all' })).me).toEqual({ rank: 1, value: 6000 });
    } finally {
      t.close();
    }
  });
});
