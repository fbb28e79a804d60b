import type { UserDoc } from '../repo/docs';

/**
 * Who earns on an order, decided once when it is created (a later rebind never moves it).
 * With self-purchase on, an active distributor buying is their own level 1 and their referrer is
 * level 2; otherwise the buyer's referrer and that referrer's referrer. A `window` binding whose
 * time has run out counts as no binding at all (orders pay no one until the user binds again).
 */
export function referrerChain(
  user: Pick<UserDoc, 'openid' | 'referrerOpenid' | 'referrer2Openid' | 'bindExpiresAt'>,
  opts: { selfPurchase: boolean; buyerIsActiveDistributor: boolean; now: number },
): { level1: string | null; level2: string | null } {
  const bound = user.referrerOpenid !== null && !(user.bindExpiresAt !== null && user.bindExpiresAt <= opts.now);
  if (opts.selfPurchase && opts.buyerIsActiveDistributor) {
    return { level1: user.openid, level2: bound ? user.referrerOpenid : null };
  }
  return bound ? { level1: user.referrerOpenid, level2: user.referrer2Openid } : { level1: null, level2: null };
}

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
