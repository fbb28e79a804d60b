import type { Settings } from '../../typings/api';
import { C, type OrderDoc, type ProductDoc, type UserDoc } from '../../server/repo/docs';
import { DEFAULT_SETTINGS } from '../../server/rules/settings';
import { plantDistributor, plantUser } from '../support/fixtures';
import { startLocal, type TestCloud } from '../support/local';
import { ADDRESS } from '../support/delivery';

const product = (over: object = {}) => ({ title: '手冲壶', priceFen: 999, stock: 10, status: 'on' as const, ...over });

async function setSettings(t: TestCloud, patch: Partial<Settings>) {
  await t.db.collection(C.settings).doc('global').set({ data: { ...DEFAULT_SETTINGS, ...patch, updatedAt: 0 } });
}
const stockOf = async (t: TestCloud, id: string) =>
  (await t.db.collection<ProductDoc>(C.products).doc(id).get()).data.stock;
const orderDoc = async (t: TestCloud, id: string) => (await t.db.collection<OrderDoc>(C.orders).doc(id).get()).data;
const orderCount = async (t: TestCloud) => (await t.db.collection(C.orders).count()).total;

describe('order.create', () => {
  let t: TestCloud;
  let p1: string;
  let p2: string;
  beforeEach(async () => {
    t = startLocal();
    p1 = (await t.admin('product.upsert', product({ images: ['cloud://env/a.png'] }))).id;
    p2 = (await t.admin('product.upsert', product({ title: '滤纸', priceFen: 1550, stock: 3 }))).id;
  });
  afterEach(() => t.close());

  test('reserves stock, fixes prices and rules onto the order, and opens the trade with WeChat Pay', async () => {
    const res = await t.api('buyer', 'order.create', { items: [{ productId: p1, quantity: 2 }, { productId: p2, quantity: 3 }], address: ADDRESS });
    expect(res.orderId).toBe(res.outTradeNo);
    expect(res.outTradeNo).toMatch(/^[A-Za-z0-9_-]{6,32}$/);
    expect(res.totalFen).toBe(999 * 2 + 1550 * 3);
    expect(res.payment).toMatchObject({ package: expect.stringMatching(/^prepay_id=/), paySign: expect.any(String) });
    expect(await stockOf(t, p1)).toBe(8);
    expect(await stockOf(t, p2)).toBe(0);

    const trade = t.local.pay.trade(res.outTradeNo);
    expect(trade).toMatchObject({ totalFee: res.totalFen, functionName: 'payCallback', subOpenid: 'buyer', state: 'NOTPAY' });

    const view = await t.api('buyer', 'order.get', { orderId: res.orderId });
    expect(view).toMatchObject({ status: 'pending', totalFen: res.totalFen, refundedFen: 0, paidAt: null });
    expect(view.lines).toEqual([
      { productId: p1, title: '手冲壶', image: 'cloud://env/a.png', quantity: 2, unitFen: 999, refundedQuantity: 0, virtual: false, afterSaleQuantity: 0, requestableQuantity: 2 },
      { productId: p2, title: '滤纸', image: '', quantity: 3, unitFen: 1550, refundedQuantity: 0, virtual: false, afterSaleQuantity: 0, requestableQuantity: 3 },
    ]);
    // The address is snapshotted onto the order; an unpaid order offers no after-sales.
    expect(view.address).toEqual(ADDRESS);
    expect(view).toMatchObject({ virtual: false, parcels: [], canRequestAfterSale: false, wxConfirm: null });
    expect(view.payDeadline - view.createdAt).toBe(30 * 60_000);

    const doc = await orderDoc(t, res.orderId);
    // default rates 10% / 5%: the rule in force at creation travels with the line.
    expect(doc.lines[0].rules).toEqual({ level1: { mode: 'rate', bps: 1000 }, level2: { mode: 'rate', bps: 500 } });
    expect(doc.firstOrder).toBe(true);
    expect(doc.chain).toEqual({ level1: null, level2: null });
  });

  test('a fixed override and a later settings change: the order keeps the rules of its creation', async () => {
    const fixed = (await t.admin('product.upsert', product({ commission: { mode: 'fixed', level1Fen: 120, level2Fen: 60 } }))).id;
    const { orderId } = await t.api('buyer', 'order.create', { items: [{ productId: fixed, quantity: 1 }, { productId: p1, quantity: 1 }], address: ADDRESS });
    await setSettings(t, { rates: { level1Bps: 2000, level2Bps: 0 } });
    const doc = await orderDoc(t, orderId);
    expect(doc.lines.map((l) => l.rules)).toEqual([
      { level1: { mode: 'fixed', fen: 120 }, level2: { mode: 'fixed', fen: 60 } },
      { level1: { mode: 'rate', bps: 1000 }, level2: { mode: 'rate', bps: 500 } },
    ]);
  });

  test.each([
    ['no items', () => ({ items: [] })],
    ['quantity 0', (a: string) => ({ items: [{ productId: a, quantity: 0 }] })],
    ['quantity 100', (a: string) => ({ items: [{ productId: a, quantity: 100 }] })],
    ['fractional quantity', (a: string) => ({ items: [{ productId: a, quantity: 1.5 }] })],
    ['quantity as a string', (a: string) => ({ items: [{ productId: a, quantity: '1' }] })],
    ['negative quantity', (a: string) => ({ items: [{ productId: a, quantity: -3 }] })],
    ['duplicate products', (a: string) => ({ items: [{ productId: a, quantity: 1 }, { productId: a, quantity: 1 }] })],
    ['21 items', () => ({ items: Array.from({ length: 21 }, (_, i) => ({ productId: `p${i}`, quantity: 1 })) })],
    ['an operator object as productId', () => ({ items: [{ productId: { $ne: '' }, quantity: 1 }] })],
    ['an extra field on an item', (a: string) => ({ items: [{ productId: a, quantity: 1, unitFen: 1 }] })],
    ['a client-sent price', (a: string) => ({ items: [{ productId: a, quantity: 1 }], totalFen: 1 })],
    ['items not an array', (a: string) => ({ items: { productId: a, quantity: 1 } })],
  ])('refuses %s with INVALID_ARGUMENT, changing nothing', async (_label, make) => {
    const res = await t.apiRaw('buyer', 'order.create', make(p1));
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await stockOf(t, p1)).toBe(10);
    expect(await orderCount(t)).toBe(0);
  });

  test('unknown and off-sale products are NOT_FOUND; short stock is CONFLICT; earlier lines are not reserved', async () => {
    const off = (await t.admin('product.upsert', product({ status: 'off' }))).id;
    for (const items of [
      [{ productId: p1, quantity: 1 }, { productId: 'nope', quantity: 1 }],
      [{ productId: p1, quantity: 1 }, { productId: off, quantity: 1 }],
    ]) {
      expect(await t.apiRaw('buyer', 'order.create', { items })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    }
    const short = await t.apiRaw('buyer', 'order.create', { items: [{ productId: p1, quantity: 5 }, { productId: p2, quantity: 4 }], address: ADDRESS });
    expect(short).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect([await stockOf(t, p1), await stockOf(t, p2), await stockOf(t, off)]).toEqual([10, 3, 10]);
    expect(await orderCount(t)).toBe(0);
  });

  test('20 concurrent orders for 5 units: exactly 5 succeed, stock ends at 0, never below', async () => {
    const five = (await t.admin('product.upsert', product({ stock: 5 }))).id;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.apiRaw(`b${i}`, 'order.create', { items: [{ productId: five, quantity: 1 }], address: ADDRESS })),
    );
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(5);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'CONFLICT')).toBe(true);
    expect(await stockOf(t, five)).toBe(0);
    expect(await orderCount(t)).toBe(5);
    expect(new Set(ok.map((r) => (r.ok ? r.data.outTradeNo : ''))).size).toBe(5);
  });

  test('when WeChat Pay refuses the order (FAIL with errCode 0), it is closed and its stock released', async () => {
    const bad = startLocal({ env: { SUB_MCH_ID: '' } });
    try {
      const id = (await bad.admin('product.upsert', product({ stock: 4 }))).id;
      const res = await bad.apiRaw('buyer', 'order.create', { items: [{ productId: id, quantity: 3 }], address: ADDRESS });
      expect(res).toMatchObject({ ok: false, code: 'PAYMENT_FAILED' });
      expect(res.ok ? '' : res.message).toMatch(/支付/);
      expect(await stockOf(bad, id)).toBe(4);
      const [order] = (await bad.db.collection<OrderDoc>(C.orders).get()).data;
      expect(order).toMatchObject({ status: 'closed', closedAt: expect.any(Number) });
      // a second refused attempt leaks nothing either
      expect((await bad.apiRaw('buyer', 'order.create', { items: [{ productId: id, quantity: 4 }], address: ADDRESS })).ok).toBe(false);
      expect(await stockOf(bad, id)).toBe(4);
    } finally {
      bad.close();
    }
  });
});

describe('the referrer chain fixed on the order', () => {
  let t: TestCloud;
  let p: string;
  beforeEach(async () => {
    t = startLocal();
    p = (await t.admin('product.upsert', product())).id;
    // A → B → C (C is not a distributor)
    await plantDistributor(t.local, 'A');
    await plantDistributor(t.local, 'B', 'A');
    await plantUser(t.local, 'C', 'B');
  });
  afterEach(() => t.close());

  const chainOf = async (buyer: string) => {
    const { orderId } = await t.api(buyer, 'order.create', { items: [{ productId: p, quantity: 1 }], address: ADDRESS });
    return (await orderDoc(t, orderId)).chain;
  };

  test('self-purchase off: the buyer’s referrer is level 1 and theirs level 2, whoever buys', async () => {
    expect(await chainOf('C')).toEqual({ level1: 'B', level2: 'A' });
    expect(await chainOf('B')).toEqual({ level1: 'A', level2: null });
  });

  test('self-purchase on: an active distributor is their own level 1; a plain user is unchanged', async () => {
    await setSettings(t, { selfPurchase: true });
    expect(await chainOf('B')).toEqual({ level1: 'B', level2: 'A' });
    expect(await chainOf('A')).toEqual({ level1: 'A', level2: null });
    expect(await chainOf('C')).toEqual({ level1: 'B', level2: 'A' });
    await t.db.collection(C.distributors).doc('B').update({ data: { status: 'disabled' } });
    expect(await chainOf('B')).toEqual({ level1: 'A', level2: null });
  });

  test('a later rebind does not move the chain of an order already placed', async () => {
    const { orderId } = await t.api('C', 'order.create', { items: [{ productId: p, quantity: 1 }], address: ADDRESS });
    await t.db.collection(C.users).doc('C').update({ data: { referrerOpenid: 'A', referrer2Openid: null } });
    expect((await orderDoc(t, orderId)).chain).toEqual({ level1: 'B', level2: 'A' });
    expect(await chainOf('C')).toEqual({ level1: 'A', level2: null });
  });

  test('a window binding pays its referrer until it lapses, then no one', async () => {
    const binding = { mode: 'window' as const, windowDays: 1, newUsersOnly: false };
    await setSettings(t, { binding });
    const boundAt = t.local.clock.now();
    await t.db.collection<UserDoc>(C.users).doc('C').update({ data: { boundAt } });
    await t.db.collection<UserDoc>(C.users).doc('B').update({ data: { boundAt } });
    expect(await chainOf('C')).toEqual({ level1: 'B', level2: 'A' });
    t.local.clock.advance(24 * 3600_000 + 1);
    expect(await chainOf('C')).toEqual({ level1: null, level2: null });
    await setSettings(t, { selfPurchase: true, binding });
    expect(await chainOf('B')).toEqual({ level1: 'B', level2: null });
  });

  test('firstOrder is true until the buyer has a paid order; buyerNickname is recorded', async () => {
    const first = await t.api('C', 'order.create', { items: [{ productId: p, quantity: 1 }], address: ADDRESS });
    const firstDoc = await orderDoc(t, first.orderId);
    expect(firstDoc.firstOrder).toBe(true);
    expect(firstDoc.buyerNickname).toBe('C');
    await t.local.pay.pay(first.outTradeNo);
    expect((await orderDoc(t, first.orderId)).status).toBe('paid');
    const second = await t.api('C', 'order.create', { items: [{ productId: p, quantity: 1 }], address: ADDRESS });
    expect((await orderDoc(t, second.orderId)).firstOrder).toBe(false);
  });
});

describe('order.pay / order.get / order.list: own orders only', () => {
  let t: TestCloud;
  let p: string;
  beforeEach(async () => {
    t = startLocal();
    p = (await t.admin('product.upsert', product())).id;
  });
  afterEach(() => t.close());

  test('order.pay asks again for the same trade; a paid or closed order is refused', async () => {
    const created = await t.api('buyer', 'order.create', { items: [{ productId: p, quantity: 2 }], address: ADDRESS });
    const again = await t.api('buyer', 'order.pay', { orderId: created.orderId });
    expect(again).toMatchObject({ orderId: created.orderId, outTradeNo: created.outTradeNo, totalFen: 1998 });
    expect(again.payment.package).toMatch(/^prepay_id=/);

    // WeChat closed the trade on its side: the order closes here too and the stock comes back.
    await t.local.pay.closeOrder({ outTradeNo: created.outTradeNo, subMchId: '1900000109' });
    expect(await t.apiRaw('buyer', 'order.pay', { orderId: created.orderId })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await orderDoc(t, created.orderId)).status).toBe('closed');
    expect(await stockOf(t, p)).toBe(10);
    expect(await t.apiRaw('buyer', 'order.pay', { orderId: created.orderId })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await stockOf(t, p)).toBe(10);

    const paid = await t.api('buyer', 'order.create', { items: [{ productId: p, quantity: 1 }], address: ADDRESS });
    await t.local.pay.pay(paid.outTradeNo);
    expect(await t.apiRaw('buyer', 'order.pay', { orderId: paid.orderId })).toMatchObject({ ok: false, code: 'CONFLICT' });

    const late = await t.api('buyer', 'order.create', { items: [{ productId: p, quantity: 1 }], address: ADDRESS });
    t.local.clock.advance(31 * 60_000);
    expect(await t.apiRaw('buyer', 'order.pay', { orderId: late.orderId })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  test('another user’s order is NOT_FOUND for get and pay, and never in their list', async () => {
    const mine = await t.api('alice', 'order.create', { items: [{ productId: p, quantity: 1 }], address: ADDRESS });
    for (const action of ['order.get', 'order.pay']) {
      const res = await t.apiRaw('mallory', action, { orderId: mine.orderId });
      expect(res).toEqual({ ok: false, code: 'NOT_FOUND', message: expect.any(String) });
    }
    expect((await t.api('mallory', 'order.list')).items).toEqual([]);
    expect(await t.apiRaw('mallory', 'order.get', { orderId: { $ne: '' } })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect((await t.api('alice', 'order.list')).items.map((o: { orderId: string }) => o.orderId)).toEqual([mine.orderId]);
  });

  test('order.list: newest first, status filter, and paging through ties without skips or repeats', async () => {
    const now = t.local.clock.now();
    const docs = Array.from({ length: 43 }, (_, i) => ({
      _id: `T${String(i).padStart(4, '0')}x`,
      outTradeNo: `T${String(i).padStart(4, '0')}x`,
      buyerOpenid: i === 42 ? 'someone-else' : 'buyer',
      buyerNickname: '',
      status: i % 3 === 0 ? 'paid' : 'pending',
      totalFen: 100,
      refundedFen: 0,
      lines: [],
      chain: { level1: null, level2: null },
      firstOrder: false,
      createdAt: now - (i % 2) * 1000, // two big groups of tied timestamps
      payDeadline: now + 1,
      paidAt: null,
      shippedAt: null,
      receivedAt: null,
      closedAt: null,
      transactionId: null,
    }));
    t.local.db.bulkInsert(C.orders, docs);
    const collect = async (params: object) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.api('buyer', 'order.list', { ...params, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(20);
        ids.push(...page.items.map((o: { orderId: string }) => o.orderId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return ids;
    };
    const expected = (f: (d: (typeof docs)[number]) => boolean) =>
      docs
        .filter((d) => d.buyerOpenid === 'buyer' && f(d))
        .sort((a, b) => b.createdAt - a.createdAt || (a._id < b._id ? 1 : -1))
        .map((d) => d._id);
    expect(await collect({})).toEqual(expected(() => true));
    expect(await collect({ status: 'paid' })).toEqual(expected((d) => d.status === 'paid'));
    expect(await t.apiRaw('buyer', 'order.list', { status: 'lost' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });
});
