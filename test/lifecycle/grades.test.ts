import { C, type AuditDoc } from '../../server/repo/docs';
import { ADDRESS, SHIP } from '../support/delivery';
import { DAY_MS, PRICE, shop, type Shop } from '../support/shop';

/** 普通 10%/5% (the shop rates), 银牌 12%/6% (¥200 settled sales or 2 orders), 金牌 15%/8% (¥300 and 3 orders). */
const GRADES = [
  { id: 'g1', name: '普通', level1Bps: 1000, level2Bps: 500, upgrade: { match: 'any' } },
  { id: 'g2', name: '银牌', color: '#8a9bb0', level1Bps: 1200, level2Bps: 600, upgrade: { match: 'any', salesFen: 2 * PRICE, orders: 2 } },
  { id: 'g3', name: '金牌', color: '#d4a017', level1Bps: 1500, level2Bps: 800, upgrade: { match: 'all', salesFen: 3 * PRICE, orders: 3 } },
];

/** Orders received now, settled (commission unfrozen) by the settle run freezeDays later. */
async function settleAfterFreeze(s: Shop) {
  s.local.clock.advance(7 * DAY_MS + 1000);
  return (await s.settle()).report;
}

describe('grades: settings, by hand, and the summary', () => {
  let s: Shop;
  beforeEach(async () => {
    s = await shop({ settings: { grades: GRADES } });
  });
  afterEach(() => s.close());

  test('a team-size or recruits condition is refused (拉人头) and nothing is saved', async () => {
    const before = (await s.admin('settings.get')).settings;
    for (const key of ['teamSize', 'recruits', 'invites']) {
      const bad = GRADES.map((g, i) => (i === 1 ? { ...g, upgrade: { match: 'any', [key]: 10 } } : g));
      const res = await s.adminRaw('settings.update', { grades: bad });
      expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
      expect((res as { message: string }).message).toContain('拉人头');
    }
    expect(await s.adminRaw('settings.update', { grades: [...GRADES, ...GRADES.map((g) => ({ ...g, id: `${g.id}x`, name: `${g.name}x` }))] })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    expect((await s.admin('settings.get')).settings).toEqual(before);
    expect(before.grades.map((g: { name: string }) => g.name)).toEqual(['普通', '银牌', '金牌']);
    expect((await s.admin('settings.get')).compliance.checks.find((c: { id: string }) => c.id === 'grades').ok).toBe(true);
  });

  test('distributor.setGrade: checked, audited with before/after, shown in the summary', async () => {
    expect(await s.adminRaw('distributor.setGrade', { openid: 'bob', gradeId: 'g9' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await s.adminRaw('distributor.setGrade', { openid: 'nobody', gradeId: 'g2' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await s.adminRaw('distributor.setGrade', { openid: 'bob', gradeId: 'g2' }, 'carol')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await s.admin('distributor.setGrade', { openid: 'bob', gradeId: 'g3' })).toEqual({ openid: 'bob', grade: { id: 'g3', name: '金牌' } });
    expect(await s.distributor('bob')).toMatchObject({ gradeId: 'g3', gradeSource: 'manual' });

    const [entry] = (await s.db.collection<AuditDoc>(C.audit).where({ action: 'distributor.setGrade', ok: true }).limit(10).get()).data;
    expect(entry.changes[0].target).toBe('distributors:bob');
    expect(JSON.parse(entry.changes[0].before!).gradeId).toBeUndefined();
    expect(JSON.parse(entry.changes[0].after!)).toMatchObject({ gradeId: 'g3', gradeSource: 'manual' });

    const bob = await s.api('bob', 'distributor.summary');
    expect(bob.grade).toEqual({ id: 'g3', name: '金牌', color: '#d4a017' });
    expect(bob.nextGrade).toBeNull();
    const alice = await s.api('alice', 'distributor.summary');
    expect(alice.grade).toEqual({ id: 'g1', name: '普通', color: null });
    expect(alice.nextGrade).toEqual({
      id: 'g2',
      name: '银牌',
      color: '#8a9bb0',
      progress: {
        ratio: 0,
        match: 'any',
        conditions: [
          { metric: 'salesFen', current: 0, target: 2 * PRICE, remaining: 2 * PRICE },
          { metric: 'orders', current: 0, target: 2, remaining: 2 },
        ],
      },
    });
    // The admin list shows the grade and that it was set by hand.
    const list = await s.admin('distributor.list', { q: 'bob' });
    expect(list.items.find((d: { openid: string }) => d.openid === 'bob')).toMatchObject({ gradeId: 'g3', gradeManual: true });
  });

  test("a gold distributor's order gets the gold rate at creation, fixed: a later grade change does not move it", async () => {
    await s.admin('distributor.setGrade', { openid: 'bob', gradeId: 'g3' });
    const { orderId, outTradeNo } = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 2 }], address: ADDRESS });
    // bob (level 1) at 金牌 15%, alice (level 2) at 普通 5%.
    expect((await s.order(orderId)).lines[0].rules).toEqual({ level1: { mode: 'rate', bps: 1500 }, level2: { mode: 'rate', bps: 500 } });
    await s.admin('distributor.setGrade', { openid: 'bob', gradeId: 'g1' });
    await s.admin('distributor.setGrade', { openid: 'alice', gradeId: 'g3' });
    await s.local.pay.pay(outTradeNo);
    const cs = await s.commissions(orderId);
    expect(cs.map((c) => [c.beneficiaryOpenid, c.amountFen])).toEqual([
      ['bob', 2 * 1500],
      ['alice', 2 * 500],
    ]);
    // The next order follows the new grades: bob 10%, alice 8%.
    const next = await s.buy(1);
    expect((await s.commissions(next)).map((c) => [c.beneficiaryOpenid, c.amountFen])).toEqual([
      ['bob', 1000],
      ['alice', 800],
    ]);
    // A product's own rates still win over any grade.
    const { id: special } = await s.admin('product.upsert', {
      title: '特价茶',
      priceFen: PRICE,
      stock: 10,
      status: 'on',
      commission: { mode: 'rate', level1Bps: 300, level2Bps: 100 },
    });
    const o = await s.api('carol', 'order.create', { items: [{ productId: special, quantity: 1 }], address: ADDRESS });
    expect((await s.order(o.orderId)).lines[0].rules).toEqual({ level1: { mode: 'rate', bps: 300 }, level2: { mode: 'rate', bps: 100 } });
    expect((await s.reconcile()).ok).toBe(true);
  });
});

describe('grades: automatic upgrade by the settle run on settled figures', () => {
  let s: Shop;
  beforeEach(async () => {
    s = await shop({ settings: { grades: GRADES } });
  });
  afterEach(() => s.close());

  test('upgrades only once the refund window passed, step by step, never down', async () => {
    await s.buyReceived(1);
    await s.buyReceived(1);
    // Paid and received, not yet settled: nothing counts (the run looks at the new distributors once).
    await s.settle();
    expect((await s.settle()).report.grades.done).toBe(0);
    expect((await s.distributor('bob')).gradeId).toBeUndefined();
    expect((await s.api('bob', 'distributor.summary')).nextGrade.progress.conditions[1]).toMatchObject({ current: 0 });

    const report = await settleAfterFreeze(s);
    expect(report.unfrozen.done).toBe(2);
    expect(report.grades.done).toBeGreaterThanOrEqual(1);
    expect(await s.distributor('bob')).toMatchObject({ gradeId: 'g2', gradeSource: 'auto', settled: { salesFen: 2 * PRICE, orders: 2 } });
    // alice is level 2 on those orders: promoted figures are level 1's only.
    expect((await s.distributor('alice')).gradeId).toBeUndefined();
    expect((await s.distributor('alice')).settled?.orders ?? 0).toBe(0);
    const summary = await s.api('bob', 'distributor.summary');
    expect(summary.grade.name).toBe('银牌');
    expect(summary.nextGrade).toMatchObject({ id: 'g3', progress: { match: 'all', conditions: [{ metric: 'salesFen', remaining: PRICE }, { metric: 'orders', remaining: 1 }] } });

    // A third order reaches 金牌; the next order bob earns on is at 15%.
    await s.buyReceived(1);
    await settleAfterFreeze(s);
    expect(await s.distributor('bob')).toMatchObject({ gradeId: 'g3', settled: { salesFen: 3 * PRICE, orders: 3 } });
    const after = await s.buy(1);
    expect((await s.commissions(after))[0]).toMatchObject({ beneficiaryOpenid: 'bob', amountFen: 1500 });

    // Raising the conditions later never takes 金牌 away; later runs change nothing.
    await s.admin('settings.update', { grades: GRADES.map((g, i) => (i === 2 ? { ...g, upgrade: { match: 'all', salesFen: 100 * PRICE, orders: 100 } } : g)) });
    await s.settle();
    expect((await s.distributor('bob')).gradeId).toBe('g3');
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('a manual grade is kept; the run may still lift it; a changed grade list re-checks everyone', async () => {
    await s.admin('distributor.setGrade', { openid: 'alice', gradeId: 'g2' });
    await s.buyReceived(1);
    await settleAfterFreeze(s);
    expect(await s.distributor('alice')).toMatchObject({ gradeId: 'g2', gradeSource: 'manual' });
    expect(await s.distributor('bob')).toMatchObject({ settled: { orders: 1 } });
    expect((await s.distributor('bob')).gradeId).toBeUndefined();

    // 银牌 now at one order: the settings change flags every distributor, the next run upgrades bob.
    await s.admin('settings.update', { grades: GRADES.map((g, i) => (i === 1 ? { ...g, upgrade: { match: 'any', orders: 1 } } : g)) });
    expect((await s.distributor('bob')).gradeCheck).toBe(true);
    const report = (await s.settle()).report;
    expect(report.grades.done).toBeGreaterThanOrEqual(2);
    expect(await s.distributor('bob')).toMatchObject({ gradeId: 'g2', gradeSource: 'auto', gradeCheck: false });
    expect(await s.distributor('alice')).toMatchObject({ gradeId: 'g2', gradeSource: 'manual' });
  });

  test('own settled spend (net of refunds) upgrades a buyer who is a distributor', async () => {
    await s.admin('settings.update', {
      grades: [GRADES[0], { ...GRADES[1], upgrade: { match: 'any', spendFen: 2 * PRICE } }, GRADES[2]],
    });
    await s.api('carol', 'distributor.apply', {});
    const o1 = await s.buy(3);
    // One unit refunded before receipt: ¥200 of spend counts, not ¥300.
    await s.admin('order.refund', { orderId: o1, lines: [{ productId: s.productId, quantity: 1 }], reason: '缺货' });
    await s.local.pay.idle();
    expect((await s.order(o1)).refundedFen).toBe(PRICE);
    await s.admin('order.ship', { orderId: o1, ...SHIP });
    await s.api('carol', 'order.confirmReceipt', { orderId: o1 });
    const before = await settleAfterFreeze(s);
    expect(before.unfrozen.done).toBe(1);
    expect(await s.distributor('carol')).toMatchObject({ gradeId: 'g2', settled: { spendFen: 2 * PRICE } });
    // bob promoted it: net sales ¥200, one order.
    expect(await s.distributor('bob')).toMatchObject({ settled: { salesFen: 2 * PRICE, orders: 1 } });
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('two overlapping settle runs upgrade once and count each order once', async () => {
    for (let i = 0; i < 3; i++) await s.buyReceived(1);
    s.local.clock.advance(7 * DAY_MS + 1000);
    const runs = (await Promise.all([s.local.trigger('settle'), s.local.trigger('settle'), s.local.trigger('settle')])) as Array<{ report: any }>;
    expect(runs.reduce((n, r) => n + r.report.unfrozen.done, 0)).toBe(3);
    // Whatever flags a run left behind, the next run finishes them.
    await s.settle();
    expect(await s.distributor('bob')).toMatchObject({ gradeId: 'g3', gradeCheck: false, settled: { salesFen: 3 * PRICE, orders: 3 } });
    expect((await s.settle()).report.grades.done).toBe(0);
    expect((await s.reconcile()).ok).toBe(true);
  });
});
