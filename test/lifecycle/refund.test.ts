import { chinaDay } from '../../server/core/time';
import { C, type DailyStatsDoc, type RefundDoc } from '../../server/repo/docs';
import { failEachOpThenRetry } from '../support/faults';
import { DAY_MS, L1_UNIT, L2_UNIT, PRICE, shop, type Shop } from '../support/shop';
import { moneySnapshot } from '../support/snapshot';
import { ADDRESS } from '../support/delivery';
import { foldPendingStats } from '../../server/repo/stats-fold';

async function refund(s: Shop, orderId: string, lines?: Array<{ productId: string; quantity: number }>) {
  const res = await s.admin('order.refund', lines ? { orderId, lines } : { orderId });
  await s.local.pay.idle(); // WeChat reports the refund a moment later
  return res as { refundId: string; refundFen: number; whole: boolean };
}

/** Money as the distributor and the order see it, without times (to compare two runs). */
async function moneyState(s: Shop, orderId: string) {
  const order = await s.order(orderId);
  const refunds = (await s.db.collection<RefundDoc>(C.refunds).where({ orderId }).get()).data.sort((a, b) => a.createdAt - b.createdAt || (a._id < b._id ? -1 : 1));
  await foldPendingStats(s.db); // the day's counters ride on the records until folded
  const day = (await s.db.collection<DailyStatsDoc>(C.statsDaily).where({ _id: chinaDay(s.local.clock.now()) }).get()).data[0];
  return {
    bob: await s.balance('bob'),
    alice: await s.balance('alice'),
    promoted: [(await s.distributor('bob')).promoted, (await s.distributor('alice')).promoted],
    commissions: (await s.commissions(orderId)).map((c) => ({
      status: c.status,
      amountFen: c.amountFen,
      refundedQuantity: c.refundedQuantity,
      events: c.events.map((e) => [e.type, e.frozenFen ?? 0, e.availableFen ?? 0]),
    })),
    order: { status: order.status, refundedFen: order.refundedFen, lines: order.lines.map((l) => [l.quantity, l.refundedQuantity]) },
    stock: (await s.product(s.productId)).stock,
    refunds: refunds.map((r) => [r.status, r.refundFen]),
    refundFenToday: day?.refundFen ?? 0,
  };
}

describe('refunds', () => {
  let s: Shop;
  beforeEach(async () => {
    s = await shop();
  });
  afterEach(() => s.close());

  test('whole refund before settlement: frozen commission reversed, stock back, order refunded, once', async () => {
    const stock0 = (await s.product(s.productId)).stock;
    const orderId = await s.buy(2);
    const res = await refund(s, orderId);
    expect(res).toMatchObject({ refundId: `${orderId}-R1`, refundFen: 2 * PRICE, whole: true });
    const st = await moneyState(s, orderId);
    expect(st.bob).toMatchObject({ frozen: 0, available: 0, lifetime: 0 });
    expect(st.alice).toMatchObject({ frozen: 0, available: 0, lifetime: 0 });
    expect(st.promoted).toEqual([{ orders: 0, salesFen: 0 }, { orders: 0, salesFen: 0 }]);
    expect(st.commissions).toEqual([
      { status: 'reversed', amountFen: 0, refundedQuantity: 2, events: [['credit', 2 * L1_UNIT, 0], ['reversal', -2 * L1_UNIT, 0]] },
      { status: 'reversed', amountFen: 0, refundedQuantity: 2, events: [['credit', 2 * L2_UNIT, 0], ['reversal', -2 * L2_UNIT, 0]] },
    ]);
    expect(st.order).toEqual({ status: 'refunded', refundedFen: 2 * PRICE, lines: [[2, 2]] });
    expect(st.stock).toBe(stock0);
    expect(st.refundFenToday).toBe(2 * PRICE);
    expect(s.local.pay.trade(orderId)?.state).toBe('REFUND');

    // Nothing left: a second request is refused; WeChat repeating the notification changes nothing.
    expect(await s.adminRaw('order.refund', { orderId })).toMatchObject({ ok: false, code: 'CONFLICT' });
    const again = await s.local.invoke(
      'payCallback',
      { returnCode: 'SUCCESS', refundStatus: 'SUCCESS', outTradeNo: orderId, outRefundNo: res.refundId, refundId: 'x', totalFee: 2 * PRICE, refundFee: 2 * PRICE },
      { source: 'wx_paycallback' },
    );
    expect(again).toMatchObject({ errcode: 0, errmsg: 'duplicate' });
    expect(await moneyState(s, orderId)).toEqual(st);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('partial refunds before settlement, then the rest: reversed per unit at the original amount', async () => {
    const orderId = await s.buy(3);
    await s.admin('settings.update', { rates: { level1Bps: 2000 } }); // later rate changes do not matter
    await refund(s, orderId, [{ productId: s.productId, quantity: 1 }]);
    let st = await moneyState(s, orderId);
    expect(st.bob).toMatchObject({ frozen: 2 * L1_UNIT, lifetime: 2 * L1_UNIT });
    expect(st.alice).toMatchObject({ frozen: 2 * L2_UNIT });
    expect(st.commissions.map((c) => [c.status, c.amountFen, c.refundedQuantity])).toEqual([
      ['frozen', 2 * L1_UNIT, 1],
      ['frozen', 2 * L2_UNIT, 1],
    ]);
    expect(st.order).toEqual({ status: 'paid', refundedFen: PRICE, lines: [[3, 1]] });
    expect(st.promoted[0]).toEqual({ orders: 1, salesFen: 2 * PRICE });

    // More than is left is refused, and changes nothing.
    expect(await s.adminRaw('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 3 }] })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    expect(await s.adminRaw('order.refund', { orderId, lines: [{ productId: 'other', quantity: 1 }] })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    expect(await s.adminRaw('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 0 }] })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    expect(await moneyState(s, orderId)).toEqual(st);

    await refund(s, orderId);
    st = await moneyState(s, orderId);
    expect(st.bob).toMatchObject({ frozen: 0, lifetime: 0 });
    expect(st.commissions.map((c) => [c.status, c.amountFen, c.refundedQuantity])).toEqual([
      ['reversed', 0, 3],
      ['reversed', 0, 3],
    ]);
    expect(st.order).toEqual({ status: 'refunded', refundedFen: 3 * PRICE, lines: [[3, 3]] });
    expect(st.refunds).toEqual([
      ['success', PRICE],
      ['success', 2 * PRICE],
    ]);
    // A refunded order's receipt can no longer be confirmed, and settle moves nothing for it.
    s.local.clock.advance(30 * DAY_MS);
    await s.settle();
    expect(await s.balance('bob')).toMatchObject({ frozen: 0, available: 0 });
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('refund after settlement: a clawback from the available balance', async () => {
    const orderId = await s.buyReceived(2);
    s.local.clock.advance(7 * DAY_MS + 1000);
    await s.settle();
    await refund(s, orderId, [{ productId: s.productId, quantity: 1 }]);
    const st = await moneyState(s, orderId);
    expect(st.bob).toMatchObject({ frozen: 0, available: L1_UNIT, lifetime: L1_UNIT });
    expect(st.alice).toMatchObject({ frozen: 0, available: L2_UNIT, lifetime: L2_UNIT });
    expect(st.commissions[0]).toEqual({
      status: 'available',
      amountFen: L1_UNIT,
      refundedQuantity: 1,
      events: [['credit', 2 * L1_UNIT, 0], ['unfreeze', -2 * L1_UNIT, 2 * L1_UNIT], ['clawback', 0, -L1_UNIT]],
    });
    expect(st.order.status).toBe('received');
    await refund(s, orderId);
    expect((await s.commissions(orderId)).map((c) => c.status)).toEqual(['reversed', 'reversed']);
    expect(await s.balance('bob')).toMatchObject({ available: 0, lifetime: 0 });
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('refund after payout leaves a debt that blocks withdrawal until later earnings cover it', async () => {
    const orderId = await s.buyReceived(1);
    s.local.clock.advance(7 * DAY_MS + 1000);
    await s.settle();
    const { withdrawalId } = await s.api('bob', 'withdrawal.request', { amountFen: L1_UNIT, channel: 'wechat' });
    await s.admin('withdrawal.review', { withdrawalId, approve: true });
    await s.admin('withdrawal.markPaid', { withdrawalId });
    expect(await s.balance('bob')).toMatchObject({ available: 0, withdrawn: L1_UNIT });

    await refund(s, orderId);
    expect(await s.balance('bob')).toMatchObject({ frozen: 0, available: -L1_UNIT, withdrawn: L1_UNIT, lifetime: 0 });
    expect((await s.api('bob', 'distributor.summary')).balance.availableFen).toBe(-L1_UNIT);
    const refused = await s.apiRaw('bob', 'withdrawal.request', { amountFen: 100, channel: 'wechat' });
    expect(refused).toMatchObject({ ok: false, code: 'INSUFFICIENT_BALANCE' });
    expect((await s.reconcile()).ok).toBe(true);

    // Later earnings (2 units) first repay the debt (1 unit); only the rest can be withdrawn.
    await s.buyReceived(2);
    s.local.clock.advance(7 * DAY_MS + 1000);
    await s.settle();
    expect(await s.balance('bob')).toMatchObject({ available: L1_UNIT });
    expect(await s.apiRaw('bob', 'withdrawal.request', { amountFen: L1_UNIT + 1, channel: 'wechat' })).toMatchObject({
      ok: false,
      code: 'INSUFFICIENT_BALANCE',
    });
    await s.api('bob', 'withdrawal.request', { amountFen: L1_UNIT, channel: 'wechat' });
    expect(await s.balance('bob')).toMatchObject({ available: 0, withdrawing: L1_UNIT });
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('only paid, shipped or received orders; admins only; a refund WeChat refuses is released', async () => {
    const { orderId: unpaid } = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 1 }], address: ADDRESS });
    expect(await s.adminRaw('order.refund', { orderId: unpaid })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await s.adminRaw('order.refund', { orderId: 'missing' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const orderId = await s.buy(2);
    expect(await s.adminRaw('order.refund', { orderId }, 'carol')).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    // WeChat's side has no money left to refund (say, refunded in the merchant console).
    const trade = s.local.pay.trade(orderId)!;
    s.db.sqlite.prepare('UPDATE __wxpay_trades SET data = ? WHERE out_trade_no = ?').run(JSON.stringify({ ...trade, refundedFee: trade.totalFee }), orderId);
    const refused = await s.adminRaw('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 1 }] });
    expect(refused).toMatchObject({ ok: false, code: 'PAYMENT_FAILED' });
    await s.local.pay.idle();
    const st = await moneyState(s, orderId);
    expect(st.refunds).toEqual([['failed', PRICE]]);
    expect(st.order).toEqual({ status: 'paid', refundedFen: 0, lines: [[2, 0]] });
    expect(st.bob).toMatchObject({ frozen: 2 * L1_UNIT });
    expect((await s.order(orderId)).lines[0].refundRequestedQuantity).toBe(0);

    // Fixed on WeChat's side: the same units can be refunded again, under a new outRefundNo.
    s.db.sqlite.prepare('UPDATE __wxpay_trades SET data = ? WHERE out_trade_no = ?').run(JSON.stringify(trade), orderId);
    const ok = await refund(s, orderId);
    expect(ok).toMatchObject({ refundId: `${orderId}-R2`, refundFen: 2 * PRICE });
    expect((await s.order(orderId)).status).toBe('refunded');
  });

  test('a refund request lost on the way to WeChat Pay is asked for again by settle, and completes once', async () => {
    const orderId = await s.buy(2);
    s.local.pay.failNext('refund', 'before');
    const lost = await s.adminRaw('order.refund', { orderId });
    expect(lost).toMatchObject({ ok: false, code: 'PAYMENT_FAILED' });
    await s.local.pay.idle();
    // Nothing happened at WeChat: the refund is pending, its units held, the commission untouched.
    expect((await moneyState(s, orderId)).refunds).toEqual([['pending', 2 * PRICE]]);
    // The held units cannot be asked for twice meanwhile.
    expect(await s.adminRaw('order.refund', { orderId })).toMatchObject({ ok: false });
    expect((await moneyState(s, orderId)).refunds).toHaveLength(1);
    expect(await s.balance('bob')).toMatchObject({ frozen: 2 * L1_UNIT });

    await s.settle(); // too early to ask again
    expect((await moneyState(s, orderId)).refunds).toEqual([['pending', 2 * PRICE]]);

    s.local.clock.advance(11 * 60_000);
    await Promise.all([s.settle(), s.settle()]); // overlapping runs ask once
    await s.local.pay.idle();
    const after = await moneyState(s, orderId);
    expect(after.refunds).toEqual([['success', 2 * PRICE]]);
    expect(after.order.status).toBe('refunded');
    expect(after.bob).toMatchObject({ frozen: 0 });
    expect(after.alice).toMatchObject({ frozen: 0 });
    expect(s.local.pay.trade(orderId)?.refundedFee).toBe(2 * PRICE);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('a refund whose answer was lost (WeChat did it) completes from the notification; settle asks nothing twice', async () => {
    const orderId = await s.buy(1);
    s.local.pay.failNext('refund', 'after');
    expect(await s.adminRaw('order.refund', { orderId })).toMatchObject({ ok: false, code: 'PAYMENT_FAILED' });
    await s.local.pay.idle();
    expect((await moneyState(s, orderId)).refunds).toEqual([['success', PRICE]]);
    s.local.clock.advance(11 * 60_000);
    await s.settle();
    await s.local.pay.idle();
    expect(s.local.pay.trade(orderId)?.refundedFee).toBe(PRICE);
    expect((await s.order(orderId)).status).toBe('refunded');
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('fault at each database operation of the refund notification, then WeChat retries: exactly once', async () => {
    const { ops } = await failEachOpThenRetry({
      setup: async () => {
        const t = await shop();
        return Object.assign(t, { orderId: await t.buy(3), requestOps: 0 });
      },
      // The admin's request (not under test: its operations are skipped), then WeChat's notification.
      act: async (t) => {
        const lines = [{ productId: t.productId, quantity: 2 }];
        t.requestOps = (await t.local.db.ops.measure(() => t.admin('order.refund', { orderId: t.orderId, lines }))).ops;
        await t.local.pay.idle(); // the cut-off delivery is retried by WeChat (LocalPay) in here
      },
      skip: (clean) => clean.requestOps,
      retry: async () => undefined,
      snapshot: (t) => moneySnapshot(t.local),
      check: async (t, n) => expect({ n, ok: (await t.reconcile()).ok }).toEqual({ n, ok: true }),
    });
    // Refund and order reads, the commissions (read, write), balances, order, stock, refund (which
    // carries the day's counters: no write of the day's document).
    expect(ops).toBeGreaterThanOrEqual(10);
  });
});
