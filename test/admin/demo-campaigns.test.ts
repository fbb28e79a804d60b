import { seedDemo } from '../../local/seed-demo';
import { ADMIN, startLocal } from '../support/local';

test('the demo shop has a running sales target with real progress and last month’s leaderboard paid out; reconcile ok', async () => {
  const t = startLocal();
  try {
    await seedDemo(t.local, ADMIN);
    const { items } = await t.api('demo-xiaomei', 'campaign.list', {});
    const running = items.find((c: any) => c.status === 'running');
    // 小美 is level 1 of 老张's order: ¥268.00 + 3 × ¥39.90, not yet settled.
    expect(running).toMatchObject({ kind: 'target', metric: 'salesFen', targetFen: 500_000, rewardFen: 10_000 });
    expect(running.progress).toEqual({ valueFen: 26800 + 3 * 3990, settledFen: 0, remainingFen: 500_000 - 26800 - 3 * 3990 });
    const past = items.find((c: any) => c.status === 'settled');
    expect(past).toMatchObject({ kind: 'top', progress: { rank: 1 }, reward: { amountFen: 5_000, status: 'credited' } });
    expect((await t.api('demo-aqiang', 'campaign.list', {})).items.find((c: any) => c.status === 'settled').reward).toEqual({ amountFen: 2_000, status: 'credited' });
    const summary = await t.api('demo-xiaomei', 'distributor.summary', {});
    expect(summary.balance.availableFen).toBe(5_000);
    const board = await t.admin('dashboard', { days: 7 });
    expect(board.campaigns.costFen).toBe(7_000);
    expect(await t.admin('reconcile', {})).toMatchObject({ ok: true, mismatches: [] });
  } finally {
    t.close();
  }
});
