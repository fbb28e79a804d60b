import type { AddressInfo } from 'node:net';
import { createHost } from '../../local/host';
import { DAY_MS, L1_UNIT, L2_UNIT, shop, type Shop } from '../support/shop';
import { ADDRESS, SHIP } from '../support/delivery';

const messages = (s: Shop, touser: string) =>
  s.local.outbox.entries.filter((e) => (e.payload as { touser: string }).touser === touser);

describe('receipt and settlement', () => {
  let s: Shop;
  beforeEach(async () => {
    s = await shop();
  });
  afterEach(() => s.close());

  test('commission stays frozen until one second after receipt + freezeDays, then moves to available once', async () => {
    const orderId = await s.buyReceived(2);
    const order = await s.order(orderId);
    expect(order.status).toBe('received');
    expect(order.settleAt).toBe(order.receivedAt! + 7 * DAY_MS);
    expect((await s.commissions(orderId)).map((c) => c.availableAt)).toEqual([order.settleAt, order.settleAt]);

    s.local.clock.advance(order.settleAt! - s.local.clock.now() - 1000); // one second before
    await s.settle();
    expect(await s.balance('bob')).toMatchObject({ frozen: 2 * L1_UNIT, available: 0 });
    expect((await s.commissions(orderId)).map((c) => c.status)).toEqual(['frozen', 'frozen']);
    expect(messages(s, 'bob')).toHaveLength(0);

    s.local.clock.advance(2000); // one second after
    const { report } = await s.settle();
    expect(report.unfrozen.done).toBe(1);
    expect(await s.balance('bob')).toMatchObject({ frozen: 0, available: 2 * L1_UNIT, lifetime: 2 * L1_UNIT });
    expect(await s.balance('alice')).toMatchObject({ frozen: 0, available: 2 * L2_UNIT });
    const cs = await s.commissions(orderId);
    expect(cs.map((c) => c.status)).toEqual(['available', 'available']);
    expect(cs[0].events.map((e) => e.type)).toEqual(['credit', 'unfreeze']);
    expect(messages(s, 'bob')).toHaveLength(1);
    expect(JSON.stringify(messages(s, 'bob')[0].payload)).toContain('佣金已到账');

    // Another run later changes nothing and sends nothing again.
    s.local.clock.advance(DAY_MS);
    expect((await s.settle()).report.unfrozen.done).toBe(0);
    expect(await s.balance('bob')).toMatchObject({ frozen: 0, available: 2 * L1_UNIT });
    expect(messages(s, 'bob')).toHaveLength(1);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('receipt: only the buyer, only once, only a shipped order', async () => {
    const orderId = await s.buy(1);
    expect(await s.apiRaw('carol', 'order.confirmReceipt', { orderId })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await s.adminRaw('order.ship', { orderId: 'nope', ...SHIP })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await s.apiRaw('bob', 'order.ship', { orderId, ...SHIP })).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    expect(await s.adminRaw('order.ship', { orderId, ...SHIP }, 'carol')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await s.admin('order.ship', { orderId, ...SHIP });
    expect(await s.adminRaw('order.ship', { orderId, ...SHIP })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await s.apiRaw('bob', 'order.confirmReceipt', { orderId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await s.order(orderId)).status).toBe('shipped');
    expect(await s.api('carol', 'order.confirmReceipt', { orderId })).toEqual({ status: 'received' });
    const receivedAt = (await s.order(orderId)).receivedAt;
    s.local.clock.advance(1000);
    expect(await s.apiRaw('carol', 'order.confirmReceipt', { orderId })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await s.order(orderId)).receivedAt).toBe(receivedAt);
    expect(await s.apiRaw('carol', 'order.confirmReceipt', { orderId: { $ne: '' } })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });

  test('receipt is confirmed automatically autoConfirmDays after shipping, then freezeDays count from it', async () => {
    const orderId = await s.buy(1);
    await s.admin('order.ship', { orderId, ...SHIP });
    const shippedAt = (await s.order(orderId)).shippedAt!;
    s.local.clock.advance(shippedAt + 10 * DAY_MS - s.local.clock.now() - 1000);
    await s.settle();
    expect((await s.order(orderId)).status).toBe('shipped');

    s.local.clock.advance(2000);
    const { report } = await s.settle();
    expect(report.autoConfirmed.done).toBe(1);
    const o = await s.order(orderId);
    expect(o.status).toBe('received');
    expect(o.settleAt).toBe(o.receivedAt! + 7 * DAY_MS);
    expect(await s.balance('bob')).toMatchObject({ frozen: L1_UNIT, available: 0 });

    s.local.clock.advance(7 * DAY_MS + 1000);
    await s.settle();
    expect(await s.balance('bob')).toMatchObject({ frozen: 0, available: L1_UNIT });
  });

  test('two overlapping settle runs double nothing (auto-confirm, unfreeze, close)', async () => {
    const received = [await s.buyReceived(1), await s.buyReceived(2), await s.buyReceived(3)];
    const shipped = await s.buy(1);
    await s.admin('order.ship', { orderId: shipped, ...SHIP });
    const unpaid = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 4 }], address: ADDRESS });
    const stockBefore = (await s.product(s.productId)).stock;

    s.local.clock.advance(7 * DAY_MS + 1000);
    const runs = (await Promise.all([s.local.trigger('settle'), s.local.trigger('settle')])) as Array<{ report: any }>;
    expect(runs.reduce((n, r) => n + r.report.unfrozen.done, 0)).toBe(received.length);
    expect(runs.reduce((n, r) => n + r.report.closed.done, 0)).toBe(1);
    expect(await s.balance('bob')).toMatchObject({ frozen: L1_UNIT, available: 6 * L1_UNIT });
    expect(await s.balance('alice')).toMatchObject({ frozen: L2_UNIT, available: 6 * L2_UNIT });
    expect((await s.product(s.productId)).stock).toBe(stockBefore + 4);
    expect((await s.order(unpaid.orderId)).status).toBe('closed');
    for (const id of received) for (const c of await s.commissions(id)) expect(c.events.map((e) => e.type)).toEqual(['credit', 'unfreeze']);

    s.local.clock.advance(3 * DAY_MS); // the shipped order auto-confirms (10 days), twice at once
    const again = (await Promise.all([s.local.trigger('settle'), s.local.trigger('settle')])) as Array<{ report: any }>;
    expect(again.reduce((n, r) => n + r.report.autoConfirmed.done, 0)).toBe(1);
    expect((await s.order(shipped)).status).toBe('received');
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('an unpaid order closes after its pay deadline: WeChat side closed, stock back, no later payment', async () => {
    const before = (await s.product(s.productId)).stock;
    const { orderId, outTradeNo } = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 3 }], address: ADDRESS });
    expect((await s.product(s.productId)).stock).toBe(before - 3);
    const deadline = (await s.order(orderId)).payDeadline;

    s.local.clock.advance(deadline - s.local.clock.now() - 1000);
    await s.settle();
    expect((await s.order(orderId)).status).toBe('pending');
    expect((await s.product(s.productId)).stock).toBe(before - 3);

    s.local.clock.advance(2000);
    expect((await s.settle()).report.closed.done).toBe(1);
    expect(await s.order(orderId)).toMatchObject({ status: 'closed', closedAt: expect.any(Number) });
    expect((await s.product(s.productId)).stock).toBe(before);
    expect(s.local.pay.trade(outTradeNo)?.state).toBe('CLOSED');
    await expect(s.local.pay.pay(outTradeNo)).rejects.toThrow(/closed/);
    expect((await s.settle()).report.closed.done).toBe(0);
    expect((await s.product(s.productId)).stock).toBe(before);
  });

  test('a payment whose notification was lost: settle asks queryOrder and pays the order exactly once', async () => {
    const before = (await s.product(s.productId)).stock;
    const { orderId, outTradeNo } = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 2 }], address: ADDRESS });
    // The buyer pays; WeChat's notification never arrives.
    s.local.pay.loseNextNotification('payment');
    expect(await s.local.pay.pay(outTradeNo)).toEqual([]);
    expect((await s.order(orderId)).status).toBe('pending');
    s.local.clock.advance(31 * 60_000);
    const runs = (await Promise.all([s.settle(), s.settle()])).map((r) => r.report.closed.done);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await s.order(orderId)).toMatchObject({ status: 'paid', transactionId: s.local.pay.trade(outTradeNo)!.transactionId });
    expect((await s.product(s.productId)).stock).toBe(before - 2);
    expect(s.local.pay.trade(outTradeNo)?.state).toBe('SUCCESS');
    expect(await s.balance('bob')).toMatchObject({ frozen: 2 * L1_UNIT });
    expect(await s.balance('alice')).toMatchObject({ frozen: 2 * L2_UNIT });
    expect(await s.commissions(orderId)).toHaveLength(2);

    // The notification arriving late after all (WeChat redelivers) changes nothing.
    expect(await s.local.pay.pay(outTradeNo)).toEqual([{ errcode: 0, errmsg: 'duplicate' }]);
    expect((await s.settle()).report.closed.done).toBe(0);
    expect(await s.balance('bob')).toMatchObject({ frozen: 2 * L1_UNIT });
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('closing asks WeChat first: an answer WeChat cannot give leaves the order open until the grace period', async () => {
    const before = (await s.product(s.productId)).stock;
    const { orderId, outTradeNo } = await s.api('carol', 'order.create', { items: [{ productId: s.productId, quantity: 1 }], address: ADDRESS });
    // WeChat never saw this trade (queryOrder answers FAIL: cannot be told from a system error).
    s.db.sqlite.prepare('DELETE FROM __wxpay_trades WHERE out_trade_no = ?').run(outTradeNo);
    s.local.clock.advance(31 * 60_000);
    expect((await s.settle()).report.closed).toMatchObject({ done: 0, skipped: 1 });
    expect((await s.order(orderId)).status).toBe('pending');
    s.local.clock.advance(DAY_MS);
    expect((await s.settle()).report.closed.done).toBe(1);
    expect((await s.order(orderId)).status).toBe('closed');
    expect((await s.product(s.productId)).stock).toBe(before);
  });

  test('a failed "佣金已到账" message never stops the money', async () => {
    await s.buyReceived(1);
    s.local.clock.advance(7 * DAY_MS + 1000);
    s.local.outbox.failNext(2);
    const { report } = await s.settle();
    expect(report.unfrozen).toMatchObject({ done: 1, failed: 0 });
    expect(await s.balance('bob')).toMatchObject({ frozen: 0, available: L1_UNIT });
    expect(await s.balance('alice')).toMatchObject({ frozen: 0, available: L2_UNIT });
  });

  test('the settle function refuses a call from the mini program', async () => {
    await s.buyReceived(1);
    s.local.clock.advance(7 * DAY_MS + 1000);
    const res = await s.local.invoke('settle', {}, { openid: 'bob', source: 'wx_client' });
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await s.balance('bob')).toMatchObject({ frozen: L1_UNIT, available: 0 });
  });

  test('POST /__dev/trigger/settle runs it through the host', async () => {
    const orderId = await s.buyReceived(1);
    const server = createHost(s.local);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const clock = await fetch(`${base}/__dev/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 7 * DAY_MS + 1000 }) });
      expect(clock.status).toBe(200);
      const res = await fetch(`${base}/__dev/trigger/settle`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { result: { ok: boolean; report: { unfrozen: { done: number } } } };
      expect(body.result).toMatchObject({ ok: true, report: { unfrozen: { done: 1 } } });
      expect((await s.commissions(orderId)).map((c) => c.status)).toEqual(['available', 'available']);
      const outbox = (await (await fetch(`${base}/__dev/outbox`)).json()) as { entries: unknown[] };
      expect(JSON.stringify(outbox.entries)).toContain('佣金已到账');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
