import dayjs from 'dayjs';

/** Dates of the client, by dayjs: `2024-05-01 13:05`. */
export function dateTime(ms: number | null | undefined): string {
  return ms ? dayjs(ms).format('YYYY-MM-DD HH:mm') : '';
}

export function dateOnly(ms: number | null | undefined): string {
  return ms ? dayjs(ms).format('YYYY-MM-DD') : '';
}
