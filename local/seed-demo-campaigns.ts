import { DAY_MS, startOfChinaMonth } from '../server/core/time';
import type { CampaignDoc } from '../server/repo/docs';
import { C } from '../server/repo/docs';
import type { LocalCloud } from './runtime';

type Call = (openid: string, fn: 'api' | 'admin', action: string, params?: object) => Promise<any>;

/**
 * 奖励活动 of the demo shop: this month's sales target (推广销售额满 ¥5,000 奖 ¥100), made through
 * the admin action, which the demo distributors are part way to from the demo orders; and last
 * month's commission leaderboard, already tallied (小美 first, 阿强 second) and due, so the settle
 * run that ends the seed credits its prizes through the real job (reward records, ledger events,
 * "活动奖励已到账"). Last month's tally is written here because the demo has no orders from last
 * month: its results are the campaign's record of who won, which reconcile checks the rewards against.
 */
export async function seedDemoCampaigns(local: LocalCloud, call: Call, adminOpenid: string): Promise<void> {
  const now = local.clock.now();
  const monthStart = startOfChinaMonth(now);
  const nextMonth = startOfChinaMonth(monthStart + 32 * DAY_MS);
  const month = new Date(now + 8 * 3600_000).getUTCMonth() + 1;
  await call(adminOpenid, 'admin', 'campaign.upsert', {
    title: `${month}月销售冲刺`,
    startAt: monthStart,
    endAt: nextMonth,
    kind: 'target',
    metric: 'salesFen',
    targetFen: 500_000,
    rewardFen: 10_000,
  });
  const lastStart = startOfChinaMonth(monthStart - DAY_MS);
  const lastMonth = new Date(lastStart + 8 * 3600_000).getUTCMonth() + 1;
  const results = [
    { openid: 'demo-xiaomei', valueFen: 12_680, rank: 1, amountFen: 5_000 },
    { openid: 'demo-aqiang', valueFen: 6_450, rank: 2, amountFen: 2_000 },
  ];
  const past: CampaignDoc = {
    _id: `cp-demo-${lastStart.toString(36)}`,
    title: `${lastMonth}月佣金榜`,
    kind: 'top',
    metric: 'commissionFen',
    startAt: lastStart,
    endAt: monthStart,
    targetFen: null,
    rewardFen: null,
    prizes: [5_000, 2_000, 1_000],
    settleDays: 20,
    // Due now (the demo's clock is the real one: a shop a few weeks into the month).
    settleAt: Math.min(monthStart + 20 * DAY_MS, now),
    createdAt: lastStart,
    updatedAt: now,
    tally: { cursor: '~', done: true, leaders: results.map(({ openid, valueFen }) => ({ openid, valueFen })) },
    results,
    settledAt: null,
    winners: 0,
    costFen: 0,
  };
  await local.db.collection(C.campaigns).add({ data: past });
}
