import type { ReconcileMismatch } from '../../typings/admin';
import type { CampaignDoc, CommissionDoc, LedgerEvent, RewardDoc, WithdrawalDoc } from '../repo/docs';
import { targetReward } from './campaign';

/** Sums of ledger events per balance bucket. */
export interface LedgerSums {
  frozenFen: number;
  availableFen: number;
  withdrawingFen: number;
  withdrawnFen: number;
}

export const emptyLedger = (): LedgerSums => ({ frozenFen: 0, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 });

export function addEvents(sums: LedgerSums, events: LedgerEvent[] | undefined): LedgerSums {
  for (const e of events ?? []) {
    sums.frozenFen += e.frozenFen ?? 0;
    sums.availableFen += e.availableFen ?? 0;
    sums.withdrawingFen += e.withdrawingFen ?? 0;
    sums.withdrawnFen += e.withdrawnFen ?? 0;
  }
  return sums;
}

/** The mismatches found, at most `max` of them kept (the report stays small however bad things are). */
export class MismatchList {
  readonly items: ReconcileMismatch[] = [];
  truncated = false;
  constructor(private readonly max = 200) {}
  add(m: ReconcileMismatch): void {
    if (this.items.length < this.max) this.items.push(m);
    else this.truncated = true;
  }
  check(kind: ReconcileMismatch['kind'], who: string, what: string, expected: number, actual: number): void {
    if (expected !== actual) this.add({ kind, who, what, expected, actual });
  }
}

/**
 * One commission against itself: amount = per unit × units not refunded = the sum of its events;
 * the events sit in the bucket its status says (frozen: all frozen; available: all moved to
 * available; reversed: nothing left); a commission never touches withdrawal buckets.
 */
export function checkCommission(c: CommissionDoc, out: MismatchList): void {
  const who = c._id;
  const s = addEvents(emptyLedger(), c.events);
  out.check('commission', who, 'amountFen = perUnitFen × (quantity − refundedQuantity)', c.perUnitFen * (c.quantity - c.refundedQuantity), c.amountFen);
  out.check('commission', who, 'amountFen = 事件之和', s.frozenFen + s.availableFen, c.amountFen);
  out.check('commission', who, '佣金事件不应涉及提现', 0, s.withdrawingFen + s.withdrawnFen);
  if (c.status === 'frozen') out.check('commission', who, '冻结中：冻结事件之和 = amountFen', c.amountFen, s.frozenFen);
  if (c.status === 'available') out.check('commission', who, '已解冻：冻结事件之和 = 0', 0, s.frozenFen);
  if (c.status === 'reversed') out.check('commission', who, '已冲回：amountFen = 0', 0, c.amountFen);
}

/** One withdrawal: its events fit its status (held while pending/approved/transferring, released, or paid out). */
export function checkWithdrawal(w: WithdrawalDoc, out: MismatchList): void {
  const who = w._id;
  const s = addEvents(emptyLedger(), w.events);
  const held = w.status === 'pending' || w.status === 'approved' || w.status === 'transferring' ? w.amountFen : 0;
  out.check('withdrawal', who, `${w.status}：提现中事件之和`, held, s.withdrawingFen);
  out.check('withdrawal', who, `${w.status}：已提现事件之和`, w.status === 'paid' ? w.amountFen : 0, s.withdrawnFen);
  out.check('withdrawal', who, `${w.status}：可提现事件之和`, w.status === 'rejected' ? 0 : -w.amountFen, s.availableFen);
  out.check('withdrawal', who, '提现不应涉及冻结金额', 0, s.frozenFen);
  out.check('withdrawal', who, 'netFen + feeFen = amountFen', w.amountFen, w.netFen + w.feeFen);
}

/**
 * One campaign reward: its events put exactly its amount on available (nothing elsewhere), and the
 * amount is what its campaign's results give: a target campaign's rewardFen for a value that reached
 * the target; a top campaign's prize for this distributor in its fixed results.
 */
export function checkReward(r: RewardDoc, campaign: CampaignDoc | null, out: MismatchList): void {
  const who = r._id;
  const s = addEvents(emptyLedger(), r.events);
  out.check('reward', who, '奖励：可提现事件之和 = amountFen', r.amountFen, s.availableFen);
  out.check('reward', who, '奖励事件只涉及可提现金额', 0, Math.abs(s.frozenFen) + Math.abs(s.withdrawingFen) + Math.abs(s.withdrawnFen));
  if (!campaign) return out.add({ kind: 'reward', who, what: '奖励对应的活动不存在', expected: 1, actual: 0 });
  const expected =
    campaign.kind === 'target'
      ? targetReward(campaign, r.valueFen)
      : (campaign.results?.find((w) => w.openid === r.openid)?.amountFen ?? 0);
  out.check('reward', who, '奖励金额 = 活动结果', expected, r.amountFen);
}
