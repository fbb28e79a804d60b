import type { ReconcileMismatch } from '../../typings/admin';
import type { AfterSaleDoc, OrderDoc, RefundDoc } from '../repo/docs';

type Add = (m: ReconcileMismatch) => void;

/**
 * An approved request has exactly its refund: the record it names exists, points back at it, and
 * moves the same fen (units × unit price); a refund WeChat never made leaves the request unpaid,
 * which the shop must see.
 */
export function checkApprovedRequest(as: AfterSaleDoc, refund: RefundDoc | null, add: Add): void {
  const lineFen = as.lines.reduce((s, l) => s + l.quantity * l.unitFen, 0);
  if (lineFen !== as.refundFen) add({ kind: 'afterSale', who: as._id, what: '退款金额 = 件数 × 单价', expected: lineFen, actual: as.refundFen });
  if (as.status !== 'approved') return;
  if (!as.refundId || !refund) {
    add({ kind: 'afterSale', who: as._id, what: '已同意的售后没有退款记录', expected: 1, actual: 0 });
    return;
  }
  if (refund.afterSaleId !== as._id) add({ kind: 'afterSale', who: as._id, what: `退款 ${refund._id} 不属于这条售后`, expected: 1, actual: 0 });
  if (refund.refundFen !== as.refundFen) add({ kind: 'afterSale', who: as._id, what: '退款金额与售后申请不符', expected: as.refundFen, actual: refund.refundFen });
  if (refund.status === 'failed') add({ kind: 'afterSale', who: as._id, what: `已同意的售后退款失败（${refund.failReason || '微信支付未退款'}），需重新处理`, expected: 1, actual: 0 });
}

/** Every refund has its cause: an approved after-sales request that names it, or an admin's order.refund. */
export function checkRefundCause(refund: RefundDoc, as: AfterSaleDoc | null, byAdmin: boolean, add: Add): void {
  // A refund WeChat refused moved no money (an approval it undid is open again).
  if (refund.status === 'failed' && refund.afterSaleId) return;
  if (refund.afterSaleId) {
    if (!as || as.status !== 'approved' || as.refundId !== refund._id) {
      add({ kind: 'refund', who: refund._id, what: `退款对应的售后 ${refund.afterSaleId} 不存在或未同意`, expected: 1, actual: 0 });
    }
    return;
  }
  if (!byAdmin) add({ kind: 'refund', who: refund._id, what: '退款既无售后申请也不是管理员发起', expected: 1, actual: 0 });
}

/** The units an order holds for open requests equal the units of its open requests, line by line. */
export function checkOpenHold(order: OrderDoc, open: AfterSaleDoc[], add: Add): void {
  const want = order.lines.map(() => 0);
  for (const as of open) for (const l of as.lines) want[l.lineIndex] = (want[l.lineIndex] ?? 0) + l.quantity;
  order.lines.forEach((l, i) => {
    const held = l.afterSaleQuantity ?? 0;
    if (held !== want[i]) add({ kind: 'afterSale', who: order._id, what: `第 ${i + 1} 行售后中件数 = 待处理申请件数之和`, expected: want[i], actual: held });
    const taken = Math.max(l.refundRequestedQuantity ?? 0, l.refundedQuantity) + held;
    if (taken > l.quantity) add({ kind: 'afterSale', who: order._id, what: `第 ${i + 1} 行退款与售后件数超过购买件数`, expected: l.quantity, actual: taken });
  });
}
