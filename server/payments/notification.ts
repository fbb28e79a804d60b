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

/** The fields of WeChat Pay's refund notification (decrypted `req_info`) the callback relies on. */
export const refundNotificationSchema = z.looseObject({
  returnCode: z.string(),
  refundStatus: z.string(),
  outTradeNo: z.string().min(1).max(32),
  outRefundNo: z.string().min(1).max(64),
  refundId: z.string().max(64).optional(),
  totalFee: z.number().int().positive(),
  refundFee: z.number().int().positive(),
});
export type RefundNotificationEvent = z.infer<typeof refundNotificationSchema>;

/** A refund notification carries `outRefundNo` and `refundStatus`; a payment one does not. */
export function isRefundEvent(event: Record<string, unknown>): boolean {
  return 'outRefundNo' in event || 'refundStatus' in event || 'reqInfo' in event;
}

/** What the callback answers WeChat Pay: errcode 0 stops its retries. */
export type PayAck = { errcode: 0; errmsg: string } | { errcode: 1; errmsg: string };
export const ack = (errmsg = 'OK'): PayAck => ({ errcode: 0, errmsg });
