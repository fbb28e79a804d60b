import { DAY_MS } from '../core/time';
import type { Cloud } from '../platform/cloud';
import { C, type OrderDoc, type RefundDoc } from '../repo/docs';
import { walkByTime } from '../repo/walk';
import type { MismatchList } from '../rules/ledger';
import { askWeChatRefund } from './ask-refund';
import { askWeChatTrade } from './ask-trade';

/** How much of WeChat Pay one reconcile asks about: calls are round trips, the admin function has a timeout. */
export const WECHAT_MAX_RECORDS = 500;
export const WECHAT_TIME_BUDGET_MS = 25_000;
const PAGE = 100;
const PAID = new Set(['paid', 'shipped', 'received', 'refunded']);

export interface WeChatCheck {
  /** Refund records and orders compared with WeChat Pay. */
  refunds: number;
  orders: number;
  /** Records WeChat Pay could not answer for (compared next time). */
  unanswered: number;
  /** False when the record or time bound stopped the comparison early. */
  complete: boolean;
}

/**
 * Compares the records with WeChat Pay's own side, for the last `days` days (and every refund still
 * pending, whatever its age), bounded by WECHAT_MAX_RECORDS and WECHAT_TIME_BUDGET_MS:
 * - each refund record against queryRefund: the fen WeChat refunded (SUCCESS) must equal the fen
 *   the record says went back (its amount once `success`, 0 while pending or failed) — a refund
 *   WeChat paid that the order does not show is a finding, and so is the reverse;
 * - each order of the period against queryOrder: an order paid here must be paid there, for the
 *   same amount; a closed order must not be paid there; WeChat showing refunds on an order with no
 *   refund here is a finding.
 * Findings go to `out` as kind `refund` / `payment`, amounts in fen (expected: WeChat's side).
 */
export async function compareWithWeChat(cloud: Cloud, now: number, days: number, out: MismatchList): Promise<WeChatCheck> {
  const db = cloud.db;
  const since = now - days * DAY_MS;
  const deadline = cloud.now() + WECHAT_TIME_BUDGET_MS;
  const check: WeChatCheck = { refunds: 0, orders: 0, unanswered: 0, complete: true };
  const spent = () => check.refunds + check.orders >= WECHAT_MAX_RECORDS || cloud.now() >= deadline;

  const compareRefund = async (r: RefundDoc) => {
    check.refunds++;
    const wechat = await askWeChatRefund(cloud, { outRefundNo: r._id, outTradeNo: r.outTradeNo });
    if (wechat.state === 'UNKNOWN') {
      check.unanswered++;
      return;
    }
    const paidThere = wechat.state === 'SUCCESS' ? wechat.refundFee ?? r.refundFen : 0;
    const shownHere = r.status === 'success' ? r.refundFen : 0;
    if (paidThere === shownHere) return;
    const what =
      shownHere === 0
        ? `微信支付已退款，订单未体现（退款单${r.status === 'pending' ? '处理中' : '已失败'}）`
        : '订单记录已退款，微信支付未退款';
    out.add({ kind: 'refund', who: r._id, what, expected: paidThere, actual: shownHere });
  };

  // Pending refunds of any age first (the ones most likely to be out of step), then the period's.
  outer: for await (const page of walkByTime<RefundDoc>(db, C.refunds, 'createdAt', 0, since, { status: 'pending' }, PAGE)) {
    for (const r of page) {
      if (spent()) {
        check.complete = false;
        break outer;
      }
      await compareRefund(r);
    }
  }
  outer: for await (const page of walkByTime<RefundDoc>(db, C.refunds, 'createdAt', since, now + 1, {}, PAGE)) {
    for (const r of page) {
      if (spent()) {
        check.complete = false;
        break outer;
      }
      await compareRefund(r);
    }
  }

  outer: for await (const page of walkByTime<OrderDoc>(db, C.orders, 'createdAt', since, now + 1, {}, PAGE)) {
    for (const o of page) {
      if (o.status === 'pending') continue; // settle's close-unpaid asks WeChat about these
      if (spent()) {
        check.complete = false;
        break outer;
      }
      check.orders++;
      const trade = await askWeChatTrade(cloud, o.outTradeNo);
      if (trade.state === 'UNKNOWN') {
        check.unanswered++;
        continue;
      }
      const paidThere = trade.state === 'PAID' ? trade.totalFee : 0;
      const paidHere = PAID.has(o.status) ? o.totalFen : 0;
      if (paidThere !== paidHere) {
        const what = paidHere ? '订单已付款，微信支付未收款' : '微信支付已收款，订单已关闭';
        out.add({ kind: 'payment', who: o._id, what, expected: paidThere, actual: paidHere });
      } else if (trade.state === 'PAID' && trade.refunded && !(o.refundRequestedFen ?? o.refundedFen)) {
        out.add({ kind: 'refund', who: o._id, what: '微信支付显示有退款，订单没有退款记录', expected: 1, actual: 0 });
      }
    }
  }
  return check;
}
