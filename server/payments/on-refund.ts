import { chinaDay, dayKey, monthKey } from '../core/time';
import type { Db } from '../db/types';
import type { Cloud } from '../platform/cloud';
import { C, type CommissionDoc, type OrderDoc, type OrderLine, type PendingStats, type RefundDoc } from '../repo/docs';
import { commissionSlots } from '../rules/order-commissions';
import { reverseCommission } from '../rules/refund';
import { ack, type PayAck, type RefundNotificationEvent } from './notification';
import { transact } from '../db/transact';

export type RefundOutcome = 'refunded' | 'duplicate' | 'unknown_refund' | 'mismatch' | 'not_success';

/** A beneficiary's balance moves on one refund. */
interface Move {
  /** Net commission taken back. */
  fen: number;
  frozenFen: number;
  availableFen: number;
  /** The same, by the China-time day and month it was credited (those counters stay net). */
  byDay: Map<string, number>;
  byMonth: Map<string, number>;
}

/**
 * A refund notification from WeChat Pay: the refunded units leave the order, the stock comes back,
 * and the commission on those units is taken back at its original per-unit amount — frozen
 * commission by a `reversal`, commission already available (or withdrawn) by a `clawback` that may
 * leave the available balance negative (a debt). Exactly once: one transaction whose first read is
 * the refund record, guarded by its status; a repeat finds it done, a run cut off committed nothing.
 * Database operations for a one-line two-level order: 11 (refund read, order read, 2 commission reads,
 * 2 commission writes, 2 balance writes, order write, stock write, refund write); the day's counters
 * ride on the refund record (`statsPending`) and are folded in later (repo/stats-fold.ts). Refunds of
 * one order meet on the order and rerun (db/transact.ts).
 */
export async function onRefund(cloud: Cloud, n: RefundNotificationEvent): Promise<{ ack: PayAck; outcome: RefundOutcome }> {
  if (n.returnCode !== 'SUCCESS') return { ack: ack('not a successful notification'), outcome: 'not_success' };
  const db = cloud.db;
  const now = cloud.now();
  // Only a refund WeChat Pay confirmed paid reaches here (confirm-refund.ts asks queryRefund first;
  // a closed refund is released there, CHANGE waits for the merchant): anything else changes nothing.
  if (n.refundStatus !== 'SUCCESS') return { ack: ack('refund not successful'), outcome: 'not_success' };
  const _ = db.command;
  const outcome = await transact(db, async (tx) => {
    const { data: refund } = await tx.collection<RefundDoc>(C.refunds).doc(n.outRefundNo).get();
    if (!refund) return 'unknown_refund' as const;
    if (refund.status === 'success') return 'duplicate' as const;
    if (refund.status !== 'pending' || refund.outTradeNo !== n.outTradeNo || refund.refundFen !== n.refundFee) {
      return 'mismatch' as const;
    }
    const { data: order } = await tx.collection<OrderDoc>(C.orders).doc(refund.orderId).get();
    if (!order) return 'mismatch' as const;

    const unitsByLine = new Map(refund.lines.map((l) => [l.lineIndex, l.quantity]));
    const moves = new Map<string, Move>();
    const beneficiaries = new Set<string>();
    // Every commission of the order: beneficiaries of other lines still lose the refunded sales.
    const commissions: CommissionDoc[] = [];
    for (const slot of commissionSlots(order)) {
      const { data: c } = await tx.collection<CommissionDoc>(C.commissions).doc(slot.id).get();
      if (c) commissions.push(c);
    }
    for (const c of commissions) {
      beneficiaries.add(c.beneficiaryOpenid);
      const r = reverseCommission(c, unitsByLine.get(c.lineIndex) ?? 0, now, refund._id);
      if (!r) continue;
      await tx.collection(C.commissions).doc(c._id).update({
        data: {
          refundedQuantity: _.inc(r.units),
          amountFen: _.inc(-r.fen),
          status: r.reversed ? 'reversed' : c.status,
          events: _.push([r.event]),
        },
      });
      const m = moves.get(c.beneficiaryOpenid) ?? { fen: 0, frozenFen: 0, availableFen: 0, byDay: new Map(), byMonth: new Map() };
      m.fen += r.fen;
      m.frozenFen += r.event.frozenFen ?? 0;
      m.availableFen += r.event.availableFen ?? 0;
      m.byDay.set(dayKey(c.createdAt), (m.byDay.get(dayKey(c.createdAt)) ?? 0) + r.fen);
      m.byMonth.set(monthKey(c.createdAt), (m.byMonth.get(monthKey(c.createdAt)) ?? 0) + r.fen);
      moves.set(c.beneficiaryOpenid, m);
    }

    const lines: OrderLine[] = order.lines.map((l, i) => ({
      ...l,
      refundedQuantity: l.refundedQuantity + (unitsByLine.get(i) ?? 0),
    }));
    const whole = lines.every((l) => l.refundedQuantity >= l.quantity);
    for (const openid of beneficiaries) {
      const m = moves.get(openid);
      const data: Record<string, unknown> = {
        promoted: { salesFen: _.inc(-refund.refundFen), ...(whole ? { orders: _.inc(-1) } : {}) },
      };
      if (m) {
        if (m.frozenFen) data.frozenFen = _.inc(m.frozenFen);
        if (m.availableFen) data.availableFen = _.inc(m.availableFen);
        data.lifetimeFen = _.inc(-m.fen);
        for (const [k, v] of m.byDay) data[`earnByDay.${k}`] = _.inc(-v);
        for (const [k, v] of m.byMonth) data[`earnByMonth.${k}`] = _.inc(-v);
      }
      await tx.collection(C.distributors).doc(openid).update({ data });
    }

    await tx.collection(C.orders).doc(order._id).update({
      data: {
        lines: _.set(lines),
        refundedFen: _.inc(refund.refundFen),
        ...(whole ? { status: 'refunded' } : {}),
        // The buyer's order timeline shows the money back (kind `refunded`, with its after-sales request).
        events: _.push([{ kind: 'refunded', at: now, refundFen: refund.refundFen, ...(refund.afterSaleId ? { afterSaleId: refund.afterSaleId } : {}) }]),
      },
    });
    const back = new Map<string, number>();
    for (const l of refund.lines) back.set(l.productId, (back.get(l.productId) ?? 0) + l.quantity);
    for (const [productId, qty] of back) {
      await tx.collection(C.products).doc(productId).update({ data: { stock: _.inc(qty), sales: _.inc(-qty) } });
    }
    const statsPending: PendingStats = { day: chinaDay(now), incs: { refundFen: refund.refundFen } };
    await tx.collection(C.refunds).doc(refund._id).update({
      data: { status: 'success', doneAt: now, refundId: n.refundId ?? null, statsPending: _.set(statsPending) },
    });
    return 'refunded' as const;
  }, { busy: '退款结果处理繁忙，稍后重试' });
  if (outcome === 'unknown_refund' || outcome === 'mismatch') {
    console.error(`[payCallback] refund ${outcome}`, n.outRefundNo, n.outTradeNo, n.refundFee);
  }
  return { ack: ack(outcome), outcome };
}

/**
 * A refund that did not happen (WeChat refused it, or reported it closed): the record becomes
 * `failed` and the units and fen it held on the order are free again. Guarded by the record's status.
 */
export async function releaseRefund(db: Db, outRefundNo: string, reason: string): Promise<boolean> {
  const _ = db.command;
  return transact(db, async (tx) => {
    const { data: refund } = await tx.collection<RefundDoc>(C.refunds).doc(outRefundNo).get();
    if (!refund || refund.status !== 'pending') return false;
    const { data: order } = await tx.collection<OrderDoc>(C.orders).doc(refund.orderId).get();
    if (order) {
      const held = new Map(refund.lines.map((l) => [l.lineIndex, l.quantity]));
      const lines = order.lines.map((l, i) => ({
        ...l,
        refundRequestedQuantity: (l.refundRequestedQuantity ?? l.refundedQuantity) - (held.get(i) ?? 0),
      }));
      await tx.collection(C.orders).doc(order._id).update({
        data: { lines: _.set(lines), refundRequestedFen: _.inc(-refund.refundFen) },
      });
    }
    await tx.collection(C.refunds).doc(outRefundNo).update({ data: { status: 'failed', failReason: reason.slice(0, 200) } });
    return true;
  }, { busy: '退款结果处理繁忙，稍后重试' });
}
