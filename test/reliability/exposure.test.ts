import { ADDRESS, SHIP } from '../support/delivery';
import { apiActions } from '../../server/entries/api-actions';
import { ADMIN, startLocal, type TestCloud } from '../support/local';

/**
 * Other people's openids, phone numbers and real names are for admins only: no `api` answer, to
 * anyone, carries them (an outside attack run once collected 47 openids from the leaderboard).
 * A small shop with every kind of record, then every view each participant can ask for, scanned.
 */
const TOP = 'oTOP0000000000000000000001';
const MID = 'oMID0000000000000000000002';
const BUYER = 'oBUY0000000000000000000003';
const OTHER = 'oOTH0000000000000000000004';
const PEOPLE: Record<string, { realName: string; phone: string }> = {
  [TOP]: { realName: '王大锤', phone: '13900000001' },
  [MID]: { realName: '李小花', phone: '13900000002' },
  [OTHER]: { realName: '赵铁柱', phone: '13900000004' },
  // The buyer's delivery address (name and phone): the buyer's and the shop's, nobody else's.
  [BUYER]: { realName: ADDRESS.name, phone: ADDRESS.phone },
};

let t: TestCloud;
let productId: string;
let orderId: string;
let topCode: string;
let afterSaleId: string;
beforeAll(async () => {
  t = startLocal();
  productId = (await t.admin('product.upsert', { title: '茶叶', priceFen: 10000, stock: 100, status: 'on' })).id;
  await t.admin('material.upsert', { title: '春茶', text: '明前龙井', images: [], status: 'on', productId });
  const top = await t.api(TOP, 'distributor.apply', PEOPLE[TOP]);
  topCode = top.inviteCode;
  await t.api(MID, 'referral.bind', { code: top.inviteCode });
  const mid = await t.api(MID, 'distributor.apply', PEOPLE[MID]);
  await t.api(BUYER, 'referral.bind', { code: mid.inviteCode });
  await t.api(OTHER, 'distributor.apply', PEOPLE[OTHER]);
  for (const [who, name] of [[TOP, '大锤'], [MID, '小花'], [BUYER, '买家'], [OTHER, '铁柱']]) {
    await t.api(who, 'user.updateProfile', { nickname: name });
  }
  const o = await t.api(BUYER, 'order.create', { items: [{ productId, quantity: 2 }], address: ADDRESS });
  orderId = o.orderId;
  await t.local.pay.pay(o.outTradeNo);
  // Shipped with a parcel, and one unit asked back: after-sales records in every view too.
  await t.admin('order.ship', { orderId, ...SHIP });
  afterSaleId = (await t.api(BUYER, 'afterSale.request', { orderId, lines: [{ productId, quantity: 1 }], reason: '商品破损' })).afterSaleId;
  await t.local.trigger('settle');
});
afterAll(() => t.close());

/** Every view a participant can ask for, with params that reach real records. */
function calls(): Array<[string, object]> {
  const out: Array<[string, object]> = [
    ['user.login', {}],
    ['distributor.summary', {}],
    ['distributor.team', { level: 1 }],
    ['distributor.team', { level: 2 }],
    ['distributor.commissions', {}],
    ['distributor.orders', {}],
    ['distributor.poster', {}],
    ['distributor.poster', { productId }],
    ['product.list', {}],
    ['product.get', { id: productId }],
    ['order.list', {}],
    ['order.get', { orderId }],
    ['afterSale.list', {}],
    ['afterSale.cancel', { afterSaleId }],
    ['withdrawal.list', {}],
    ['withdrawal.rules', {}],
    ['material.list', {}],
    ['referral.bind', { code: 'ABCDEF' }],
    // the top's own code: refused for most, binds the one unbound viewer
    ['referral.bind', { code: topCode }],
  ];
  for (const by of ['commission', 'team']) for (const period of ['week', 'month', 'all']) out.push(['ranking.list', { by, period }]);
  // Actions added later are still asked (with no params): whatever they answer is scanned too.
  const named = new Set(out.map(([a]) => a));
  for (const action of Object.keys(apiActions)) if (!named.has(action)) out.push([action, {}]);
  return out;
}

describe.each([TOP, MID, BUYER, OTHER])('viewer %s', (viewer) => {
  test('no api answer carries another person’s openid, phone or real name', async () => {
    const others = [TOP, MID, BUYER, OTHER, ADMIN].filter((o) => o !== viewer);
    const secrets = others.flatMap((o) => [o, ...(PEOPLE[o] ? [PEOPLE[o].realName, PEOPLE[o].phone] : [])]);
    const leaks: string[] = [];
    for (const [action, params] of calls()) {
      const answer = JSON.stringify(await t.apiRaw(viewer, action, params));
      for (const s of secrets) if (answer.includes(s)) leaks.push(`${action} ${JSON.stringify(params)} → ${s}`);
    }
    expect(leaks).toEqual([]);
  });
});

test('the leaderboard shows rank, nickname, avatar and value, and the server marks the caller’s row', async () => {
  const board = await t.api(MID, 'ranking.list', { by: 'commission', period: 'all' });
  expect(board.items).toEqual([
    { rank: 1, nickname: '小花', avatarUrl: '', value: 2000, isMe: true },
    { rank: 2, nickname: '大锤', avatarUrl: '', value: 1000, isMe: false },
  ]);
  expect(board.me).toEqual({ rank: 1, value: 2000 });
  const seen = await t.api(TOP, 'ranking.list', { by: 'commission', period: 'all' });
  expect(seen.items.map((i: { isMe: boolean }) => i.isMe)).toEqual([false, true]);
});

test('team members come with an opaque id: stable for the viewer, not an openid', async () => {
  const a = await t.api(TOP, 'distributor.team', { level: 1 });
  const b = await t.api(TOP, 'distributor.team', { level: 1 });
  expect(a.items.length).toBeGreaterThan(0);
  for (const m of a.items) {
    expect(m).not.toHaveProperty('openid');
    expect(m.memberId).toMatch(/^m_[A-Za-z0-9_-]{16,}$/);
  }
  expect(a.items.map((m: { memberId: string }) => m.memberId)).toEqual(b.items.map((m: { memberId: string }) => m.memberId));
  expect(new Set(a.items.map((m: { memberId: string }) => m.memberId)).size).toBe(a.items.length);
  expect(a.items.map((m: { nickname: string }) => m.nickname)).toContain('小花');
  // Another viewer gets other ids for the same person: nothing to correlate across accounts.
  const mid = (await t.api(MID, 'distributor.team', { level: 1 })).items.map((m: { memberId: string }) => m.memberId);
  const top2 = (await t.api(TOP, 'distributor.team', { level: 2 })).items.map((m: { memberId: string }) => m.memberId);
  expect(mid.filter((x: string) => top2.includes(x))).toEqual([]);
});
