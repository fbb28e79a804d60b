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

test('the demo products carry pictures the project drew (stored PNGs), the first with a gallery', async () => {
  const t = startLocal();
  try {
    await seedDemo(t.local, ADMIN);
    const { items } = await t.api('demo-xiaoli', 'product.list', {});
    expect(items).toHaveLength(4);
    for (const p of items) {
      expect(p.images.length).toBeGreaterThan(0);
      const png = t.local.storage.read(p.images[0]);
      expect(png?.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    }
    const coffee = items.find((p: { title: string }) => p.title.includes('咖啡'));
    expect(coffee.images).toHaveLength(2);
    expect((await t.api('demo-xiaomei', 'material.list', {})).items[0].images).toHaveLength(1);
  } finally {
    t.close();
  }
});
