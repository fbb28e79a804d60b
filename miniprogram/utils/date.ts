import dayjs from 'dayjs';

/** Dates of the client, by dayjs: `2024-05-01 13:05`. */
export function dateTime(ms: number | null | undefined): string {
  return ms ? dayjs(ms).format('YYYY-MM-DD HH:mm') : '';
}

export function dateOnly(ms: number | null | undefined): string {
  return ms ? dayjs(ms).format('YYYY-MM-DD') : '';
}

/** `12月9日` (this year) or `2027年1月3日`: when something will happen, as people say it. */
export function dateMonthDay(ms: number | null | undefined, now = Date.now()): string {
  if (!ms) return '';
  const d = dayjs(ms);
  return d.year() === dayjs(now).year() ? d.format('M月D日') : d.format('YYYY年M月D日');
}
