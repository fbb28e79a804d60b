import { DAY_MS, chinaDay, startOfChinaDay } from '../core/time';
import type { DailyStatsDoc } from '../repo/docs';

/** The counters of one day, as the dashboard shows them. */
export type DayCounters = Omit<DailyStatsDoc, '_id' | 'day'>;

export const COUNTERS: Array<keyof DayCounters> = [
  'salesFen',
  'orders',
  'distSalesFen',
  'distOrders',
  'commissionFen',
  'refundFen',
  'newDistributors',
  'newBindings',
  'scans',
  'firstOrders',
];

export const zeroCounters = (): DayCounters =>
  Object.fromEntries(COUNTERS.map((k) => [k, 0])) as unknown as DayCounters;

/** The last `days` China-time days up to and including today's, oldest first (`YYYY-MM-DD`). */
export function lastDays(now: number, days: number): string[] {
  const today = startOfChinaDay(now);
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(chinaDay(today - i * DAY_MS));
  return out;
}

/** `part / whole` in basis points, floored; 0 when there is no whole. Integers only. */
export function shareBps(part: number, whole: number): number {
  return whole > 0 ? Math.floor((part * 10000) / whole) : 0;
}

export type DaySeriesItem = DayCounters & { day: string; distShareBps: number };

/** Every asked day present (a day without a document is zeros), plus the totals over them. */
export function buildSeries(days: string[], docs: DailyStatsDoc[]): { series: DaySeriesItem[]; totals: DayCounters & { distShareBps: number } } {
  const byDay = new Map(docs.map((d) => [d.day ?? d._id, d]));
  const totals = zeroCounters();
  const series = days.map((day) => {
    const doc = byDay.get(day);
    const c = zeroCounters();
    for (const k of COUNTERS) {
      c[k] = Number(doc?.[k] ?? 0);
      totals[k] += c[k];
    }
    return { day, ...c, distShareBps: shareBps(c.distSalesFen, c.salesFen) };
  });
  return { series, totals: { ...totals, distShareBps: shareBps(totals.distSalesFen, totals.salesFen) } };
}
