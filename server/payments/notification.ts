import { z } from 'zod';

/** The fields of WeChat Pay's v2 payment notification the callback relies on. */
export const paymentNotificationSchema = z.looseObject({
  returnCode: z.string(),
  resultCode: z.string().optional(),
  outTradeNo: z.string().min(1).max(32),
  transactionId: z.string().max(64).optional(),
  totalFee: z.number().int().positive(),
});
export type PaymentNotification = z.infer<typeof paymentNotificationSchema>;

/**
 * A refund notification is only a hint: which refund to ask WeChat Pay about. cloudPay's refund
 * notification body is not documented; WeChat Pay v2 sends `return_code` and an encrypted `req_info`
 * whose decrypted fields are out_refund_no, out_trade_no, refund_status, ... So the refund is looked
 * for in the flat (camelCase or snake_case) body and in a `reqInfo` / `req_info` object; an
 * encrypted (string) reqInfo names no refund — the callback then looks at the oldest pending ones.
 */
export interface RefundHint {
  outRefundNo: string | null;
  outTradeNo: string | null;
}

const REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;

function pickId(o: Record<string, unknown>, camel: string, snake: string): string | null {
  const v = o[camel] ?? o[snake];
  return typeof v === 'string' && REFUND_NO.test(v) ? v : null;
}

export function readRefundHint(event: Record<string, unknown>): RefundHint {
  const inner = event.reqInfo ?? event.req_info;
  const sources = [event, ...(inner && typeof inner === 'object' ? [inner as Record<string, unknown>] : [])];
  let outRefundNo: string | null = null;
  let outTradeNo: string | null = null;
  for (const o of sources) {
    outRefundNo ??= pickId(o, 'outRefundNo', 'out_refund_no');
    outTradeNo ??= pickId(o, 'outTradeNo', 'out_trade_no');
  }
  return { outRefundNo, outTradeNo };
}

/** A refund notification carries a refund number, a refund status or reqInfo; a payment one none. */
export function isRefundEvent(event: Record<string, unknown>): boolean {
  return ['outRefundNo', 'out_refund_no', 'refundStatus', 'refund_status', 'reqInfo', 'req_info'].some((k) => k in event);
}

/** A refund WeChat Pay confirmed (by queryRefund): what the refund transaction applies. */
export interface RefundNotificationEvent {
  returnCode: string;
  refundStatus: string;
  outTradeNo: string;
  outRefundNo: string;
  refundId?: string;
  refundFee: number;
}

/** What the callback answers WeChat Pay: errcode 0 stops its retries. */
export type PayAck = { errcode: 0; errmsg: string } | { errcode: 1; errmsg: string };
export const ack = (errmsg = 'OK'): PayAck => ({ errcode: 0, errmsg });
