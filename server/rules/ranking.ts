import { dayKey, monthKey, startOfChinaWeek } from '../core/time';

/**
 * Leaderboards: which period an instant falls in, and competition ranking (1, 1, 3). Pure.
 */
export type RankingBy = 'commission' | 'team';
export type RankingPeriod = 'week' | 'month' | 'all';

/** `w20261123` (the Monday of the China-time week) or `m202611`. */
export function periodKey(period: 'week' | 'month', ms: number): string {
  return period === 'week' ? `w${dayKey(startOfChinaWeek(ms))}` : `m${monthKey(ms)}`;
}

/** The key ranking docs of one board share: `commission:w20261123`. */
export function boardKey(by: RankingBy, period: 'week' | 'month', ms: number): string {
  return `${by}:${periodKey(period, ms)}`;
}

/**
 * Ranks for a list already sorted by value descending: equal values share a rank and the next
 * value skips (1, 1, 3). `aheadOfFirst` is how many rank above the list's first item.
 */
export function competitionRanks(values: number[], aheadOfFirst = 0): number[] {
  const ranks: number[] = [];
  values.forEach((v, i) => {
    ranks.push(i > 0 && values[i - 1] === v ? ranks[i - 1] : aheadOfFirst + i + 1);
  });
  return ranks;
}
