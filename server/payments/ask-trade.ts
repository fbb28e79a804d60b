import type { Cloud } from '../platform/cloud';
import { onPayment, type PaymentOutcome } from './on-payment';

/**
 * What WeChat Pay says of one trade (queryOrder), read from `tradeState` alone — never from an error
 * code (cloudPay answers errCode 0 always) or errCodeDes (text). A FAIL answer (the order does not
 * exist at WeChat, or a system error: the two cannot be told apart without those) is UNKNOWN.
 */
export type WeChatTrade =
  /** `refunded`: the trade entered refund at WeChat (tradeState REFUND). */
  | { state: 'PAID'; totalFee: number; transactionId: string; refunded: boolean }
  | { state: 'NOTPAY' | 'USERPAYING' | 'CLOSED' }
  | { state: 'UNKNOWN'; why: string };

export async function askWeChatTrade(cloud: Cloud, outTradeNo: string): Promise<WeChatTrade> {
  try {
    const q = await cloud.pay.queryOrder({ outTradeNo, subMchId: cloud.env('SUB_MCH_ID') ?? '' });
    if (q.returnCode !== 'SUCCESS' || q.resultCode !== 'SUCCESS') return { state: 'UNKNOWN', why: q.errCodeDes ?? q.returnMsg ?? 'FAIL' };
    switch (q.tradeState) {
      case 'SUCCESS':
      case 'REFUND':
        if (typeof q.totalFee !== 'number') return { state: 'UNKNOWN', why: 'paid without totalFee' };
        return { state: 'PAID', totalFee: q.totalFee, transactionId: q.transactionId ?? '', refunded: q.tradeState === 'REFUND' };
      case 'NOTPAY':
      case 'PAYERROR':
        return { state: 'NOTPAY' };
      case 'USERPAYING':
        return { state: 'USERPAYING' };
      case 'CLOSED':
      case 'REVOKED':
        return { state: 'CLOSED' };
      default:
        return { state: 'UNKNOWN', why: `tradeState ${String(q.tradeState)}` };
    }
  } catch (e) {
    return { state: 'UNKNOWN', why: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * A trade WeChat Pay says is paid, whose notification never came: paid here through the very path
 * the notification takes (onPayment: confirmed again by queryOrder, one transaction guarded by the
 * order's status), so a late notification and this count it once between them.
 */
export async function payFromQuery(
  cloud: Cloud,
  outTradeNo: string,
  trade: { totalFee: number; transactionId: string },
): Promise<PaymentOutcome> {
  const { outcome } = await onPayment(cloud, {
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    outTradeNo,
    totalFee: trade.totalFee,
    transactionId: trade.transactionId,
  });
  return outcome;
}
