import { seedDemo } from '../../local/seed-demo';
import { ADMIN, startLocal } from '../support/local';

test('the demo shop shows numbers on the dashboard, the leaderboards and a material', async () => {
  const t = startLocal();
  try {
    expect(await seedDemo(t.local, ADMIN)).toEqual(expect.any(String));
    const board = await t.admin('dashboard', { days: 7 });
    // 小李: 2 × 129.00; 老张: 268.00 + 3 × 39.90 — both through 小美's chain.
    expect(board.totals).toMatchObject({ salesFen: 2 * 12900 + 26800 + 3 * 3990, orders: 2, distOrders: 2, newDistributors: 3 });
    const week = await t.api('demo-xiaomei', 'ranking.list', { by: 'commission', period: 'week' });
    expect(week.items.length).toBeGreaterThan(0);
    expect(week.me.rank).toEqual(expect.any(Number));
    expect((await t.api('demo-xiaomei', 'material.list', {})).items).toHaveLength(1);
  } finally {
    t.close();
  }
});

test('the demo shop has addresses, a tracking number recorded with WeChat, an open after-sales request and a virtual product', async () => {
  const t = startLocal();
  try {
    await seedDemo(t.local, ADMIN);
    const orders = (await t.admin('order.list', {})).items;
    expect(orders).toHaveLength(2);
    for (const o of orders) expect(o.address).toMatchObject({ name: expect.any(String), phone: expect.stringMatching(/^1\d{10}$/), detail: expect.any(String) });
    const shipped = orders.find((o: any) => o.status === 'shipped');
    expect(shipped.parcels).toEqual([{ expressCompany: 'SF', trackingNo: 'SF1460281139257', expressName: '顺丰速运' }]);
    expect(shipped.shippingRecord.status).toBe('recorded');
    expect(shipped.afterSales).toEqual([{ afterSaleId: expect.any(String), status: 'open' }]);
    const queue = await t.admin('afterSale.list', {});
    expect(queue.openCount).toBe(1);
    expect(queue.items[0]).toMatchObject({ buyerOpenid: 'demo-laozhang', status: 'open', refundFen: 3990, reason: '商品破损' });
    expect((await t.admin('dashboard', { days: 7 })).afterSales).toMatchObject({ open: 1, resolved: 0 });
    const products = (await t.api('demo-xiaoli', 'product.list', {})).items;
    expect(products.filter((p: any) => p.virtual).map((p: any) => p.title)).toEqual(['咖啡冲煮线上课（12 节）']);
  } finally {
    t.close();
  }
});

test('the demo products carry pictures the project drew (stored PNGs), the first with a gallery', async () => {
  const t = startLocal();
  try {
    await seedDemo(t.local, ADMIN);
    const { items } = await t.api('demo-xiaoli', 'product.list', {});
    expect(items).toHaveLength(5); // four goods and the virtual course
    for (const p of items) {
      expect(p.images.length).toBeGreaterThan(0);
      const png = t.local.storage.read(p.images[0]);
      expect(png?.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    }
    const coffee = items.find((p: { title: string }) => p.title.includes('咖啡豆'));
    expect(coffee.images).toHaveLength(2);
    expect((await t.api('demo-xiaomei', 'material.list', {})).items[0].images).toHaveLength(1);
  } finally {
    t.close();
  }
});
