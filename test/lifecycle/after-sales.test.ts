import { C, type AfterSaleDoc, type RefundDoc } from '../../server/repo/docs';
import { DAY_MS, L1_UNIT, L2_UNIT, PRICE, shop, type Shop } from '../support/shop';

const ask = (s: Shop, orderId: string, quantity: number, buyer = 'carol') =>
  s.apiRaw(buyer, 'afterSale.request', { orderId, lines: [{ productId: s.productId, quantity }], reason: '质量问题' });
const request = async (s: Shop, orderId: string, quantity: number) => {
  const res = await ask(s, orderId, quantity);
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data as { afterSaleId: string; status: 'open'; refundFen: number };
};
const afterSale = async (s: Shop, id: string) => (await s.db.collection<AfterSaleDoc>(C.afterSales).doc(id).get()).data;
const refundsOf = async (s: Shop, orderId: string) => (await s.db.collection<RefundDoc>(C.refunds).where({ orderId }).get()).data;
const messagesTo = (s: Shop, touser: string) =>
  s.local.outbox.entries.filter((e) => (e.payload as { touser: string }).touser === touser).map((e) => JSON.stringify(e.payload));

describe('after-sales requests: units, money and the order as guard', () => {
  let s: Shop;
  beforeEach(async () => {
    s = await shop();
  });
  afterEach(() => s.close());

  test('refund = units × the line unit price; never more than the units still free; the order shows it', async () => {
    const orderId = await s.buy(3);
    const first = await request(s, orderId, 2);
    expect(first).toEqual({ afterSaleId: `${orderId}-A1`, status: 'open', refundFen: 2 * PRICE });
    // 1 unit left: asking for 2 is refused with how many are left; nothing is held.
    const over = await ask(s, orderId, 2);
    expect(over).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((over as { message: string }).message).toContain('最多还可申请 1 件');
    expect(await ask(s, orderId, 4)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    const view = await s.api('carol', 'order.get', { orderId });
    expect(view.lines[0]).toMatchObject({ quantity: 3, afterSaleQuantity: 2, requestableQuantity: 1 });
    expect(view.afterSales).toEqual([{ afterSaleId: first.afterSaleId, status: 'open' }]);
    expect(view.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'paid', 'afterSaleRequested']);
    // The admin's own refund cannot take the units under the open request either.
    expect(await s.adminRaw('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 2 }] })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    // Someone else's order reads as missing; an unpaid order has no after-sales.
    expect(await ask(s, orderId, 1, 'bob')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const { orderId: unpaid } = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 1 }], address: (await s.order(orderId)).address });
    expect(await ask(s, unpaid, 1)).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('the same requestId again (a retry after a lost answer) replays the first request, even at the same moment', async () => {
    const orderId = await s.buy(3);
    const params = { orderId, lines: [{ productId: s.productId, quantity: 1 }], reason: '质量问题', requestId: 'tap-0001-abcd' };
    const [a, b] = await Promise.all([s.api('carol', 'afterSale.request', params), s.api('carol', 'afterSale.request', params)]);
    const c = await s.api('carol', 'afterSale.request', params);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect((await s.order(orderId)).lines[0].afterSaleQuantity).toBe(1);
    expect(messagesTo(s, 'carol').filter((m) => m.includes('售后申请已提交'))).toHaveLength(1);
    // Another key is another request.
    expect((await s.api('carol', 'afterSale.request', { ...params, requestId: 'tap-0002-abcd' })).afterSaleId).not.toBe(a.afterSaleId);
  });

  test('accepted while paid or shipped, and after receipt only within afterSalesDays', async () => {
    await s.admin('settings.update', { afterSalesDays: 3 });
    const orderId = await s.buyReceived(2);
    const view = await s.api('carol', 'order.get', { orderId });
    expect(view.afterSaleDeadline).toBe((await s.order(orderId)).receivedAt! + 3 * DAY_MS);
    s.local.clock.advance(3 * DAY_MS - 1000);
    await request(s, orderId, 1);
    s.local.clock.advance(2000);
    const late = await ask(s, orderId, 1);
    expect(late).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    expect((late as { message: string }).message).toContain('收货后 3 天内');
    expect((await s.api('carol', 'order.get', { orderId })).canRequestAfterSale).toBe(false);
  });

  test('two requests on the same units at the same moment: exactly one passes', async () => {
    for (let round = 0; round < 3; round++) {
      const orderId = await s.buy(1);
      const results = await Promise.all([ask(s, orderId, 1), ask(s, orderId, 1), ask(s, orderId, 1)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
      expect((await s.order(orderId)).lines[0].afterSaleQuantity).toBe(1);
    }
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('approve and cancel of one request at the same moment: one wins, and the money matches the winner', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const orderId = await s.buy(2);
      const { afterSaleId } = await request(s, orderId, 1);
      const [approve, cancel] = await Promise.all([
        s.adminRaw('afterSale.approve', { afterSaleId }),
        s.apiRaw('carol', 'afterSale.cancel', { afterSaleId }),
      ]);
      await s.local.pay.idle();
      expect([approve.ok, cancel.ok].filter(Boolean)).toHaveLength(1);
      const loser = approve.ok ? cancel : approve;
      expect(loser).toMatchObject({ ok: false, code: 'CONFLICT' });
      const doc = await afterSale(s, afterSaleId);
      const order = await s.order(orderId);
      const refunds = await refundsOf(s, orderId);
      if (approve.ok) {
        outcomes.add('approved');
        expect(doc.status).toBe('approved');
        expect(refunds).toHaveLength(1);
        expect(refunds[0]).toMatchObject({ afterSaleId, refundFen: PRICE, status: 'success' });
        expect(order.lines[0]).toMatchObject({ refundedQuantity: 1, afterSaleQuantity: 0 });
        expect(order.refundedFen).toBe(PRICE);
      } else {
        outcomes.add('cancelled');
        expect(doc.status).toBe('cancelled');
        expect(refunds).toHaveLength(0);
        expect(order.lines[0]).toMatchObject({ refundedQuantity: 0, afterSaleQuantity: 0 });
      }
    }
    expect(outcomes.size).toBeGreaterThanOrEqual(1);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('approve refunds through the existing path: frozen commission reversed for the refunded units, reconcile holds', async () => {
    const orderId = await s.buy(3);
    const { afterSaleId } = await request(s, orderId, 1);
    const res = await s.admin('afterSale.approve', { afterSaleId });
    expect(res).toEqual({ afterSaleId, status: 'approved', refundId: `${orderId}-R1`, refundFen: PRICE });
    await s.local.pay.idle();
    expect(await s.balance('bob')).toMatchObject({ frozen: 2 * L1_UNIT, available: 0, lifetime: 2 * L1_UNIT });
    expect(await s.balance('alice')).toMatchObject({ frozen: 2 * L2_UNIT });
    const cs = await s.commissions(orderId);
    expect(cs.map((c) => c.events.map((e) => e.type))).toEqual([['credit', 'reversal'], ['credit', 'reversal']]);
    const view = await s.api('carol', 'order.get', { orderId });
    expect(view).toMatchObject({ status: 'paid', refundedFen: PRICE, afterSales: [{ afterSaleId, status: 'approved' }] });
    expect(view.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'paid', 'afterSaleRequested', 'afterSaleApproved', 'refunded']);
    const mine = (await s.api('carol', 'afterSale.list', {})).items;
    expect(mine[0]).toMatchObject({ afterSaleId, status: 'approved', refundStatus: 'success', refundFen: PRICE });
    // Approving again is a conflict, and changes nothing.
    expect(await s.adminRaw('afterSale.approve', { afterSaleId })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await refundsOf(s, orderId)).toHaveLength(1);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('WeChat Pay refuses the refund: the approval is undone, the request is open again, and can then be rejected', async () => {
    const orderId = await s.buy(2);
    const { afterSaleId } = await request(s, orderId, 1);
    // WeChat Pay's side says the trade has nothing left to refund (NOTENOUGH).
    const trade = s.local.pay.trade(orderId)!;
    s.local.db.sqlite.prepare('UPDATE __wxpay_trades SET data = ? WHERE out_trade_no = ?').run(JSON.stringify({ ...trade, refundedFee: trade.totalFee }), orderId);
    const res = await s.adminRaw('afterSale.approve', { afterSaleId });
    expect(res).toMatchObject({ ok: false, code: 'PAYMENT_FAILED', message: expect.stringContaining('申请仍待处理') });
    expect(await afterSale(s, afterSaleId)).toMatchObject({ status: 'open', refundId: null });
    expect((await s.order(orderId)).lines[0]).toMatchObject({ afterSaleQuantity: 1, refundRequestedQuantity: 0, refundedQuantity: 0 });
    expect((await refundsOf(s, orderId)).map((r) => r.status)).toEqual(['failed']);
    expect((await s.reconcile()).ok).toBe(true);
    await s.admin('afterSale.reject', { afterSaleId, reason: '请联系客服线下处理' });
    expect((await s.order(orderId)).lines[0].afterSaleQuantity).toBe(0);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('WeChat Pay unreachable on approve: the refund stays pending and the settle run asks again (same outRefundNo)', async () => {
    const orderId = await s.buy(2);
    const { afterSaleId } = await request(s, orderId, 1);
    s.local.pay.failNext('refund', 'before');
    expect(await s.admin('afterSale.approve', { afterSaleId })).toMatchObject({ status: 'approved', refundFen: PRICE });
    expect((await refundsOf(s, orderId)).map((r) => r.status)).toEqual(['pending']);
    s.local.clock.advance(11 * 60_000);
    await s.settle();
    await s.local.pay.idle();
    expect((await refundsOf(s, orderId)).map((r) => r.status)).toEqual(['success']);
    expect((await s.order(orderId)).refundedFen).toBe(PRICE);
    expect((await s.api('carol', 'afterSale.list', {})).items[0].refundStatus).toBe('success');
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('approve after the commission became available (and was withdrawn) claws it back, as today', async () => {
    // A shop whose after-sales window outlasts its freeze window (by default both are 7 days).
    await s.admin('settings.update', { afterSalesDays: 15 });
    const orderId = await s.buyReceived(2);
    s.local.clock.advance(7 * DAY_MS + 1000);
    await s.settle();
    expect(await s.balance('bob')).toMatchObject({ available: 2 * L1_UNIT });
    await s.api('bob', 'withdrawal.request', { amountFen: 2 * L1_UNIT, channel: 'wechat' });
    const { afterSaleId } = await request(s, orderId, 2);
    await s.admin('afterSale.approve', { afterSaleId });
    await s.local.pay.idle();
    expect(await s.balance('bob')).toMatchObject({ frozen: 0, available: -2 * L1_UNIT, withdrawing: 2 * L1_UNIT, lifetime: 0 });
    expect((await s.order(orderId)).status).toBe('refunded');
    expect((await s.commissions(orderId)).map((c) => c.events.map((e) => e.type).pop())).toEqual(['clawback', 'clawback']);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('reject and cancel free the units; every step is audit-logged (admin) and messaged to the buyer', async () => {
    const orderId = await s.buy(2);
    const a = await request(s, orderId, 1);
    expect(await s.adminRaw('afterSale.reject', { afterSaleId: a.afterSaleId, reason: '' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await s.admin('afterSale.reject', { afterSaleId: a.afterSaleId, reason: '商品完好，不支持无理由退货' })).toEqual({ afterSaleId: a.afterSaleId, status: 'rejected' });
    const b = await request(s, orderId, 2);
    expect(await s.apiRaw('bob', 'afterSale.cancel', { afterSaleId: b.afterSaleId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await s.api('carol', 'afterSale.cancel', { afterSaleId: b.afterSaleId })).toEqual({ afterSaleId: b.afterSaleId, status: 'cancelled' });
    expect(await s.apiRaw('carol', 'afterSale.cancel', { afterSaleId: b.afterSaleId })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await s.order(orderId)).lines[0].afterSaleQuantity).toBe(0);
    const mine = (await s.api('carol', 'afterSale.list', {})).items;
    expect(mine.map((x: { status: string }) => x.status)).toEqual(['cancelled', 'rejected']);
    expect(mine[1].rejectReason).toBe('商品完好，不支持无理由退货');

    const msgs = messagesTo(s, 'carol');
    for (const word of ['售后申请已提交', '售后申请未通过', '售后申请已撤销']) expect(msgs.some((m) => m.includes(word))).toBe(true);
    expect(msgs.every((m) => m.includes(`pages/order/index?orderId=${orderId}`))).toBe(true);
    const audit = (await s.admin('audit.list', { name: 'afterSale.reject' })).items;
    expect(audit.map((e: { ok: boolean }) => e.ok)).toEqual([true, false]);
    expect(audit[0].changes[0]).toMatchObject({ target: expect.stringContaining(a.afterSaleId) });
    const queue = await s.admin('afterSale.list', {});
    expect(queue.openCount).toBe(0);
    expect((await s.admin('dashboard', { days: 1 })).afterSales).toEqual({ open: 0, approved: 0, rejected: 1, cancelled: 1, resolved: 1 });
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('the admin queue shows open requests first, with a count for the badge', async () => {
    const o1 = await s.buy(2);
    const o2 = await s.buy(2);
    const a = await request(s, o1, 1);
    s.local.clock.advance(1000);
    const b = await request(s, o2, 1);
    s.local.clock.advance(1000);
    await s.admin('afterSale.reject', { afterSaleId: b.afterSaleId, reason: '已与买家协商' });
    s.local.clock.advance(1000);
    const c = await request(s, o2, 1);
    const first = await s.admin('afterSale.list', {});
    expect(first.openCount).toBe(2);
    const ids: string[] = first.items.map((x: { afterSaleId: string }) => x.afterSaleId);
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await s.admin('afterSale.list', { cursor });
      ids.push(...next.items.map((x: { afterSaleId: string }) => x.afterSaleId));
      cursor = next.nextCursor;
    }
    expect(ids).toEqual([c.afterSaleId, a.afterSaleId, b.afterSaleId]);
    expect((await s.admin('afterSale.list', { status: 'rejected' })).items.map((x: { afterSaleId: string }) => x.afterSaleId)).toEqual([b.afterSaleId]);
  });
});

describe('the commission of units under an open request stays frozen past the freeze window', () => {
  let s: Shop;
  beforeEach(async () => {
    s = await shop();
  });
  afterEach(() => s.close());

  for (const end of ['reject', 'cancel'] as const) {
    test(`held while open, released by the first settle run after ${end}`, async () => {
      const orderId = await s.buyReceived(2);
      const { afterSaleId } = await request(s, orderId, 1);
      const settleAt = (await s.order(orderId)).settleAt!;
      s.local.clock.advance(settleAt - s.local.clock.now() + 1000);
      await s.settle();
      expect(await s.balance('bob')).toMatchObject({ frozen: 2 * L1_UNIT, available: 0 });
      const mine = (await s.api('bob', 'distributor.commissions', {})).items;
      expect(mine).toEqual([expect.objectContaining({ orderId, status: 'frozen', afterSale: true })]);
      expect((await s.api('bob', 'distributor.orders', {})).items[0]).toMatchObject({ orderId, afterSale: true });
      // Still held a day later.
      s.local.clock.advance(DAY_MS);
      await s.settle();
      expect(await s.balance('bob')).toMatchObject({ frozen: 2 * L1_UNIT, available: 0 });

      if (end === 'reject') await s.admin('afterSale.reject', { afterSaleId, reason: '不影响使用' });
      else await s.api('carol', 'afterSale.cancel', { afterSaleId });
      expect((await s.api('bob', 'distributor.commissions', {})).items[0].afterSale).toBe(false);
      s.local.clock.advance(60 * 60_000 + 1000);
      await s.settle();
      expect(await s.balance('bob')).toMatchObject({ frozen: 0, available: 2 * L1_UNIT });
      expect(await s.balance('alice')).toMatchObject({ frozen: 0, available: 2 * L2_UNIT });
      expect((await s.order(orderId)).commissionSettled).toBe(true);
      expect((await s.reconcile()).ok).toBe(true);
    });
  }

  test('only the lines a request covers are held: the other lines of the order unfreeze on time', async () => {
    const { id: cup } = await s.admin('product.upsert', { title: '茶杯', priceFen: PRICE, stock: 10, status: 'on' });
    const address = (await s.order(await s.buy(1))).address;
    const { orderId, outTradeNo } = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 1 }, { productId: cup, quantity: 1 }], address });
    await s.local.pay.pay(outTradeNo);
    await s.admin('order.ship', { orderId, parcels: [{ expressCompany: 'SF', trackingNo: 'SF9988776655' }] });
    await s.api('carol', 'order.confirmReceipt', { orderId });
    await s.api('carol', 'afterSale.request', { orderId, lines: [{ productId: cup, quantity: 1 }], reason: '发错货' });
    s.local.clock.advance(7 * DAY_MS + 1000);
    await s.settle();
    const cs = await s.commissions(orderId);
    expect(cs.map((c) => `${c.lineIndex}:L${c.level}:${c.status}`)).toEqual(['0:L1:available', '0:L2:available', '1:L1:frozen', '1:L2:frozen']);
    expect((await s.order(orderId)).commissionSettled).toBe(false);
    const flags = (await s.api('bob', 'distributor.commissions', {})).items.filter((c: { orderId: string }) => c.orderId === orderId);
    expect(flags.map((c: { afterSale: boolean; status: string }) => `${c.status}:${c.afterSale}`).sort()).toEqual(['available:false', 'frozen:true']);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('approved during the window: the refunded units are reversed, the rest unfreezes after the refund', async () => {
    const orderId = await s.buyReceived(3);
    const { afterSaleId } = await request(s, orderId, 1);
    s.local.clock.advance(8 * DAY_MS);
    await s.settle();
    expect(await s.balance('bob')).toMatchObject({ frozen: 3 * L1_UNIT, available: 0 });
    await s.admin('afterSale.approve', { afterSaleId });
    await s.local.pay.idle();
    s.local.clock.advance(60 * 60_000 + 1000);
    await s.settle();
    expect(await s.balance('bob')).toMatchObject({ frozen: 0, available: 2 * L1_UNIT, lifetime: 2 * L1_UNIT });
    expect((await s.reconcile()).ok).toBe(true);
  });
});

describe('reconcile covers after-sales', () => {
  let s: Shop;
  beforeEach(async () => {
    s = await shop();
  });
  afterEach(() => s.close());

  test('finds an approved request without its refund, a refund without a cause, and units held by no request', async () => {
    const orderId = await s.buy(3);
    const { afterSaleId } = await request(s, orderId, 1);
    await s.admin('afterSale.approve', { afterSaleId });
    await s.local.pay.idle();
    await s.admin('order.refund', { orderId, lines: [{ productId: s.productId, quantity: 1 }] });
    await s.local.pay.idle();
    expect((await s.reconcile()).ok).toBe(true);

    // Break things the way a bug would.
    const refundId = (await afterSale(s, afterSaleId)).refundId!;
    await s.db.collection(C.refunds).doc(refundId).remove();
    const adminRefund = (await refundsOf(s, orderId)).find((r) => !r.afterSaleId)!;
    await s.db.collection(C.refunds).doc(adminRefund._id).update({ data: { requestedBy: 'carol' } });
    await s.db.collection(C.refunds).add({
      data: { ...adminRefund, _id: `${orderId}-R9`, afterSaleId: `${orderId}-A9`, requestedBy: 'admin-openid' },
    });
    const open = await request(s, orderId, 1);
    const order = await s.order(orderId);
    await s.db.collection(C.orders).doc(orderId).update({ data: { lines: [{ ...order.lines[0], afterSaleQuantity: 0 }] } });

    const report = await s.reconcile();
    expect(report.ok).toBe(false);
    const found = report.mismatches.map((m: { kind: string; who: string }) => `${m.kind}:${m.who}`);
    expect(found).toEqual(
      expect.arrayContaining([
        `afterSale:${afterSaleId}`,
        `refund:${adminRefund._id}`,
        `refund:${orderId}-R9`,
        `afterSale:${orderId}`,
      ]),
    );
    expect(open.status).toBe('open');
  });
});
