import type { Cloud } from '../platform/cloud';
import { loadSettings } from '../repo/settings';
import { ensureCollections, type CollectionsSetup } from '../setup/collections';
import { autoConfirm } from './auto-confirm';
import { Budget, budgetMs, settleTimeoutS, type JobReport } from './budget';
import { closeUnpaid } from './close-unpaid';
import { unfreezeDue } from './unfreeze';
import { checkGrades } from './grades';
import { updateRankings } from './rankings';
import { retryRefunds } from './retry-refunds';
import { retryShipping } from './retry-shipping';
import { foldPendingStats, type FoldReport } from '../repo/stats-fold';
import { syncTransfers } from './sync-transfers';
import { settleRewards } from './rewards';
import { updateInsights } from './insights';

export interface SettleReport {
  at: number;
  /** The collections created on the first run in a fresh environment (null: already set up). */
  setup: CollectionsSetup | null;
  autoConfirmed: JobReport;
  unfrozen: JobReport;
  /** Distributors looked at for an automatic upgrade (分销等级); `done` = looked at, upgraded or not. */
  grades: JobReport;
  closed: JobReport;
  /** Refunds whose request to WeChat Pay may have been lost, asked for again. */
  refundsRetried: JobReport;
  /** Shipments not yet accepted by WeChat (upload_shipping_info), recorded again. */
  shippingRecorded: JobReport;
  /** The week and month leaderboards (ranking.list), from what happened since the last run. */
  rankings: JobReport;
  /** Day counters payments and refunds left on their records, added to `stats_daily`. */
  statsFolded: FoldReport;
  /** `transferring` withdrawals asked about at WeChat Pay (商家转账); `done` = paid or back with the admin. */
  transfers: JobReport;
  /** 奖励活动: ended campaigns past their refund window tallied and their winners credited (once). */
  rewards: JobReport;
  /** Distributors whose promotion insights (推广建议) were recomputed, in turn (settle/insights.ts). */
  insights: JobReport;
}

/**
 * The hourly settle run: the collections set up (first run only), receipt auto-confirmed, due
 * commission unfrozen, grades raised on the settled figures, ended campaigns' rewards credited,
 * unpaid orders closed, refunds whose request may have been lost asked for again, shipments WeChat
 * has not yet accepted recorded again, leaderboards brought up to date, the next distributors'
 * promotion insights recomputed, and the day counters payments and refunds left on their records
 * folded into `stats_daily`.
 * Receipt first, so that with freezeDays 0 an order confirmed now unfreezes in the same run. Every
 * record is handled in its own guarded transaction: two overlapping runs double nothing, and a run
 * cut off anywhere leaves only whole records behind.
 */
export async function runSettle(cloud: Cloud): Promise<SettleReport> {
  const now = cloud.now();
  const budget = new Budget(() => cloud.now(), budgetMs(settleTimeoutS((n) => cloud.env(n))));
  const setup = await ensureCollections(cloud);
  const settings = await loadSettings(cloud.db);
  const autoConfirmed = await autoConfirm(cloud, settings, now, budget);
  const unfrozen = await unfreezeDue(cloud, now, budget);
  const grades = await checkGrades(cloud, settings, now, budget);
  const rewards = await settleRewards(cloud, now, budget);
  const closed = await closeUnpaid(cloud, now, budget);
  const refundsRetried = await retryRefunds(cloud, now, budget);
  const shippingRecorded = await retryShipping(cloud, now, budget);
  const rankings = await updateRankings(cloud, now, budget);
  const transfers = await syncTransfers(cloud, budget);
  const insights = await updateInsights(cloud, now, budget);
  const statsFolded = await foldPendingStats(cloud.db, { shouldStop: () => budget.exhausted });
  return { at: now, setup, autoConfirmed, unfrozen, grades, rewards, closed, refundsRetried, shippingRecorded, rankings, transfers, insights, statsFolded };
}
