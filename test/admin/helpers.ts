import { DAY_MS, chinaDay, startOfChinaDay, startOfChinaWeek } from '../../server/core/time';
import type { TestCloud } from '../support/local';

export { DAY_MS };
export const HOUR_MS = 3_600_000;

/** Moves the local clock forward to `target` (the runtime clock only goes forward). */
export function moveTo(t: TestCloud, target: number): number {
  const now = t.local.clock.now();
  if (target < now) throw new Error('the clock only goes forward');
  return t.local.clock.advance(target - now);
}

/** 10:00 China time of the next China day: far from midnight, so a test's own seconds never cross it. */
export function tomorrowTen(t: TestCloud): number {
  return startOfChinaDay(t.local.clock.now()) + DAY_MS + 2 * HOUR_MS; // 02:00 UTC = 10:00 China
}

/**
 * A Wednesday 10:00 China time whose week (and the next week's Monday) lie in one calendar month
 * (day of month 2..20), so week and month boards can be told apart by hand.
 */
export function wednesdayMidMonth(t: TestCloud): number {
  let monday = startOfChinaWeek(t.local.clock.now()) + 7 * DAY_MS;
  for (;;) {
    const wed = monday + 2 * DAY_MS;
    const dom = Number(chinaDay(wed).slice(8, 10));
    if (dom >= 2 && dom <= 20) return wed + 2 * HOUR_MS;
    monday += 7 * DAY_MS;
  }
}

export const day = (ms: number) => chinaDay(ms);
