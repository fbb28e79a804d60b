import { useProcess } from './process';
import { ADDRESS, SHIP } from '../support/delivery';

const DAY = 86_400_000;

/**
 * Issue 4's story over HTTP against the `npm start` process (the built bundles on the real
 * wx-server-sdk; the moved clock reaches them), the clock moved by /__dev/clock:
 * a paid order's commission goes frozen → available after the freeze days; withdrawn, then the
 * order refunded, it shows as a debt that blocks the next withdrawal.
 */
describe('the money lifecycle over HTTP', () => {
  const proc = useProcess();

  test('frozen → available after the freeze days; a refund after payout is a debt', async () => {
    const p = proc();
    const { id: productId } = await p.call('admin', 'admin', 'product.upsert', { title: '普洱熟茶 357g', priceFen: 20000, stock: 10, status: 'on' });
    const { inviteCode } = await p.call('api', 'seller', 'distributor.apply', {});
    await p.call('api', 'friend', 'referral.bind', { code: inviteCode });
    const order = await p.call('api', 'friend', 'order.create', { items: [{ productId, quantity: 1 }], address: ADDRESS });
    await p.post('/__dev/pay', { outTradeNo: order.outTradeNo });
    await p.call('admin', 'admin', 'order.ship', { orderId: order.orderId, ...SHIP });
    await p.call('api', 'friend', 'order.confirmReceipt', { orderId: order.orderId });

    const summary = () => p.call('api', 'seller', 'distributor.summary');
    expect((await summary()).balance).toMatchObject({ frozenFen: 2000, availableFen: 0 });

    // Freeze days (7 by default) after receipt, less a minute: still frozen.
    await p.post('/__dev/clock', { advanceMs: 7 * DAY - 60_000 });
    await p.post('/__dev/trigger/settle', {});
    expect((await summary()).balance).toMatchObject({ frozenFen: 2000, availableFen: 0 });

    await p.post('/__dev/clock', { advanceMs: 2 * 60_000 });
    const run = await p.post('/__dev/trigger/settle', {});
    expect(run.status).toBe(200);
    expect((await summary()).balance).toMatchObject({ frozenFen: 0, availableFen: 2000 });
    const outbox = await (await fetch(p.url + '/__dev/outbox')).json() as { entries: Array<{ payload: { touser: string } }> };
    expect(outbox.entries.some((e) => e.payload.touser === 'seller')).toBe(true);

    const w = await p.call('api', 'seller', 'withdrawal.request', { amountFen: 2000, channel: 'wechat' });
    await p.call('admin', 'admin', 'withdrawal.review', { withdrawalId: w.withdrawalId, approve: true });
    await p.call('admin', 'admin', 'withdrawal.markPaid', { withdrawalId: w.withdrawalId });
    expect((await summary()).balance).toEqual({ frozenFen: 0, availableFen: 0, withdrawingFen: 0, withdrawnFen: 2000 });

    await p.call('admin', 'admin', 'order.refund', { orderId: order.orderId, reason: '质量问题' });
    // WeChat reports the refund a moment later.
    let after = await summary();
    for (let i = 0; i < 50 && after.balance.availableFen === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await summary();
    }
    expect(after.balance).toEqual({ frozenFen: 0, availableFen: -2000, withdrawingFen: 0, withdrawnFen: 2000 });
    expect(after.lifetimeFen).toBe(0);
    expect((await p.call('api', 'friend', 'order.get', { orderId: order.orderId })).status).toBe('refunded');

    const refused = await p.post('/functions/api', { data: { action: 'withdrawal.request', amountFen: 100, channel: 'wechat' } }, 'seller');
    expect(refused.json.result).toMatchObject({ ok: false, code: 'INSUFFICIENT_BALANCE' });
    expect((await p.call('admin', 'admin', 'reconcile')).ok).toBe(true);
  });
});
