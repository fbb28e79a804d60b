import { seedDemo } from '../../local/seed-demo';
import { ADMIN, startLocal } from '../support/local';

test('the demo shop has three grades, upgraded distributors, grade-rated orders and the dashboard distribution', async () => {
  const t = startLocal();
  try {
    await seedDemo(t.local, ADMIN);
    const { settings, compliance } = await t.admin('settings.get');
    expect(settings.grades.map((g: { name: string }) => g.name)).toEqual(['普通分销商', '银牌分销商', '金牌分销商']);
    expect(compliance.checks.find((c: { id: string }) => c.id === 'grades').ok).toBe(true);

    const mei = await t.api('demo-xiaomei', 'distributor.summary');
    expect(mei.grade).toMatchObject({ id: 'g2', name: '银牌分销商' });
    expect(mei.nextGrade).toMatchObject({ name: '金牌分销商', progress: { conditions: [{ metric: 'salesFen', remaining: 200_000 - 126_800 }, { metric: 'orders', remaining: 11 }] } });
    expect((await t.api('demo-aqiang', 'distributor.summary')).grade.name).toBe('普通分销商');

    const board = await t.admin('dashboard', { days: 7 });
    expect(board.grades.map((g: { name: string; count: number }) => [g.name, g.count])).toEqual([
      ['普通分销商', 1],
      ['银牌分销商', 1],
      ['金牌分销商', 1],
    ]);
    // 老张's order was placed under 小美 at 银牌: 12% on the tea box.
    const commissions = (await t.api('demo-xiaomei', 'distributor.commissions', {})).items;
    expect(commissions.some((c: { amountFen: number }) => c.amountFen === Math.floor((26800 * 1200) / 10000))).toBe(true);
  } finally {
    t.close();
  }
});
