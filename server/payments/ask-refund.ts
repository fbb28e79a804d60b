import type { Cloud } from '../platform/cloud';
import { readRefundEntries, refundTotal, type RefundEntry } from './refund-query';

/**
 * What WeChat Pay says of one refund (by its outRefundNo):
 * - `SUCCESS`: the money went back (with WeChat's amount and refund id);
 * - `PROCESSING`: accepted, not finished;
 * - `REFUNDCLOSE`: closed, the money did not go back; `CHANGE`: stuck at the bank (needs the
 *   merchant console; the money has not gone back through us, and may still);
 * - `ABSENT`: WeChat has no such refund — stated by a complete list of the order's refunds without
 *   it, or by the order itself never having entered refund (queryOrder tradeState not REFUND);
 * - `UNKNOWN`: nothing could be established (a call threw, a FAIL answer, an unreadable answer).
 *
 * Never from an error code (cloudPay sets errCode 0 on every answer) nor from errCodeDes (text).
 */
export type WeChatRefund =
  | { state: 'SUCCESS'; refundFee: number | null; refundId: string | null }
  | { state: 'PROCESSING' | 'REFUNDCLOSE' | 'CHANGE' | 'ABSENT' }
  | { state: 'UNKNOWN'; why: string };

/** queryRefund pages an order's refunds 10 at a time; an order has at most 50 (WeChat's limit). */
const PAGE = 10;
const MAX_PAGES = 6;

const ok = (r: { returnCode?: string; resultCode?: string }) => r.returnCode === 'SUCCESS' && r.resultCode === 'SUCCESS';

function fromEntry(e: RefundEntry): WeChatRefund {
  switch (e.status) {
    case 'SUCCESS':
      return { state: 'SUCCESS', refundFee: e.refundFee, refundId: e.refundId };
    case 'PROCESSING':
    case 'REFUNDCLOSE':
    case 'CHANGE':
      return { state: e.status };
    default:
      return { state: 'UNKNOWN', why: `refund status "${e.status}"` };
  }
}

/**
 * Asks WeChat Pay about one refund: by its outRefundNo first; when that answer names no refund
 * (FAIL, or a shape without per-refund fields), by the order's refunds page by page; when that is
 * FAIL too, the order's trade state says whether any refund was ever made on it.
 */
export async function askWeChatRefund(cloud: Cloud, ref: { outRefundNo: string; outTradeNo: string }): Promise<WeChatRefund> {
  const subMchId = cloud.env('SUB_MCH_ID') ?? '';
  try {
    const byNo = await cloud.pay.queryRefund({ subMchId, outRefundNo: ref.outRefundNo });
    if (ok(byNo)) {
      const hit = readRefundEntries(byNo).find((e) => e.outRefundNo === ref.outRefundNo);
      if (hit) return fromEntry(hit);
    }
    let listed = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await cloud.pay.queryRefund({ subMchId, outTradeNo: ref.outTradeNo, ...(page ? { offset: page * PAGE } : {}) });
      if (!ok(res)) {
        if (page > 0) return { state: 'UNKNOWN', why: 'queryRefund by order failed on a later page' };
        break;
      }
      const entries = readRefundEntries(res);
      const hit = entries.find((e) => e.outRefundNo === ref.outRefundNo);
      if (hit) return fromEntry(hit);
      listed += entries.length;
      const total = refundTotal(res);
      if (total === null || entries.length === 0) return { state: 'UNKNOWN', why: 'queryRefund answer lists no refunds' };
      if (listed >= total) return { state: 'ABSENT' };
    }
    const order = await cloud.pay.queryOrder({ subMchId, outTradeNo: ref.outTradeNo });
    // A trade that never entered refund has no refund at all (ours included).
    if (ok(order) && order.tradeState && order.tradeState !== 'REFUND') return { state: 'ABSENT' };
    return { state: 'UNKNOWN', why: 'queryRefund did not answer for this refund' };
  } catch (e) {
    return { state: 'UNKNOWN', why: e instanceof Error ? e.message : String(e) };
  }
}
