import { dayKey, monthKey } from '../../server/core/time';
import { C, type CommissionDoc, type DistributorDoc, type OrderDoc, type UserDoc } from '../../server/repo/docs';
import { afterCursor } from '../../server/repo/paging';
import { opaqueId } from '../../server/rules/opaque-id';
import { plantDistributor, plantUser } from '../support/fixtures';
import { startLocal, type TestCloud } from '../support/local';
import { ADDRESS } from '../support/delivery';

type Item = Record<string, any>;

/** Every page of a paged action, checking the page size on the way. */
async function allPages(t: TestCloud, openid: string, action: string, params: object = {}): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await t.api(openid, action, { ...params, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(20);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const newestFirst = (a: { _id: string; createdAt: number }, b: { _id: string; createdAt: number }) =>
  b.createdAt - a.createdAt || (a._id < b._id ? 1 : -1);

function commission(over: Partial<CommissionDoc> & Pick<CommissionDoc, '_id' | 'beneficiaryOpenid' | 'buyerOpenid'>): CommissionDoc {
  return {
    orderId: 'O1',
    lineIndex: 0,
    productId: 'p',
    productTitle: '商品',
    level: 1,
    buyerNickname: over.buyerOpenid,
    rule: { mode: 'rate', bps: 1000 },
    perUnitFen: 10,
    quantity: 1,
    refundedQuantity: 0,
    amountFen: 10,
    status: 'frozen',
    createdAt: 1,
    availableAt: null,
    events: [],
    ...over,
  };
}

/** A → B → {C, D}: B earns level 1 on C and D, A level 2; both buy through the real flow. */
async function paidChain(t: TestCloud) {
  await plantDistributor(t.local, 'A');
  await plantDistributor(t.local, 'B', 'A');
  await plantUser(t.local, 'C', 'B');
  t.local.clock.advance(1000);
  await plantUser(t.local, 'D', 'B');
  const { id } = await t.admin('product.upsert', { title: '茶具', priceFen: 999, stock: 100, status: 'on' });
  const buy = async (buyer: string, quantity: number) => {
    const o = await t.api(buyer, 'order.create', { items: [{ productId: id, quantity }], address: ADDRESS });
    await t.local.pay.pay(o.outTradeNo);
    return o.orderId as string;
  };
  // 10% of 9.99 → 0.99 per unit; 5% → 0.49 per unit (floored per unit).
  const c1 = await buy('C', 3); // B +297, A +147
  t.local.clock.advance(1000);
  const d1 = await buy('D', 1); // B +99,  A +49
  t.local.clock.advance(1000);
  const b1 = await buy('B', 2); // A +198 (level 1 on B's own purchase)
  return { productId: id, c1, d1, b1 };
}

describe('distributor views: who may see them', () => {
  let t: TestCloud;
  beforeEach(() => {
    t = startLocal();
  });
  afterEach(() => t.close());

  test.each(['distributor.summary', 'distributor.commissions', 'distributor.orders'])(
    '%s is NOT_ELIGIBLE for a plain user and a pending applicant',
    async (action) => {
      await plantUser(t.local, 'plain');
      await plantDistributor(t.local, 'waiting', null, 'pending');
      for (const who of ['plain', 'waiting', 'never-seen']) {
        expect(await t.apiRaw(who, action)).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
      }
    },
  );

  test('distributor.team too, and its level is 1 or 2 only', async () => {
    await plantUser(t.local, 'plain');
    expect(await t.apiRaw('plain', 'distributor.team', { level: 1 })).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    await plantDistributor(t.local, 'B');
    expect(await t.apiRaw('B', 'distributor.team', { level: 3 })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await t.apiRaw('B', 'distributor.team', {})).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });
});

describe('distributor.summary', () => {
  let t: TestCloud;
  beforeEach(() => {
    t = startLocal();
  });
  afterEach(() => t.close());

  test('after real payments: frozen earnings, lifetime, today, month, team and promoted numbers', async () => {
    await paidChain(t);
    const b = await t.api('B', 'distributor.summary');
    expect(b).toMatchObject({
      status: 'active',
      inviteCode: expect.any(String),
      balance: { frozenFen: 297 + 99, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 },
      lifetimeFen: 396,
      todayFen: 396,
      monthFen: 396,
      promoted: { orders: 2, salesFen: 999 * 4 },
    });
    const a = await t.api('A', 'distributor.summary');
    expect(a.balance.frozenFen).toBe(147 + 49 + 198);
    expect(a.lifetimeFen).toBe(394);
    expect(a.todayFen).toBe(394);
  });

  test('reads the record as kept: today/month from the China-time keys, a debt shown negative, team counts', async () => {
    const now = t.local.clock.now();
    const d = await plantDistributor(t.local, 'B');
    const yesterday = dayKey(now - 86_400_000);
    await t.db.collection<DistributorDoc>(C.distributors).doc('B').update({
      data: {
        frozenFen: 1200,
        availableFen: -300,
        withdrawingFen: 500,
        withdrawnFen: 7000,
        lifetimeFen: 9100,
        earnByDay: { [dayKey(now)]: 120, ...(yesterday !== dayKey(now) ? { [yesterday]: 999 } : {}) },
        earnByMonth: { [monthKey(now)]: 1500, '200001': 77 },
        team: { level1: 3, level2: 11 },
        promoted: { orders: 4, salesFen: 45600 },
      },
    });
    expect(await t.api('B', 'distributor.summary')).toEqual({
      status: 'active',
      inviteCode: d.inviteCode,
      balance: { frozenFen: 1200, availableFen: -300, withdrawingFen: 500, withdrawnFen: 7000 },
      lifetimeFen: 9100,
      todayFen: 120,
      monthFen: 1500,
      team: { level1: 3, level2: 11 },
      promoted: { orders: 4, salesFen: 45600 },
      nextUnfreeze: null, // frozen money, but no commission record with a date (written directly here)
      // The shop has only the entry grade (the default): no next grade.
      grade: { id: 'g1', name: '普通分销商', color: null },
      nextGrade: null,
    });
    // A day later "today" is a new key: nothing earned yet.
    t.local.clock.advance(86_400_000);
    expect((await t.api('B', 'distributor.summary')).todayFen).toBe(0);
    // A disabled distributor still sees their numbers.
    await t.db.collection(C.distributors).doc('B').update({ data: { status: 'disabled' } });
    expect(await t.api('B', 'distributor.summary')).toMatchObject({ status: 'disabled', lifetimeFen: 9100 });
  });

  test('costs the same few database operations with 0 or 2,000 commission records', async () => {
    await plantDistributor(t.local, 'B');
    await t.api('B', 'distributor.summary'); // warm: the user record exists
    const before = await t.local.db.ops.measure(() => t.api('B', 'distributor.summary'));
    t.local.db.bulkInsert(
      C.commissions,
      Array.from({ length: 2000 }, (_, i) =>
        commission({ _id: `c${i}`, beneficiaryOpenid: 'B', buyerOpenid: `u${i % 50}`, createdAt: i }),
      ) as unknown as Array<Record<string, unknown>>,
    );
    const after = await t.local.db.ops.measure(() => t.api('B', 'distributor.summary'));
    expect(after.ops).toBe(before.ops);
    expect(after.ops).toBeLessThanOrEqual(3);
  });
});

describe('distributor.team', () => {
  let t: TestCloud;
  beforeEach(() => {
    t = startLocal();
  });
  afterEach(() => t.close());

  test('level 1 and level 2 members, newest first, with what I earned on each one’s own purchases', async () => {
    await paidChain(t);
    // Noise that must not count: my commission on a non-member, someone else's on my member.
    t.local.db.bulkInsert(C.commissions, [
      commission({ _id: 'x1', beneficiaryOpenid: 'B', buyerOpenid: 'stranger', amountFen: 5000 }),
      commission({ _id: 'x2', beneficiaryOpenid: 'Z', buyerOpenid: 'C', amountFen: 5000 }),
    ] as unknown as Array<Record<string, unknown>>);
    await t.db.collection(C.users).doc('D').update({ data: { nickname: '小D', avatarUrl: 'https://a.cn/d.png' } });

    // Members come with opaque ids (never openids): told apart here by recomputing them.
    const who = (viewer: string) => (m: Item) => ['A', 'B', 'C', 'D'].find((o) => opaqueId('m', viewer, o) === m.memberId);
    const l1 = await t.api('B', 'distributor.team', { level: 1 });
    expect(l1.nextCursor).toBeNull();
    expect(l1.items.map((m: Item) => [who('B')(m), m.contributionFen, m.isDistributor])).toEqual([
      ['D', 99, false],
      ['C', 297, false],
    ]);
    expect(l1.items[0]).toMatchObject({ nickname: '小D', avatarUrl: 'https://a.cn/d.png', joinedAt: expect.any(Number) });
    expect((await t.api('B', 'distributor.team', { level: 2 })).items).toEqual([]);

    const aL1 = await t.api('A', 'distributor.team', { level: 1 });
    expect(aL1.items.map((m: Item) => [who('A')(m), m.contributionFen, m.isDistributor])).toEqual([['B', 198, true]]);
    const aL2 = await t.api('A', 'distributor.team', { level: 2 });
    expect(aL2.items.map((m: Item) => [who('A')(m), m.contributionFen])).toEqual([
      ['D', 49],
      ['C', 147],
    ]);
  });

  test('paging 45 members joined in the same millisecond: each exactly once, in order', async () => {
    await plantDistributor(t.local, 'B');
    const now = t.local.clock.now();
    const members = Array.from({ length: 45 }, (_, i) => ({
      _id: `m${String(i).padStart(2, '0')}`,
      openid: `m${String(i).padStart(2, '0')}`,
      nickname: '',
      avatarUrl: '',
      createdAt: i < 30 ? now : now - 5,
      referrerOpenid: 'B',
      referrer2Openid: null,
      boundAt: now,
    })) satisfies UserDoc[];
    t.local.db.bulkInsert(C.users, members);
    const seen = (await allPages(t, 'B', 'distributor.team', { level: 1 })).map((m) => m.memberId);
    expect(seen).toEqual([...members].sort(newestFirst).map((m) => opaqueId('m', 'B', m._id)));
  });
});

describe('distributor.commissions', () => {
  let t: TestCloud;
  beforeEach(() => {
    t = startLocal();
  });
  afterEach(() => t.close());

  test('my records from real payments, with product and buyer; another distributor’s never', async () => {
    const { c1, d1 } = await paidChain(t);
    const items = await allPages(t, 'B', 'distributor.commissions');
    expect(items.map((c) => [c.orderId, c.level, c.amountFen, c.status, c.productTitle, c.buyerNickname])).toEqual([
      [d1, 1, 99, 'frozen', '茶具', 'D'],
      [c1, 1, 297, 'frozen', '茶具', 'C'],
    ]);
    expect(items[0]).toMatchObject({ id: `${d1}-0-L1`, availableAt: null, createdAt: expect.any(Number) });
    const a = await allPages(t, 'A', 'distributor.commissions');
    expect(a.map((c) => [c.level, c.amountFen])).toEqual([
      [1, 198],
      [2, 49],
      [2, 147],
    ]);
  });

  test('status filter and paging through ties', async () => {
    await plantDistributor(t.local, 'B');
    const docs = Array.from({ length: 50 }, (_, i) =>
      commission({
        _id: `O${String(i).padStart(2, '0')}-0-L1`,
        beneficiaryOpenid: i === 49 ? 'other' : 'B',
        buyerOpenid: 'C',
        status: i % 4 === 0 ? 'available' : 'frozen',
        createdAt: 1000 + (i % 3), // three groups of ties
      }),
    );
    t.local.db.bulkInsert(C.commissions, docs as unknown as Array<Record<string, unknown>>);
    const mine = docs.filter((d) => d.beneficiaryOpenid === 'B').sort(newestFirst);
    expect((await allPages(t, 'B', 'distributor.commissions')).map((c) => c.id)).toEqual(mine.map((d) => d._id));
    expect((await allPages(t, 'B', 'distributor.commissions', { status: 'available' })).map((c) => c.id)).toEqual(
      mine.filter((d) => d.status === 'available').map((d) => d._id),
    );
    expect(await t.apiRaw('B', 'distributor.commissions', { status: 'paid' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });
});

describe('distributor.orders (promoted orders)', () => {
  let t: TestCloud;
  beforeEach(() => {
    t = startLocal();
  });
  afterEach(() => t.close());

  test('orders that name me at level 1 or 2, with my commission on each; an unpaid one earns 0', async () => {
    const { productId, c1, d1, b1 } = await paidChain(t);
    t.local.clock.advance(1000);
    const unpaid = (await t.api('C', 'order.create', { items: [{ productId, quantity: 1 }], address: ADDRESS })).orderId;
    const a = await allPages(t, 'A', 'distributor.orders');
    expect(a.map((o) => [o.orderId, o.level, o.status, o.totalFen, o.commissionFen, o.buyerNickname])).toEqual([
      [unpaid, 2, 'pending', 999, 0, 'C'],
      [b1, 1, 'paid', 1998, 198, 'B'],
      [d1, 2, 'paid', 999, 49, 'D'],
      [c1, 2, 'paid', 2997, 147, 'C'],
    ]);
    const b = await allPages(t, 'B', 'distributor.orders');
    expect(b.map((o) => [o.orderId, o.level, o.commissionFen])).toEqual([
      [unpaid, 1, 0],
      [d1, 1, 99],
      [c1, 1, 297],
    ]);
    // C and D are not distributors: no promoted-orders view for them.
    expect(await t.apiRaw('C', 'distributor.orders')).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
  });

  test('paging merges level-1 and level-2 orders through ties: each exactly once, newest first', async () => {
    await plantDistributor(t.local, 'A');
    const orders = Array.from({ length: 47 }, (_, i) => {
      const id = `T${String(i).padStart(3, '0')}abc`;
      return {
        _id: id,
        outTradeNo: id,
        buyerOpenid: 'buyer',
        buyerNickname: '',
        status: 'paid',
        totalFen: 100,
        refundedFen: 0,
        lines: [],
        chain: i % 2 ? { level1: 'A', level2: 'top' } : i === 46 ? { level1: 'x', level2: 'y' } : { level1: 'B', level2: 'A' },
        firstOrder: false,
        createdAt: 5000 + (i % 4),
        payDeadline: 0,
        paidAt: 1,
        shippedAt: null,
        receivedAt: null,
        closedAt: null,
        transactionId: null,
      } satisfies OrderDoc;
    });
    t.local.db.bulkInsert(C.orders, orders);
    const seen = await allPages(t, 'A', 'distributor.orders');
    const expected = orders.filter((o) => o.chain.level1 === 'A' || o.chain.level2 === 'A').sort(newestFirst);
    expect(seen.map((o) => o.orderId)).toEqual(expected.map((o) => o._id));
    expect(seen.map((o) => o.level)).toEqual(expected.map((o) => (o.chain.level1 === 'A' ? 1 : 2)));
  });
});

test('every list query these views run is served by an index, with no sort step', () => {
  const t = startLocal();
  try {
    const db = t.local.db;
    const _ = db.command;
    const after = afterCursor(db, { createdAt: 5, id: 'x' });
    const order: Array<[string, 'asc' | 'desc']> = [
      ['createdAt', 'desc'],
      ['_id', 'desc'],
    ];
    const plans = [
      db.explain(C.users, _.and({ referrerOpenid: 'B' }, after), order),
      db.explain(C.users, _.and({ referrer2Openid: 'B' }, after), order),
      db.explain(C.commissions, _.and({ beneficiaryOpenid: 'B' }, after), order),
      db.explain(C.commissions, _.and({ beneficiaryOpenid: 'B', status: 'frozen' }, after), order),
      db.explain(C.commissions, { beneficiaryOpenid: 'B', orderId: _.in(['a', 'b']) }, [], 1000),
      db.explain(C.orders, _.and({ 'chain.level1': 'B' }, after), order),
      db.explain(C.orders, _.and({ 'chain.level2': 'B' }, after), order),
      db.explain(C.orders, _.and({ buyerOpenid: 'B' }, after), order),
      db.explain(C.orders, _.and({ buyerOpenid: 'B', status: 'paid' }, after), order),
      db.explain(C.products, _.and({ status: 'on' }, after), order),
      db.explain(C.products, after, order),
    ];
    for (const plan of plans) {
      expect(plan).toMatch(/USING INDEX ix_/);
      expect(plan).not.toMatch(/TEMP B-TREE|^SCAN/m);
    }
    const contribution = db.explain(C.commissions, { beneficiaryOpenid: 'B', buyerOpenid: _.in(['a', 'b']) }, [['_id', 'asc']], 1000);
    expect(contribution).toMatch(/USING INDEX ix_commissions_beneficiary_buyer/);
  } finally {
    t.close();
  }
});
