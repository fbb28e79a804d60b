import { createHash } from 'node:crypto';

/**
 * The pure rules of paying a withdrawal by 商家转账 (user-confirmation mode).
 */

/**
 * The bill number for a withdrawal's `attempt`: letters and digits only, ≤ 32 (WeChat's rule for
 * out_bill_no), the same for the same (withdrawal, attempt) on every retry. Withdrawal ids hold
 * `-`, `_` and `.`, so they are hashed: `W` + 24 hex + `A` + attempt.
 */
export function outBillNoFor(withdrawalId: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 999) throw new Error(`bad transfer attempt ${attempt}`);
  return `W${createHash('sha256').update(withdrawalId).digest('hex').slice(0, 24)}A${attempt}`;
}

/** From ¥2,000 a transfer needs the payee's encrypted real name (user_name), which this shop does not collect. */
export const TRANSFER_MAX_FEN = 200_000;

/** Our own mark, before WeChat Pay has said anything about the bill: asked about, then (re)sent. */
export const CREATING = 'CREATING';
/** Our own mark: WeChat refused the create and a query confirmed no bill exists under the number. */
export const NOT_ACCEPTED = 'NOT_ACCEPTED';

export type BillOutcome = 'paid' | 'failed' | 'open';

/** SUCCESS pays; FAIL and CANCELLED (the user declined, or did not confirm in time) end the bill unpaid. */
export function outcomeOf(state: string): BillOutcome {
  if (state === 'SUCCESS') return 'paid';
  if (state === 'FAIL' || state === 'CANCELLED') return 'failed';
  return 'open';
}

/** A bill that can be replaced by a new attempt: WeChat Pay said it ended unpaid, or never took it. */
export function isRetryable(state: string): boolean {
  return outcomeOf(state) === 'failed' || state === NOT_ACCEPTED;
}

/** The Chinese note the admin (and the distributor) read when a transfer ended unpaid. */
export function failureNote(state: string, failReason: string): string {
  const why = failReason ? `（${failReason}）` : '';
  if (state === 'CANCELLED') return `微信转账已撤销：用户未确认收款或已超时${why}，可重新发起或驳回`;
  if (state === NOT_ACCEPTED) return `微信转账未受理${why}，可重新发起或驳回`;
  return `微信转账失败${why}，可重新发起或驳回`;
}

/**
 * 转账场景报备信息 for the 佣金报酬 scene (1005), as WeChat Pay lists its info types; other scenes
 * get the same two lines, which the merchant may need to match to its scene's list.
 */
export function sceneReportInfos(sceneId: string): Array<{ info_type: string; info_content: string }> {
  void sceneId;
  return [
    { info_type: '岗位类型', info_content: '推广员' },
    { info_type: '报酬说明', info_content: '推广佣金提现' },
  ];
}
