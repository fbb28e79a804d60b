import { C, type RefundDoc } from '../../server/repo/docs';
import { L1_UNIT, L2_UNIT, PRICE, shop, type Shop } from '../support/shop';
import { rawTables } from '../support/snapshot';

/**
 * Money moves only on what WeChat Pay itself answers (queryRefund / queryOrder), never on a
 * notification's word or an error string: WeChat's stand-in (local/pay.ts) fails the ways WeChat
 * does — lost notifications, SYSTEMERROR after accepting, errCode 0 on every answer.
 */
const MINUTE = 60_000;

async function refunds(s: Shop, orderId: string): Promise<RefundDoc[]> {
  const { data } = await s.db.collection<RefundDoc>(C.refunds).where({ orderId }).limit(100).get();
  return data.sort((a, b) => (a._id < b._id ? -1 : 1));
}

async function wechatRefunded(s: Shop, orderId: string): Promise<number> {
  return s.local.pay
    .allRefunds()
    .filter((r) => r.outTradeNo === orderId && (r.status ?? 'SUCCESS') === 'SUCCESS')
    .reduce((n, r) => n + r.refundFee, 0);
}

const refundEvent = (orderId: string, outRefundNo: string, refundFee: number) => ({
  returnCode: 'SUCCESS',
  refundStatus: 'SUCCESS',
  outTradeNo: orderId,
  outRefundNo,
  refundId: '50000000000000000000000000001',
  totalFee: refundFee,
  refundFee,
});

describe('refunds are applied on what WeChat Pay says, not on notifications', () => {
  let s: Shop;
  beforeEach(async () => {
    s = await shop();
  });
  afterEach(() => s.close());

  test('a storm of concurrent partial refunds, half their notifications lost: all WeChat paid are applied once', async () => {
    const stock0 = (await s.product(s.productId)).stock;
    const orderId = await s.buy(10);
    s.local.pay.loseNextNotification('refund', 5);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => s.adminRaw('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 1 }] })),
    );
    await s.local.pay.idle();
    // Contention may refuse some requests (answers without contention errors are helper i10db's part).
    const asked = answers.filter((a) => (a as { ok: boolean }).ok).length;
    expect(asked).toBeGreaterThan(0);

    s.local.clock.advance(6 * MINUTE);
    await Promise.all([s.settle(), s.settle()]); // overlapping runs apply each once
    await s.local.pay.idle();

    const paid = await wechatRefunded(s, orderId);
    expect(paid).toBe(asked * PRICE);
    const rs = await refunds(s, orderId);
    expect(rs.map((r) => r.status)).toEqual(rs.map(() => 'success'));
    expect(rs).toHaveLength(asked);
    const order = await s.order(orderId);
    expect(order).toMatchObject({ refundedFen: paid, status: asked === 10 ? 'refunded' : 'paid' });
    expect(order.lines[0].refundedQuantity).toBe(asked);
    expect((await s.product(s.productId)).stock).toBe(stock0 - 10 + asked);
    expect(await s.balance('bob')).toMatchObject({ frozen: (10 - asked) * L1_UNIT, lifetime: (10 - asked) * L1_UNIT });
    expect(await s.balance('alice')).toMatchObject({ frozen: (10 - asked) * L2_UNIT });
    expect((await s.reconcile()).ok).toBe(true);

    // Another settle run, and WeChat's late redeliveries, change nothing.
    const quiet = [C.jobState, C.rankingStats]; // the rankings job keeps its own marks
    const before = rawTables(s.local, quiet);
    s.local.clock.advance(6 * MINUTE);
    await s.settle();
    for (const r of rs) {
      const again = await s.local.invoke('payCallback', refundEvent(orderId, r._id, r.refundFen), { source: 'wx_paycallback' });
      expect(again).toMatchObject({ errcode: 0, errmsg: 'duplicate' });
    }
    expect(rawTables(s.local, quiet)).toEqual(before);
  });

  test('SYSTEMERROR on a refund WeChat took: kept pending (never released) and applied from the notification', async () => {
    const orderId = await s.buy(2);
    s.local.pay.systemErrorOnNextRefund();
    const res = await s.admin('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 1 }] });
    expect(res).toMatchObject({ refundId: `${orderId}-R1`, status: 'pending' });
    await s.local.pay.idle();
    expect((await refunds(s, orderId)).map((r) => r.status)).toEqual(['success']);
    expect(await s.balance('bob')).toMatchObject({ frozen: L1_UNIT });
    expect((await s.order(orderId)).refundedFen).toBe(PRICE);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('SYSTEMERROR and the notification lost: settle asks queryRefund and applies it', async () => {
    const orderId = await s.buy(2);
    s.local.pay.systemErrorOnNextRefund();
    s.local.pay.loseNextNotification('refund');
    await s.admin('order.refund', { orderId });
    await s.local.pay.idle();
    expect((await refunds(s, orderId)).map((r) => r.status)).toEqual(['pending']);
    s.local.clock.advance(6 * MINUTE);
    expect((await s.settle()).report.refundsRetried).toMatchObject({ done: 1 });
    const order = await s.order(orderId);
    expect(order).toMatchObject({ status: 'refunded', refundedFen: 2 * PRICE });
    expect(await s.balance('bob')).toMatchObject({ frozen: 0, lifetime: 0 });
    expect(s.local.pay.trade(orderId)?.refundedFee).toBe(2 * PRICE); // asked once at WeChat, never twice
    expect((await s.settle()).report.refundsRetried.done).toBe(0);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('a forged or unconfirmed refund notification changes nothing', async () => {
    const orderId = await s.buy(2);
    // The request never reached WeChat: WeChat has no such refund.
    s.local.pay.failNext('refund', 'before');
    await s.adminRaw('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 1 }] });
    const before = rawTables(s.local);
    const forged = await s.local.invoke('payCallback', refundEvent(orderId, `${orderId}-R1`, PRICE), { source: 'wx_paycallback' });
    expect(forged).toMatchObject({ errcode: 0 });
    // An amount or status made up for a refund that does not exist either.
    await s.local.invoke('payCallback', { ...refundEvent(orderId, `${orderId}-R2`, 2 * PRICE) }, { source: 'wx_paycallback' });
    await s.local.invoke('payCallback', { returnCode: 'SUCCESS', reqInfo: { out_refund_no: `${orderId}-R1`, refund_status: 'SUCCESS' } }, { source: 'wx_paycallback' });
    expect(rawTables(s.local)).toEqual(before);

    // Accepted but still processing at WeChat: a notification claiming SUCCESS is not believed…
    const second = await s.buy(1);
    s.local.pay.nextRefundEnds('PROCESSING');
    await s.admin('order.refund', { orderId: second });
    const mid = rawTables(s.local);
    await s.local.invoke('payCallback', refundEvent(second, `${second}-R1`, PRICE), { source: 'wx_paycallback' });
    expect(rawTables(s.local)).toEqual(mid);
    // …until WeChat finishes it.
    s.local.pay.finishRefund(`${second}-R1`, 'SUCCESS');
    await s.local.pay.idle();
    expect((await s.order(second)).status).toBe('refunded');
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('a refund WeChat closes is released only once WeChat says so; the units can be refunded again', async () => {
    const orderId = await s.buy(2);
    s.local.pay.nextRefundEnds('PROCESSING');
    await s.admin('order.refund', { orderId });
    // A notification saying REFUNDCLOSE for a refund WeChat still processes releases nothing.
    await s.local.invoke('payCallback', { ...refundEvent(orderId, `${orderId}-R1`, 2 * PRICE), refundStatus: 'REFUNDCLOSE' }, { source: 'wx_paycallback' });
    expect((await refunds(s, orderId)).map((r) => r.status)).toEqual(['pending']);
    s.local.pay.finishRefund(`${orderId}-R1`, 'REFUNDCLOSE');
    await s.local.pay.idle();
    expect((await refunds(s, orderId)).map((r) => r.status)).toEqual(['failed']);
    expect(await s.balance('bob')).toMatchObject({ frozen: 2 * L1_UNIT });
    await s.admin('order.refund', { orderId });
    await s.local.pay.idle();
    expect(await s.order(orderId)).toMatchObject({ status: 'refunded', refundedFen: 2 * PRICE });
    expect((await s.reconcile()).ok).toBe(true);
  });

  test.each([
    ['reqInfo', 'indexed'],
    ['encrypted', 'indexed'],
    ['flat', 'lists'],
    ['encrypted', 'sparse'],
  ] as const)('a %s refund notification with a %s queryRefund answer is applied', async (shape, query) => {
    s.local.pay.refundNotificationShape = shape;
    s.local.pay.refundQueryShape = query;
    const orderId = await s.buy(3);
    await s.admin('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 1 }] });
    await s.local.pay.idle();
    await s.admin('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 1 }] });
    await s.local.pay.idle();
    expect((await refunds(s, orderId)).map((r) => r.status)).toEqual(['success', 'success']);
    expect(await s.balance('bob')).toMatchObject({ frozen: L1_UNIT });
    expect((await s.reconcile()).ok).toBe(true);
  });
});
