import type { Cloud } from '../platform/cloud';
import { onRefundNotification } from '../payments/confirm-refund';
import { ack, isRefundEvent, paymentNotificationSchema, readRefundHint, type PayAck } from '../payments/notification';
import { onPayment } from '../payments/on-payment';
import { handleTransferNotify, isHttpAccessEvent, type HttpAccessReply } from '../payouts/notify';
import { isSettlementEvent, onSettlement, settlementEventSchema } from '../payments/on-settlement';

/** Sources that are a person's call (the mini program, devtools): never WeChat's own messages. */
const PEOPLE = new Set(['wx_client', 'wx_devtools', 'wx_localdebug']);

/**
 * The `payCallback` function: WeChat Pay's payment and refund notifications, each confirmed with
 * WeChat Pay (queryOrder / queryRefund) before anything moves. Handled only when the
 * context says WeChat Pay sent it (a mini program calling this function itself changes nothing).
 * Also WeChat's settlement / confirm-receipt message push (`trade_manage_order_settlement`), when
 * configured to come here: refused from a user, and acted on only when get_order confirms it.
 * Answers `{ errcode: 0 }` once a notification is handled or known to be bad, so WeChat stops
 * retrying; throws on a passing failure, so WeChat retries and the retry finishes the job.
 */
export async function handlePayCallback(cloud: Cloud, event: unknown): Promise<PayAck | HttpAccessReply> {
  // 商家转账 results arrive over the HTTP access service (README, Payouts): proven by WeChat Pay's
  // signature, not by the context, and only ever a reason to ask WeChat Pay about the bill.
  if (isHttpAccessEvent(event)) return handleTransferNotify(cloud, event);
  const wx = cloud.getWXContext();
  if (typeof event === 'object' && event !== null && isSettlementEvent(event as Record<string, unknown>)) {
    // WeChat's confirm-receipt / settlement push (消息推送 → this function): checked against get_order.
    if (PEOPLE.has(wx.SOURCE.split(',')[0])) return { errcode: 1, errmsg: 'FORBIDDEN: a message push does not come from a user' };
    const parsed = settlementEventSchema.safeParse(event);
    if (!parsed.success) return ack('ignored: malformed settlement event');
    return (await onSettlement(cloud, parsed.data)).ack;
  }
  if (wx.SOURCE !== 'wx_paycallback') {
    return { errcode: 1, errmsg: 'FORBIDDEN: only WeChat Pay may call this function' };
  }
  if (typeof event !== 'object' || event === null) return ack('ignored: not an object');
  const e = event as Record<string, unknown>;
  // A refund notification only says which refund to ask WeChat Pay about (its body is not a
  // documented contract): nothing moves unless queryRefund confirms it.
  if (isRefundEvent(e)) return onRefundNotification(cloud, readRefundHint(e));
  const parsed = paymentNotificationSchema.safeParse(e);
  if (!parsed.success) return ack('ignored: malformed payment notification');
  return (await onPayment(cloud, parsed.data)).ack;
}
