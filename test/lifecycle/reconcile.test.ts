import { ADDRESS } from '../support/delivery';
import { C } from '../../server/repo/docs';
import { commissionId } from '../../server/rules/commission';
import { DAY_MS, L1_UNIT, L2_UNIT, PRICE, shop, type Shop } from '../support/shop';

describe('reconcile', () => {
  let s: Shop;
  let orderId: string;
  beforeEach(async () => {
    // A shop with every kind of movement: credit, unfreeze, clawback, reversal, hold, release, payout.
    s = await shop();
    orderId = await s.buyReceived(3);
    s.local.clock.advance(7 * DAY_MS + 1000);
    await s.settle();
    const frozenOrder = await s.buy(2);
    await s.admin('order.refund', { orderId: frozenOrder, lines: [{ productId: s.productId, quantity: 1 }] });
    await s.admin('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 1 }] });
    await s.local.pay.idle();
    const w1 = await s.api('bob', 'withdrawal.request', { amountFen: 500, channel: 'wechat' });
    const w2 = await s.api('bob', 'withdrawal.request', { amountFen: 300, channel: 'bank', account: '6222' });
    await s.admin('withdrawal.review', { withdrawalId: w1.withdrawalId, approve: true });
    await s.admin('withdrawal.markPaid', { withdrawalId: w1.withdrawalId });
    await s.admin('withdrawal.review', { withdrawalId: w2.withdrawalId, approve: false });
  });
  afterEach(() => s.close());

  test('a consistent shop reconciles, with totals that match the balances', async () => {
    const r = await s.admin('reconcile');
    expect(r).toMatchObject({ ok: true, mismatches: [], truncated: false });
    expect(r.checked).toMatchObject({
      distributors: 2,
      commissions: 4,
      withdrawals: 2,
      orders: 2,
      frozenFen: L1_UNIT + L2_UNIT,
      availableFen: 2 * L1_UNIT - 500 + 2 * L2_UNIT,
      withdrawingFen: 0,
      withdrawnFen: 500,
      // Both refunds and both paid orders compared with WeChat Pay (the first is 7 days old: 8 days back).
    });
    expect((await s.admin('reconcile', { days: 8 })).checked.wechat).toEqual({ refunds: 2, orders: 2, unanswered: 0, complete: true });
    expect(await s.adminRaw('reconcile', { days: 0 })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await s.adminRaw('reconcile', {}, 'bob')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('a balance changed behind the ledger is reported: who, what, expected, actual', async () => {
    await s.db.collection(C.distributors).doc('bob').update({ data: { availableFen: s.db.command.inc(7) } });
    const r = await s.admin('reconcile');
    expect(r.ok).toBe(false);
    expect(r.mismatches).toContainEqual({
      kind: 'balance',
      who: 'bob',
      what: expect.stringContaining('availableFen'),
      expected: 2 * L1_UNIT - 500,
      actual: 2 * L1_UNIT - 500 + 7,
    });
    expect(r.mismatches.every((m: { who: string }) => m.who === 'bob')).toBe(true);
  });

  test('a commission whose amount disagrees with its units and events is reported', async () => {
    const id = commissionId(orderId, 0, 2);
    await s.db.collection(C.commissions).doc(id).update({ data: { amountFen: 2 * L2_UNIT + 1 } });
    const r = await s.admin('reconcile');
    expect(r.ok).toBe(false);
    expect(r.mismatches).toEqual(
      expect.arrayContaining([
        { kind: 'commission', who: id, what: expect.stringContaining('perUnitFen'), expected: 2 * L2_UNIT, actual: 2 * L2_UNIT + 1 },
        { kind: 'commission', who: id, what: expect.stringContaining('事件'), expected: 2 * L2_UNIT, actual: 2 * L2_UNIT + 1 },
      ]),
    );
  });

  test('a commission over the cap is reported on its order', async () => {
    const cap = Math.floor((PRICE * 3000) / 10000);
    const id = commissionId(orderId, 0, 1);
    const per = cap; // with L2's 500 the line pays more than the cap per unit
    await s.db.collection(C.commissions).doc(id).update({
      data: { perUnitFen: per, amountFen: per * 2, events: [{ type: 'credit', at: 1, frozenFen: per * 2 }, { type: 'unfreeze', at: 2, frozenFen: -per * 2, availableFen: per * 2 }] },
    });
    const r = await s.admin('reconcile');
    expect(r.mismatches).toContainEqual({ kind: 'cap', who: orderId, what: expect.any(String), expected: cap, actual: per + L2_UNIT });
  });

  test('lowering the cap later does not flag orders placed under the old one', async () => {
    await s.admin('settings.update', { rates: { level1Bps: 500, level2Bps: 200 }, maxTotalBps: 800 });
    const r = await s.admin('reconcile');
    // The order was placed at 10% + 5% under a 30% cap: still within what it was sold under.
    expect(r.ok).toBe(true);
    expect((await s.order(orderId)).capBps).toBe(3000);
  });

  test('a withdrawal whose events do not fit its status is reported', async () => {
    const [w] = (await s.withdrawals('bob')).filter((x) => x.status === 'rejected');
    await s.db.collection(C.withdrawals).doc(w._id).update({ data: { status: 'pending' } });
    const r = await s.admin('reconcile');
    expect(r.mismatches).toContainEqual({ kind: 'withdrawal', who: w._id, what: expect.any(String), expected: 300, actual: 0 });
  });

  test('walks every page: a mismatch on a distributor past the first pages is found', async () => {
    const blank = (openid: string, availableFen = 0) => ({
      _id: openid, openid, status: 'active', inviteCode: null, realName: '', phone: '', nickname: openid, createdAt: 0, appliedAt: 0,
      activatedAt: 0, frozenFen: 0, availableFen, withdrawingFen: 0, withdrawnFen: 0, lifetimeFen: 0,
      team: { level1: 0, level2: 0 }, promoted: { orders: 0, salesFen: 0 }, earnByDay: {}, earnByMonth: {},
    });
    s.db.bulkInsert(C.distributors, Array.from({ length: 450 }, (_, i) => blank(`p${String(i).padStart(4, '0')}`)));
    s.db.bulkInsert(C.distributors, [blank('zz-last', 42)]);
    const r = await s.admin('reconcile');
    expect(r.checked.distributors).toBe(453);
    expect(r.mismatches).toContainEqual({ kind: 'balance', who: 'zz-last', what: expect.stringContaining('availableFen'), expected: 0, actual: 42 });
  });

  describe('against WeChat Pay', () => {
    test('a refund WeChat paid that the order does not show is a finding, until settle applies it', async () => {
      const order = await s.buy(2);
      s.local.pay.loseNextNotification('refund');
      await s.admin('order.refund', { orderId: order, lines: [{ productId: s.productId, quantity: 1 }] });
      await s.local.pay.idle();
      const r = await s.admin('reconcile');
      expect(r.ok).toBe(false);
      expect(r.mismatches).toEqual([
        { kind: 'refund', who: `${order}-R1`, what: expect.stringContaining('微信支付已退款，订单未体现'), expected: PRICE, actual: 0 },
      ]);
      s.local.clock.advance(6 * 60_000);
      await s.settle();
      expect(await s.admin('reconcile')).toMatchObject({ ok: true, mismatches: [] });
    });

    test('a refund made outside the app, and a closed order WeChat took money for, are findings', async () => {
      const order = await s.buy(1);
      const trade = s.local.pay.trade(order)!;
      // Refunded in the merchant console: WeChat's trade entered refund, the app knows nothing of it.
      s.db.sqlite.prepare('UPDATE __wxpay_trades SET data = ? WHERE out_trade_no = ?').run(JSON.stringify({ ...trade, state: 'REFUND' }), order);
      // An order closed here that WeChat says is paid.
      const { orderId: closed, outTradeNo } = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 1 }], address: ADDRESS });
      s.local.pay.markPaid(outTradeNo);
      await s.db.collection(C.orders).doc(closed).update({ data: { status: 'closed', closedAt: s.local.clock.now() } });
      const r = await s.admin('reconcile');
      expect(r.mismatches).toEqual(
        expect.arrayContaining([
          { kind: 'refund', who: order, what: '微信支付显示有退款，订单没有退款记录', expected: 1, actual: 0 },
          { kind: 'payment', who: closed, what: '微信支付已收款，订单已关闭', expected: PRICE, actual: 0 },
        ]),
      );
      expect(r.mismatches).toHaveLength(2);
    });

    test('records WeChat cannot answer for are counted, not guessed', async () => {
      s.local.pay.failNext('queryRefund', 'before');
      const r = await s.admin('reconcile', { days: 8 });
      expect(r.ok).toBe(true);
      expect(r.checked.wechat).toMatchObject({ refunds: 2, unanswered: 1, complete: true });
    });
  });
});
