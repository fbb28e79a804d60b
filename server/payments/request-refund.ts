import type { Cloud } from '../platform/cloud';
import type { RefundDoc } from '../repo/docs';

/** A refund still pending this long after it was asked for is asked for again by the settle run. */
export const REFUND_RECHECK_MS = 10 * 60_000;

export type RefundCall = { ok: true } | { ok: false; refused: string } | { ok: false; unknown: unknown };

/**
 * Asks WeChat Pay to refund a held refund record. The record's `_id` is the outRefundNo, so asking
 * again for the same record is the same refund at WeChat (never a second one). Three answers:
 * accepted (the notification will follow), refused (the business result FAIL: release the units),
 * or unknown (the call threw: WeChat may or may not have it; ask again later).
 */
export async function requestRefund(cloud: Cloud, refund: RefundDoc, orderTotalFen: number): Promise<RefundCall> {
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
    // errCode 0 only says the call reached WeChat Pay: the result is in returnCode and resultCode.
    if (res.returnCode !== 'SUCCESS' || res.resultCode !== 'SUCCESS') {
      return { ok: false, refused: res.errCodeDes ?? res.returnMsg ?? res.errMsg ?? 'FAIL' };
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, unknown: e };
  }
}
