import type { Settings } from '../../typings/api';
import { insufficientBalance, limitExceeded } from '../core/errors';
import { yuan } from '../../miniprogram/shared/money';

/** min ≤ amount ≤ max, from the settings alone (checked before any read of the balance). */
export function checkAmount(amountFen: number, rules: Settings['withdrawal']): void {
  if (amountFen < rules.minFen) throw limitExceeded(`单笔提现不能少于 ${yuan(rules.minFen)}`);
  if (amountFen > rules.maxFen) throw limitExceeded(`单笔提现不能超过 ${yuan(rules.maxFen)}`);
}

/**
 * Against the distributor's record as the transaction read it: the day's count (China time) and the
 * available balance. A debt (negative available) leaves nothing to withdraw. Returns the day's new count.
 */
export function checkAgainstBalance(
  d: { availableFen: number; withdrawDay?: string; withdrawDayCount?: number },
  amountFen: number,
  today: string,
  dailyCount: number,
): number {
  const count = d.withdrawDay === today ? (d.withdrawDayCount ?? 0) : 0;
  if (count >= dailyCount) throw limitExceeded(`每天最多提现 ${dailyCount} 次，请明天再试`);
  if (d.availableFen < amountFen) {
    throw insufficientBalance(
      d.availableFen < 0 ? `有 ${yuan(-d.availableFen)} 退款扣回待抵扣，暂不能提现` : `可提现余额不足（${yuan(d.availableFen)}）`,
    );
  }
  return count + 1;
}

/**
 * The withdrawal a client's request key names: `W-<requestId>.<openid>`. A request key has no `.`
 * (it is [A-Za-z0-9_-]), so the first `.` ends it and no two (user, key) pairs can give one id —
 * once `W-<requestId>-<openid>` let `tap-0001-x` of `bob` and `tap-0001` of `x-bob` meet.
 */
export function withdrawalIdFor(openid: string, requestId: string): string {
  return `W-${requestId}.${openid}`;
}
