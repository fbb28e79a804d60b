/**
 * A WeChat Pay out_trade_no (6–32 of [A-Za-z0-9_-]): China time to the second, then 16 random hex
 * digits, so it sorts by time and two orders in the same second never collide in practice.
 */
export function newOutTradeNo(now: number, randomHex: string): string {
  const t = new Date(now + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${t}${randomHex}`.slice(0, 32);
}

/** The goods description WeChat Pay shows (`body`, ≤ 128 bytes: 40 CJK characters fit). */
export function payBody(titles: string[]): string {
  const first = titles[0] ?? '商品';
  const suffix = titles.length > 1 ? ` 等${titles.length}件商品` : '';
  return (first.slice(0, 40 - suffix.length) + suffix).slice(0, 40);
}
