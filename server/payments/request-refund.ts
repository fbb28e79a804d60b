import type { Cloud } from '../platform/cloud';
import type { RefundDoc } from '../repo/docs';
import { askWeChatRefund } from './ask-refund';

/**
 * A pending refund is looked at again (settle asks WeChat Pay about it) once it is this old, and
 * then every interval: the notification normally comes within seconds; a refund to a bank card
 * can take days, during which it stays PROCESSING.
 */
export const REFUND_RECHECK_MS = 5 * 60_000;

export type RefundCall = { ok: true } | { ok: false; refused: string } | { ok: false; unknown: unknown };

/**
 * Asks WeChat Pay to refund a held refund record. The record's `_id` is the outRefundNo, so asking
 * again for the same record is the same refund at WeChat (never a second one). Three answers:
 * - accepted (SUCCESS, or a FAIL answer after which WeChat Pay shows the refund anyway — SYSTEMERROR
 *   can come back for a refund WeChat did take): the notification or settle completes it;
 * - refused: a FAIL answer and WeChat Pay confirms it has no such refund — the units can be released;
 * - unknown (the call threw, or WeChat cannot say): stays pending, asked again later, same outRefundNo.
 * The FAIL answer's reason is only ever shown, never branched on: cloudPay puts errCode 0 on every
 * answer, and errCodeDes is free text.
 */
export async function requestRefund(cloud: Cloud, refund: RefundDoc, orderTotalFen: number): Promise<RefundCall> {
  let reason: string;
  try {
    const res = await cloud.pay.refund({
      outTradeNo: refund.outTradeNo,
      outRefundNo: refund._id,
      totalFee: orderTotalFen,
      refundFee: refund.refundFen,
      functionName: 'payCallback',
      subMchId: cloud.env('SUB_MCH_ID') ?? '',
      envId: cloud.envId,
      refundDesc: refund.reason || undefined,
    });
    if (res.returnCode === 'SUCCESS' && res.resultCode === 'SUCCESS') return { ok: true };
    reason = res.errCodeDes ?? res.returnMsg ?? res.errMsg ?? 'FAIL';
  } catch (e) {
    return { ok: false, unknown: e };
  }
  const there = await askWeChatRefund(cloud, { outRefundNo: refund._id, outTradeNo: refund.outTradeNo });
  if (there.state === 'ABSENT') return { ok: false, refused: reason };
  if (there.state === 'UNKNOWN') return { ok: false, unknown: new Error(`${reason}; ${there.why}`) };
  return { ok: true };
}
