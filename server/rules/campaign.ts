import { DAY_MS } from '../core/time';
import type { CampaignDoc, CommissionDoc } from '../repo/docs';
import { competitionRanks } from './ranking';

/**
 * 奖励活动 (campaigns), pure rules. A campaign rewards SALES — settled promoted sales or settled
 * commission — never the number of people recruited (拉人头): the metric is one of two, by type.
 *
 * Metrics, over the commissions CREATED (orders paid) in [startAt, endAt), counting only those
 * SETTLED — unfrozen, refund window passed (status `available`) — when the results are taken:
 * - `commissionFen`: the distributor's own commission, both levels, net of refunds (amountFen);
 * - `salesFen`: promoted sales as level-1 beneficiary, unit price × (quantity − refunded).
 * A refunded unit counts nowhere; a commission still frozen or reversed counts nowhere.
 *
 * Results are taken once the campaign has ended and no commission of its window is still frozen
 * (every order's refund window passed), and at the latest at `settleAt` = endAt + settleDays,
 * settleDays = freezeDays + autoConfirmDays + SHIP_SLACK_DAYS of the settings when the campaign was
 * made (fixed on it): by then an order paid in the last minute has had time to ship, be received
 * and unfreeze. The page says "活动结束后 N 天内发放".
 *
 * Winners: `target` — every active distributor whose value ≥ targetFen gets rewardFen. `top` — by
 * value descending, competition ranking (1, 1, 3): tied distributors share a rank and EACH gets that
 * rank's prize (so ties can cost more than the prize list); ranks beyond the prize list win nothing;
 * a value of 0 never wins.
 */
export type CampaignKind = 'target' | 'top';
export type CampaignMetric = 'salesFen' | 'commissionFen';
export type CampaignStatus = 'upcoming' | 'running' | 'settling' | 'settled';

export const SHIP_SLACK_DAYS = 3;
export const MAX_PRIZES = 10;
export const MAX_TARGET_FEN = 100_000_000_00; // ¥100,000,000
export const MAX_REWARD_FEN = 10_000_000; // ¥100,000 per winner
export const MAX_DURATION_MS = 366 * DAY_MS;

export function settleDaysFor(settlement: { freezeDays: number; autoConfirmDays: number }): number {
  return settlement.freezeDays + settlement.autoConfirmDays + SHIP_SLACK_DAYS;
}

export function campaignStatus(c: Pick<CampaignDoc, 'startAt' | 'endAt' | 'settledAt'>, now: number): CampaignStatus {
  if (c.settledAt != null) return 'settled';
  if (now < c.startAt) return 'upcoming';
  if (now < c.endAt) return 'running';
  return 'settling';
}

export interface CampaignRules {
  title: string;
  startAt: number;
  endAt: number;
  kind: CampaignKind;
  metric: CampaignMetric;
  targetFen?: number | null;
  rewardFen?: number | null;
  prizes?: number[] | null;
}

/** What is wrong with a campaign's rules (Chinese, as shown to the admin), or null. */
export function campaignProblem(p: CampaignRules): string | null {
  if (!(p.endAt > p.startAt)) return '结束时间必须晚于开始时间';
  if (p.endAt - p.startAt > MAX_DURATION_MS) return '活动最长一年';
  if (p.kind === 'target') {
    if (!p.targetFen || p.targetFen <= 0 || p.targetFen > MAX_TARGET_FEN) return '达标活动需要大于 0 的目标金额';
    if (!p.rewardFen || p.rewardFen <= 0 || p.rewardFen > MAX_REWARD_FEN) return '达标活动需要奖励金额（0.01 至 100,000 元）';
    if (p.prizes?.length) return '达标活动没有名次奖金';
  } else {
    const prizes = p.prizes ?? [];
    if (prizes.length < 1 || prizes.length > MAX_PRIZES) return `排名活动需要 1 至 ${MAX_PRIZES} 个名次奖金`;
    if (prizes.some((f) => !Number.isInteger(f) || f <= 0 || f > MAX_REWARD_FEN)) return '每个名次奖金须在 0.01 至 100,000 元之间';
    if (prizes.some((f, i) => i > 0 && f > prizes[i - 1])) return '名次奖金须从第 1 名起不递增';
    if (p.targetFen || p.rewardFen) return '排名活动没有目标金额和统一奖励';
  }
  return null;
}

/**
 * What an edit may change. Before the start: everything. Once started (its rules are what
 * distributors are working towards, and money is promised by them): only the title. Once settled:
 * nothing. Returns the refusal, or null.
 */
export function editProblem(existing: CampaignDoc, next: CampaignRules, now: number): string | null {
  const status = campaignStatus(existing, now);
  if (status === 'settled') return '活动已结算，不能再修改';
  if (status === 'upcoming') return null;
  const same =
    existing.startAt === next.startAt &&
    existing.endAt === next.endAt &&
    existing.kind === next.kind &&
    existing.metric === next.metric &&
    (existing.targetFen ?? null) === (next.targetFen ?? null) &&
    (existing.rewardFen ?? null) === (next.rewardFen ?? null) &&
    JSON.stringify(existing.prizes ?? null) === JSON.stringify(next.prizes?.length ? next.prizes : null);
  return same ? null : '活动已开始，只能修改标题（规则和金额已对分销员公布）';
}

/** One commission's contribution to a metric (0 unless settled; level 2 adds no sales). */
export function metricValue(
  metric: CampaignMetric,
  c: Pick<CommissionDoc, 'status' | 'level' | 'amountFen' | 'quantity' | 'refundedQuantity'>,
  unitFen: number,
  settledOnly = true,
): number {
  if (c.status === 'reversed' || (settledOnly && c.status !== 'available')) return 0;
  if (metric === 'commissionFen') return c.amountFen;
  return c.level === 1 ? unitFen * Math.max(0, c.quantity - c.refundedQuantity) : 0;
}

export interface Standing {
  openid: string;
  valueFen: number;
}

/** Orders standings: value descending, then openid (a stable order only; ties share a rank). */
export function byValue(a: Standing, b: Standing): number {
  return b.valueFen - a.valueFen || (a.openid < b.openid ? -1 : a.openid > b.openid ? 1 : 0);
}

/**
 * Merges a page's standings into the running leaders of a top campaign, keeping everyone whose
 * competition rank is within the prize list (ties at the last prize rank all stay).
 */
export function mergeLeaders(leaders: Standing[], page: Standing[], prizeCount: number): Standing[] {
  const all = [...leaders.filter((l) => !page.some((p) => p.openid === l.openid)), ...page.filter((p) => p.valueFen > 0)].sort(byValue);
  const ranks = competitionRanks(all.map((s) => s.valueFen));
  return all.filter((_, i) => ranks[i] <= prizeCount);
}

export interface Winner extends Standing {
  rank: number;
  amountFen: number;
}

/** The prize per leader (leaders sorted by byValue): rank by competition ranking, that rank's prize. */
export function topWinners(leaders: Standing[], prizes: number[]): Winner[] {
  const sorted = [...leaders].sort(byValue).filter((s) => s.valueFen > 0);
  const ranks = competitionRanks(sorted.map((s) => s.valueFen));
  return sorted.flatMap((s, i) => (ranks[i] <= prizes.length ? [{ ...s, rank: ranks[i], amountFen: prizes[ranks[i] - 1] }] : []));
}

/** A target campaign's reward for a value (0: not reached). */
export function targetReward(c: Pick<CampaignDoc, 'targetFen' | 'rewardFen'>, valueFen: number): number {
  return c.targetFen && c.rewardFen && valueFen >= c.targetFen ? c.rewardFen : 0;
}

/** `<campaignId>:<openid>`: one reward per campaign per distributor, whatever runs. */
export const rewardId = (campaignId: string, openid: string) => `${campaignId}:${openid}`;
