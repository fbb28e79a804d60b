import type { AfterSaleStatus } from '../../typings/api';
import { conflict, notFound } from '../core/errors';
import { BUSY, transact } from '../db/transact';
import type { Db, Transaction } from '../db/types';
import { REFUND_RECHECK_MS } from '../payments/request-refund';
import { C, type AfterSaleDoc, type OrderDoc, type OrderLine, type RefundDoc } from '../repo/docs';
import { AFTER_SALE_STATUSES, freeUnits, withAfterSaleHold } from '../rules/after-sale';

/**
 * The steps of an after-sales request after it was made: cancel (buyer), reject and approve (admin).
 * Each is one transaction that reads the request and then its order — the order is the guard
 * document every step writes, so an approve and a cancel of the same request (or of two requests on
 * one order) meet in a write conflict and the loser, run again, finds the request no longer open.
 */

const STATUS_TEXT: Record<AfterSaleStatus, string> = {
  open: '待处理',
  approved: '已同意',
  rejected: '已拒绝',
  cancelled: '已撤销',
};

async function readOpen(tx: Transaction, afterSaleId: string, buyerOpenid?: string) {
  const { data: as } = await tx.collection<AfterSaleDoc>(C.afterSales).doc(afterSaleId).get();
  if (!as || (buyerOpenid !== undefined && as.buyerOpenid !== buyerOpenid)) throw notFound('售后申请不存在');
  if (as.status !== 'open') throw conflict(`售后申请${STATUS_TEXT[as.status]}，不能再处理`);
  const { data: order } = await tx.collection<OrderDoc>(C.orders).doc(as.orderId).get();
  if (!order) throw notFound('订单不存在');
  return { as, order };
}

function summaries(order: OrderDoc, afterSaleId: string, status: AfterSaleStatus) {
  return (order.afterSales ?? []).map((a) => (a.afterSaleId === afterSaleId ? { ...a, status } : a));
}

/** Cancel (buyer) or reject (admin): the units go back to free; the commission hold lifts with them. */
export async function closeAfterSale(
  tx: Transaction,
  db: Db,
  afterSaleId: string,
  outcome: { status: 'cancelled' | 'rejected'; by: string; now: number; rejectReason?: string; buyerOpenid?: string },
): Promise<AfterSaleDoc> {
  const _ = db.command;
  const { as, order } = await readOpen(tx, afterSaleId, outcome.buyerOpenid);
  await tx.collection(C.orders).doc(order._id).update({
    data: {
      lines: _.set(withAfterSaleHold(order.lines, as.lines, -1)),
      afterSales: _.set(summaries(order, as._id, outcome.status)),
      events: _.push([{ kind: outcome.status === 'cancelled' ? 'afterSaleCancelled' : 'afterSaleRejected', at: outcome.now, afterSaleId: as._id }]),
    },
  });
  const patch = {
    status: outcome.status,
    closed: 1 as const,
    resolvedAt: outcome.now,
    resolvedBy: outcome.by,
    rejectReason: outcome.rejectReason ?? '',
  };
  await tx.collection(C.afterSales).doc(as._id).update({ data: patch });
  return { ...as, ...patch };
}

/**
 * Approve: the request's units move from the after-sales hold to a refund record (the same record
 * order.refund writes: `_id` = outRefundNo = `<orderId>-R<n>`, units held on the order), so the
 * existing refund path — WeChat Pay, then the notification reversing or clawing back commission —
 * carries it out. Refund = the request's units × each line's unit price.
 */
export async function approveAfterSale(
  tx: Transaction,
  db: Db,
  afterSaleId: string,
  by: string,
  now: number,
): Promise<{ as: AfterSaleDoc; refund: RefundDoc; totalFen: number }> {
  const _ = db.command;
  const { as, order } = await readOpen(tx, afterSaleId);
  if (!AFTER_SALE_STATUSES.has(order.status)) throw conflict('订单已关闭或已全部退款，不能退款');
  const released = withAfterSaleHold(order.lines, as.lines, -1);
  for (const l of as.lines) {
    // The hold guarantees it; a refund written around it (older data) is caught here.
    if (freeUnits(released[l.lineIndex]) < l.quantity) throw conflict(`“${l.title}”可退数量不足，请拒绝此申请`);
  }
  const take = new Map(as.lines.map((l) => [l.lineIndex, l.quantity]));
  const lines: OrderLine[] = released.map((l, i) => ({
    ...l,
    refundRequestedQuantity: Math.max(l.refundRequestedQuantity ?? 0, l.refundedQuantity) + (take.get(i) ?? 0),
  }));
  const whole = lines.every((l) => l.refundRequestedQuantity === l.quantity && !(l.afterSaleQuantity ?? 0));
  const requestedFen = order.refundRequestedFen ?? order.refundedFen;
  const seq = (order.refundSeq ?? 0) + 1;
  const refund: RefundDoc = {
    _id: `${order._id}-R${seq}`,
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    lines: as.lines.map((l) => ({ lineIndex: l.lineIndex, productId: l.productId, quantity: l.quantity, unitFen: l.unitFen })),
    refundFen: as.refundFen,
    whole,
    reason: `售后：${as.reason}`.slice(0, 80),
    status: 'pending',
    requestedBy: by,
    createdAt: now,
    doneAt: null,
    refundId: null,
    failReason: '',
    checkAt: now + REFUND_RECHECK_MS,
    afterSaleId: as._id,
  };
  await tx.collection(C.orders).doc(order._id).update({
    data: {
      lines: _.set(lines),
      refundSeq: seq,
      refundRequestedFen: requestedFen + refund.refundFen,
      afterSales: _.set(summaries(order, as._id, 'approved')),
      events: _.push([{ kind: 'afterSaleApproved', at: now, afterSaleId: as._id, refundFen: as.refundFen }]),
    },
  });
  const patch = { status: 'approved' as const, closed: 1 as const, resolvedAt: now, resolvedBy: by, refundId: refund._id };
  await tx.collection(C.afterSales).doc(as._id).update({ data: patch });
  await tx.collection<RefundDoc>(C.refunds).add({ data: refund });
  return { as: { ...as, ...patch }, refund, totalFen: order.totalFen };
}

/**
 * WeChat Pay refused the refund of an approval at once: the approval is undone in one transaction —
 * the refund record fails, its units go back under the (again open) request — so the admin can try
 * again or reject. Guarded by the refund's status: a notification that got there first wins.
 */
export async function undoApproval(db: Db, afterSaleId: string, refundId: string, reason: string): Promise<boolean> {
  const _ = db.command;
  return transact(db, async (tx) => {
    const { data: refund } = await tx.collection<RefundDoc>(C.refunds).doc(refundId).get();
    if (!refund || refund.status !== 'pending') return false;
    const { data: as } = await tx.collection<AfterSaleDoc>(C.afterSales).doc(afterSaleId).get();
    const { data: order } = await tx.collection<OrderDoc>(C.orders).doc(refund.orderId).get();
    if (!as || !order || as.refundId !== refundId) return false;
    const back = new Map(refund.lines.map((l) => [l.lineIndex, l.quantity]));
    const lines = withAfterSaleHold(
      order.lines.map((l, i) => ({ ...l, refundRequestedQuantity: (l.refundRequestedQuantity ?? l.refundedQuantity) - (back.get(i) ?? 0) })),
      as.lines,
      1,
    );
    await tx.collection(C.orders).doc(order._id).update({
      data: {
        lines: _.set(lines),
        refundRequestedFen: _.inc(-refund.refundFen),
        afterSales: _.set(summaries(order, as._id, 'open')),
      },
    });
    await tx.collection(C.refunds).doc(refundId).update({ data: { status: 'failed', failReason: reason.slice(0, 200) } });
    await tx.collection(C.afterSales).doc(afterSaleId).update({ data: { status: 'open', closed: 0, resolvedAt: null, resolvedBy: null, refundId: null } });
    return true;
  }, { busy: BUSY });
}
