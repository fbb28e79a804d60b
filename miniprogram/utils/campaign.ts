import type { CampaignView } from '../../typings/api';
import { yuan } from '../shared/money';

/** One campaign as the distributor's pages show it: words and numbers, no codes. */
export interface CampaignCard {
  id: string;
  title: string;
  statusText: string;
  tagType: 'primary' | 'success' | 'warning' | 'default';
  period: string;
  rule: string;
  payout: string;
  /** 0–100, target campaigns only (-1: no bar). */
  percent: number;
  progressText: string;
  rewardText: string;
  rewardDone: boolean;
}

const STATUS: Record<CampaignView['status'], [string, CampaignCard['tagType']]> = {
  upcoming: ['未开始', 'default'],
  running: ['进行中', 'primary'],
  settling: ['结算中', 'warning'],
  settled: ['已结束', 'success'],
};

export function metricText(metric: CampaignView['metric']): string {
  return metric === 'salesFen' ? '推广销售额' : '佣金收入';
}

export function ruleText(c: Pick<CampaignView, 'kind' | 'metric' | 'targetFen' | 'rewardFen' | 'prizes'>): string {
  if (c.kind === 'target') return `${metricText(c.metric)}满 ${yuan(c.targetFen ?? 0)}，奖励 ${yuan(c.rewardFen ?? 0)}`;
  const prizes = c.prizes ?? [];
  return `${metricText(c.metric)}前 ${prizes.length} 名：${prizes.map(yuan).join(' / ')}`;
}

export function campaignCard(c: CampaignView, now = Date.now()): CampaignCard {
  const [statusText, tagType] = STATUS[c.status];
  const p = c.progress;
  let percent = -1;
  let progressText = '';
  if (c.kind === 'target') {
    const target = c.targetFen ?? 0;
    percent = target > 0 ? Math.min(100, Math.floor((p.valueFen * 100) / target)) : 0;
    progressText = (p.remainingFen ?? 0) > 0 ? `还差 ${yuan(p.remainingFen ?? 0)}` : '已达标';
  } else {
    progressText = `我的${metricText(c.metric)} ${yuan(p.valueFen)}` + (p.rank ? ` · 第 ${p.rank} 名` : '');
  }
  if (c.status === 'running' || c.status === 'settling') progressText += ` · 已结算 ${yuan(p.settledFen)}`;
  let rewardText = '';
  if (c.reward?.status === 'credited') rewardText = `奖励 ${yuan(c.reward.amountFen)} 已到账`;
  else if (c.reward) rewardText = `预计奖励 ${yuan(c.reward.amountFen)}，活动结束后 ${c.settleDays} 天内发放`;
  else if (c.status === 'settled') rewardText = '本次未获奖，下次加油';
  return {
    id: c.id,
    title: c.title,
    statusText,
    tagType,
    period: `${chinaMonthDay(c.startAt, now)} – ${chinaMonthDay(c.endAt - 1, now)}`,
    rule: ruleText(c),
    payout: c.status === 'settled' ? '' : `按退款期过后的已结算金额计算，活动结束后 ${c.settleDays} 天内发放到可提现余额`,
    percent,
    progressText,
    rewardText,
    rewardDone: c.reward?.status === 'credited',
  };
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** `2026-12-01` (a China-time day) → the instant it starts. */
export function chinaDayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d) - CHINA_OFFSET_MS;
}

/** The China-time day an instant falls on, `YYYY-MM-DD`. */
export function chinaDayOf(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `12月1日` (this year) or `2027年1月3日`, on the China-time calendar (the shop's, wherever the phone is). */
export function chinaMonthDay(ms: number, now = Date.now()): string {
  const [y, m, d] = chinaDayOf(ms).split('-').map(Number);
  return y === Number(chinaDayOf(now).slice(0, 4)) ? `${m}月${d}日` : `${y}年${m}月${d}日`;
}
