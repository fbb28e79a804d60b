import type { Cloud } from '../platform/cloud';
import { C, type OrderDoc, type RefundDoc } from '../repo/docs';
import { askWeChatRefund, type WeChatRefund } from './ask-refund';
import { ack, type PayAck, type RefundHint } from './notification';
import { onRefund, releaseRefund } from './on-refund';
import { requestRefund } from './request-refund';

export type RefundCheck =
  /** WeChat paid it: applied now (commission back, stock back), exactly once. */
  | 'refunded'
  /** WeChat closed it, or refused a renewed request and has no such refund: units released. */
  | 'released'
  /** WeChat had no such refund: asked for again with the same outRefundNo. */
  | 'requested'
  /** Nothing to do: still processing, unknown at WeChat, not ours, or already done. */
  | 'unchanged'
  | 'duplicate'
  | 'unknown_refund'
  /** WeChat paid a different amount than the record holds: left pending and logged for a person. */
  | 'mismatch';

/**
 * Brings one refund record in line with WeChat Pay. The record moves only on what WeChat Pay itself
 * answers to queryRefund (askWeChatRefund), never on a notification's word:
 * SUCCESS → applied (onRefund's one guarded transaction, so a notification and a settle run racing
 * apply it once); REFUNDCLOSE → released; ABSENT → when `renew`, asked again under the same
 * outRefundNo (a definite refusal then releases it); anything else → left pending.
 */
export async function checkRefund(cloud: Cloud, outRefundNo: string, renew: boolean): Promise<{ result: RefundCheck; wechat?: WeChatRefund }> {
  const db = cloud.db;
  const { data } = await db.collection<RefundDoc>(C.refunds).where({ _id: outRefundNo }).limit(1).get();
  const refund = data[0];
  if (!refund) return { result: 'unknown_refund' };
  if (refund.status !== 'pending') return { result: 'duplicate' };
  const wechat = await askWeChatRefund(cloud, { outRefundNo, outTradeNo: refund.outTradeNo });
  switch (wechat.state) {
    case 'SUCCESS': {
      if (wechat.refundFee !== null && wechat.refundFee !== refund.refundFen) {
        console.error('[refund] WeChat refunded another amount', outRefundNo, wechat.refundFee, refund.refundFen);
        return { result: 'mismatch', wechat };
      }
      const { outcome } = await onRefund(cloud, {
        returnCode: 'SUCCESS',
        refundStatus: 'SUCCESS',
        outTradeNo: refund.outTradeNo,
        outRefundNo,
        refundId: wechat.refundId ?? undefined,
        refundFee: refund.refundFen,
      });
      return { result: outcome === 'refunded' ? 'refunded' : outcome === 'duplicate' ? 'duplicate' : 'mismatch', wechat };
    }
    case 'REFUNDCLOSE':
      return { result: (await releaseRefund(db, outRefundNo, '微信支付退款关闭')) ? 'released' : 'duplicate', wechat };
    case 'ABSENT': {
      if (!renew) return { result: 'unchanged', wechat };
      const { data: orders } = await db.collection<OrderDoc>(C.orders).where({ _id: refund.orderId }).limit(1).get();
      if (!orders[0]) return { result: 'unchanged', wechat };
      const call = await requestRefund(cloud, refund, orders[0].totalFen);
      if (call.ok) return { result: 'requested', wechat };
      if ('refused' in call) return { result: (await releaseRefund(db, outRefundNo, call.refused)) ? 'released' : 'duplicate', wechat };
      return { result: 'unchanged', wechat };
    }
    default:
      // PROCESSING, CHANGE (stuck at the bank: the merchant console decides), UNKNOWN.
      return { result: 'unchanged', wechat };
  }
}

/** How many pending refunds a notification that names none makes the callback look at. */
const UNNAMED_HINT_LOOKS = 20;

/**
 * The refund notification: a hint of which refund to ask WeChat Pay about. A notification for a
 * refund WeChat does not confirm changes nothing. One that names no refund (an encrypted reqInfo)
 * makes the callback look at the oldest pending refunds. Acknowledged once looked at; a failure
 * while looking throws, so WeChat redelivers.
 */
export async function onRefundNotification(cloud: Cloud, hint: RefundHint): Promise<PayAck> {
  if (hint.outRefundNo) {
    const { result } = await checkRefund(cloud, hint.outRefundNo, false);
    if (result === 'unknown_refund' || result === 'mismatch') console.warn(`[payCallback] refund ${result}`, hint.outRefundNo);
    return ack(result);
  }
  const db = cloud.db;
  const { data } = await db
    .collection<RefundDoc>(C.refunds)
    .where({ status: 'pending', checkAt: db.command.gte(0) })
    .orderBy('checkAt', 'asc')
    .limit(UNNAMED_HINT_LOOKS)
    .field({ _id: true })
    .get();
  let applied = 0;
  for (const r of data) if ((await checkRefund(cloud, r._id, false)).result === 'refunded') applied++;
  return ack(`looked at ${data.length} pending refunds, ${applied} refunded`);
}
