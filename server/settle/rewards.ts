import { BUSY, transact } from '../db/transact';
import { sendSafely } from '../notify/subscribe';
import type { Cloud } from '../platform/cloud';
import { campaignValue } from '../repo/campaign-progress';
import { C, type CampaignDoc, type DistributorDoc, type LedgerEvent, type RewardDoc } from '../repo/docs';
import { mergeLeaders, rewardId, targetReward, topWinners, type Standing } from '../rules/campaign';
import { PAGES } from '../../miniprogram/shared/pages';
import { type Budget, type JobReport, emptyJobReport } from './budget';

/** Distributors looked at per page, and pages per campaign per run (bounded work; the next run goes on). */
export const TALLY_PAGE = 100;
const MAX_PAGES_PER_RUN = 20;
const MAX_CAMPAIGNS_PER_RUN = 10;

/**
 * 奖励活动 settlement, after unfreeze: each ended campaign not yet settled whose window has no
 * frozen commission left (or, at the latest, past its `settleAt`) is
 * tallied and paid. The tally walks the distributors by `_id` a page at a time from the cursor
 * stored on the campaign, computing each active distributor's settled value from their records
 * (repo/campaign-progress.ts); a target campaign credits each page's winners right there, a top
 * campaign keeps its running leaders on the campaign. The page is then committed by a guarded
 * write that checks the cursor it started from: a rival run that got there first makes this one's
 * page a no-op, and a run cut off before it redoes the page (whose credits are already there).
 * When every distributor has been seen, a top campaign's winners are fixed (`results`) and
 * credited; then the campaign is marked settled with its winners and cost.
 * A credit is one transaction: the reward record `<campaignId>:<openid>` (absent → created, with its
 * `reward` event) and the balance's available + lifetime increments — exactly once whatever runs.
 * "活动奖励已到账" goes to each winner after the commit (never fatal).
 */
export async function settleRewards(cloud: Cloud, now: number, budget: Budget): Promise<JobReport> {
  const db = cloud.db;
  const _ = db.command;
  const report = emptyJobReport();
  const { data: ended } = await db
    .collection<CampaignDoc>(C.campaigns)
    .where({ settledAt: null, endAt: _.lte(now) })
    .orderBy('endAt', 'asc')
    .limit(MAX_CAMPAIGNS_PER_RUN)
    .get();
  for (const c of ended) {
    if (budget.exhausted) return { ...report, more: true };
    try {
      if (c.settleAt > now && !(await windowSettled(cloud, c))) continue;
      if (!(await settleCampaign(cloud, c, now, budget, report))) report.more = true;
    } catch (e) {
      report.failed++;
      console.error(`[settle] rewards ${c._id} failed`, e);
    }
  }
  if (ended.length === MAX_CAMPAIGNS_PER_RUN) report.more = true;
  return report;
}

/**
 * Ended, and no commission of its window is still frozen (each unfrozen, or reversed by a refund):
 * every order's refund window has passed, so the results are final before `settleAt`, the bound
 * for orders that never ship or are never received (whose frozen commission then counts nowhere).
 */
async function windowSettled(cloud: Cloud, c: CampaignDoc): Promise<boolean> {
  const _ = cloud.db.command;
  const { data } = await cloud.db
    .collection(C.commissions)
    .where({ status: 'frozen', createdAt: _.and(_.gte(c.startAt), _.lt(c.endAt)) })
    .field({ _id: true })
    .limit(1)
    .get();
  return data.length === 0;
}

/** Returns true when the campaign is settled (by this run or another). */
async function settleCampaign(cloud: Cloud, start: CampaignDoc, now: number, budget: Budget, report: JobReport): Promise<boolean> {
  const db = cloud.db;
  let c: CampaignDoc | null = start;
  for (let page = 0; !c.tally.done; page++) {
    if (page >= MAX_PAGES_PER_RUN || budget.exhausted) return false;
    c = await tallyPage(cloud, c, now, report);
    // Another run moved the cursor first: it has this page; leave the campaign to it.
    if (!c) return false;
  }
  if (c.kind === 'top') {
    for (const w of c.results ?? []) {
      if (budget.exhausted) return false;
      await creditOnce(cloud, c, w, w.rank, w.amountFen, now, report);
    }
  }
  // Every winner is credited: the count and cost from the records themselves.
  const winners = (await db.collection(C.rewards).where({ campaignId: c._id }).count()).total;
  const costFen = c.kind === 'top' ? (c.results ?? []).reduce((s, w) => s + w.amountFen, 0) : winners * (c.rewardFen ?? 0);
  const marked = await transact(db, async (tx) => {
    const { data: cur } = await tx.collection<CampaignDoc>(C.campaigns).doc(c!._id).get();
    if (!cur || cur.settledAt != null || !cur.tally.done) return false;
    await tx.collection(C.campaigns).doc(c!._id).update({ data: { settledAt: now, winners, costFen, updatedAt: now } });
    return true;
  }, { busy: BUSY });
  if (marked) report.done++;
  return true;
}

/** One page of distributors; the campaign as committed, or null when another run had the page. */
async function tallyPage(cloud: Cloud, c: CampaignDoc, now: number, report: JobReport): Promise<CampaignDoc | null> {
  const db = cloud.db;
  const _ = db.command;
  const { data: page } = await db
    .collection<DistributorDoc>(C.distributors)
    .where(c.tally.cursor ? { _id: _.gt(c.tally.cursor) } : {})
    .orderBy('_id', 'asc')
    .field({ _id: true, status: true })
    .limit(TALLY_PAGE)
    .get();
  const standings: Standing[] = [];
  // Rewards go to distributors in good standing when the results are taken (not disabled ones).
  for (const d of page.filter((x) => x.status === 'active')) {
    const { settledFen } = await campaignValue(db, c, d._id, true);
    if (settledFen > 0) standings.push({ openid: d._id, valueFen: settledFen });
  }
  if (c.kind === 'target') {
    for (const s of standings) {
      const amount = targetReward(c, s.valueFen);
      if (amount > 0) await creditOnce(cloud, c, s, null, amount, now, report);
    }
  }
  const tally: CampaignDoc['tally'] = {
    cursor: page.length ? page[page.length - 1]._id : c.tally.cursor,
    done: page.length < TALLY_PAGE,
    leaders: c.kind === 'top' ? mergeLeaders(c.tally.leaders, standings, c.prizes?.length ?? 0) : [],
  };
  const results = c.kind === 'top' && tally.done ? topWinners(tally.leaders, c.prizes ?? []) : null;
  return transact(db, async (tx) => {
    const { data: cur } = await tx.collection<CampaignDoc>(C.campaigns).doc(c._id).get();
    if (!cur || cur.tally.done || cur.tally.cursor !== c.tally.cursor) return null;
    await tx.collection(C.campaigns).doc(c._id).update({ data: { tally: _.set(tally), results: _.set(results), updatedAt: now } });
    return { ...cur, tally, results };
  }, { busy: BUSY });
}

/** Credits one winner once: reward record + available/lifetime increments in one transaction. */
async function creditOnce(
  cloud: Cloud,
  c: CampaignDoc,
  s: Standing,
  rank: number | null,
  amountFen: number,
  now: number,
  report: JobReport,
): Promise<void> {
  const db = cloud.db;
  const _ = db.command;
  const id = rewardId(c._id, s.openid);
  const credited = await transact(db, async (tx) => {
    const { data: existing } = await tx.collection<RewardDoc>(C.rewards).doc(id).get();
    if (existing) return false;
    const event: LedgerEvent = { type: 'reward', at: now, availableFen: amountFen, ref: c._id };
    const doc: RewardDoc = {
      _id: id,
      campaignId: c._id,
      campaignTitle: c.title,
      openid: s.openid,
      amountFen,
      valueFen: s.valueFen,
      rank,
      createdAt: now,
      events: [event],
    };
    await tx.collection(C.rewards).add({ data: doc });
    await tx.collection(C.distributors).doc(s.openid).update({ data: { availableFen: _.inc(amountFen), lifetimeFen: _.inc(amountFen) } });
    return true;
  }, { busy: BUSY, derivedIds: true });
  if (!credited) {
    report.skipped++;
    return;
  }
  report.done++;
  await sendSafely(cloud, 'commissionAvailable', s.openid, PAGES.campaigns, {
    thing: '活动奖励已到账',
    amountFen,
    at: now,
    note: c.title,
  });
}
