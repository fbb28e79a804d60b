import type { Settings } from '../../typings/api';
import { insufficientBalance, limitExceeded } from '../core/errors';
import { formatYuan } from './money-format';

/** The fee a withdrawal pays: floor(amount × feeBps / 10000), taken from the amount. */
export function withdrawalFee(amountFen: number, feeBps: number): { feeFen: number; netFen: number } {
  const feeFen = Math.floor((amountFen * feeBps) / 10000);
  return { feeFen, netFen: amountFen - feeFen };
}

/** min ≤ amount ≤ max, from the settings alone (checked before any read of the balance). */
export function checkAmount(amountFen: number, rules: Settings['withdrawal']): void {
  if (amountFen < rules.minFen) throw limitExceeded(`单笔提现不能少于 ${formatYuan(rules.minFen)}`);
  if (amountFen > rules.maxFen) throw limitExceeded(`单笔提现不能超过 ${formatYuan(rules.maxFen)}`);
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
      d.availableFen < 0 ? `有 ${formatYuan(-d.availableFen)} 退款扣回待抵扣，暂不能提现` : `可提现余额不足（${formatYuan(d.availableFen)}）`,
    );
  }
  return count + 1;
}
