import { useProcess } from './process';
import { ADDRESS } from '../support/delivery';

/**
 * The story of issue 3, over HTTP against the `npm start` process (the built bundles on the real
 * wx-server-sdk, its calls answered at /tcb/admin): a chain
 * admin → A → B → C → D, each joining with the code of the one before; D buys:
 * C earns level 1, B level 2, A and admin nothing.
 */
describe('a referral chain over HTTP', () => {
  const proc = useProcess();

  test('D buys: C earns level 1, B level 2, A nothing; the summaries say so', async () => {
    const p = proc();
    const { id: productId } = await p.call('admin', 'admin', 'product.upsert', {
      title: '云南小粒咖啡 500g',
      priceFen: 12900,
      stock: 100,
      status: 'on',
    });

    const codes: Record<string, string> = {};
    const join = async (who: string, referrer: string | null) => {
      await p.call('api', who, 'user.login');
      if (referrer) {
        const bind = await p.call('api', who, 'referral.bind', { code: codes[referrer] });
        expect(bind).toEqual({ bound: true });
      }
      const applied = await p.call('api', who, 'distributor.apply', {});
      expect(applied.status).toBe('active');
      codes[who] = applied.inviteCode;
    };
    await join('admin', null);
    await join('A', 'admin');
    await join('B', 'A');
    await join('C', 'B');
    await p.call('api', 'D', 'user.login');
    expect(await p.call('api', 'D', 'referral.bind', { code: codes.C })).toMatchObject({ bound: true });

    const order = await p.call('api', 'D', 'order.create', { items: [{ productId, quantity: 3 }], address: ADDRESS });
    expect(order.totalFen).toBe(38700);
    const paid = await p.post('/__dev/pay', { outTradeNo: order.outTradeNo, repeat: 3, concurrent: true });
    expect(paid.status).toBe(200);
    expect(paid.json.results.every((r: { errcode: number }) => r.errcode === 0)).toBe(true);

    const summary = (who: string) => p.call('api', who, 'distributor.summary');
    const c = await summary('C');
    const b = await summary('B');
    const a = await summary('A');
    const root = await summary('admin');
    // 10% of 129.00 = 12.90 per unit × 3; 5% = 6.45 × 3.
    expect(c.balance).toEqual({ frozenFen: 3870, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 });
    expect(c.lifetimeFen).toBe(3870);
    expect(c.todayFen).toBe(3870);
    expect(c.monthFen).toBe(3870);
    expect(c.promoted).toEqual({ orders: 1, salesFen: 38700 });
    expect(b.balance.frozenFen).toBe(1935);
    expect(a.balance.frozenFen).toBe(0);
    expect(a.lifetimeFen).toBe(0);
    expect(root.balance.frozenFen).toBe(0);
    expect(c.team).toEqual({ level1: 1, level2: 0 });
    expect(b.team).toEqual({ level1: 1, level2: 1 });
    expect(a.team).toEqual({ level1: 1, level2: 1 });

    const order1 = await p.call('api', 'D', 'order.get', { orderId: order.orderId });
    expect(order1.status).toBe('paid');
    // All of it ran as the built bundles on the real wx-server-sdk, its database calls over the wire.
    const info = (await (await fetch(p.url + '/')).json()) as { runtime: string; wire: { documentOps: number } };
    expect(info.runtime).toBe('bundles on wx-server-sdk');
    expect(info.wire.documentOps).toBeGreaterThan(30);

    const details = await p.call('api', 'C', 'distributor.commissions', {});
    expect(details.items).toEqual([
      expect.objectContaining({ orderId: order.orderId, level: 1, amountFen: 3870, status: 'frozen' }),
    ]);
  });
});
