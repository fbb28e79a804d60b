/** China time (UTC+8, no daylight saving): days, months and weeks as the shop owner counts them. */
const OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;

const shifted = (ms: number) => new Date(ms + OFFSET_MS);

/** `YYYY-MM-DD` */
export function chinaDay(ms: number): string {
  return shifted(ms).toISOString().slice(0, 10);
}
/** `YYYYMMDD`, usable as a field name. */
export function dayKey(ms: number): string {
  return chinaDay(ms).replace(/-/g, '');
}
/** `YYYYMM` */
export function monthKey(ms: number): string {
  return dayKey(ms).slice(0, 6);
}
/** The instant a China-time day starts. */
export function startOfChinaDay(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}
export function startOfChinaMonth(ms: number): number {
  const d = shifted(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - OFFSET_MS;
}
/** Monday 00:00 China time of the week containing `ms`. */
export function startOfChinaWeek(ms: number): number {
  const day = startOfChinaDay(ms);
  const weekday = (shifted(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - weekday * DAY_MS;
}
