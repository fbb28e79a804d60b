import type { Db, Transaction } from '../db/types';
import { sendSafely } from '../notify/subscribe';
import type { Cloud } from '../platform/cloud';
import { C, type CommissionDoc, type DistributorDoc, type LedgerEvent, type OrderDoc } from '../repo/docs';
import { commissionSlots } from '../rules/order-commissions';
import { type Budget, sweep } from './budget';
import { PAGES } from '../../miniprogram/shared/pages';
import { BUSY, transact } from '../db/transact';
import { lineOnHold } from '../rules/after-sale';

/** An order whose commission is held by after-sales is due again this long after (the next hourly run). */
export const HOLD_RECHECK_MS = 60 * 60_000;

/**
 * Commission of a received order moves frozen → available once `settleAt` (receipt + freezeDays)
 * has come: per order, in ONE transaction guarded by the order's `commissionSettled` flag, reaching
 * the commissions by their derived ids. Each frozen commission gets an `unfreeze` event and the
 * beneficiary's balance moves by the same amount; commission already reversed moves nothing.
 * Database operations for a one-line two-level order: 8 (order read, 2 commission reads, 2 commission
 * writes, 2 balance writes, order write) — plus, when the order is settled for good, the buyer's
 * distributor record read (and flagged when there is one) for grades. Then "佣金已到账" to each beneficiary, after the commit.
 */
export function unfreezeDue(cloud: Cloud, now: number, budget: Budget) {
  const db = cloud.db;
  return sweep<OrderDoc>(
    'unfreeze',
    budget,
    async (limit) =>
      (
        await db
          .collection<OrderDoc>(C.orders)
          .where({ commissionSettled: false, settleAt: db.command.lte(now) })
          .orderBy('settleAt', 'asc')
          .limit(limit)
          .field({ _id: true })
          .get()
      ).data,
    async (o) => {
      const moved = await unfreezeOrder(db, o._id, now);
      if (!moved) return 'skipped';
      for (const [openid, fen] of moved) {
        await sendSafely(cloud, 'commissionAvailable', openid, PAGES.commissions, {
          thing: '佣金已到账',
          amountFen: fen,
          at: now,
          note: `订单 ${o._id.slice(-8)}`,
        });
      }
      return 'done';
    },
  );
}

/**
 * What a settled order adds to grade figures (rules/grades.ts): the level-1 referrer who earned on
 * it gets its net sales and, unless wholly refunded, one order; the buyer, when a distributor, is
 * flagged so the grades job recounts their own spend. Both are flagged for the grades job.
 * One extra read (the buyer's distributor record, when the buyer is not the level-1 referrer).
 */
async function gradeFigureWrites(tx: Transaction, db: Db, order: OrderDoc): Promise<Map<string, Record<string, unknown>>> {
  const _ = db.command;
  const out = new Map<string, Record<string, unknown>>();
  const flag = { gradeCheck: true, gradeSeq: _.inc(1) };
  const level1 = commissionSlots(order).find((s) => s.level === 1)?.beneficiaryOpenid ?? null;
  if (level1) {
    const netFen = Math.max(0, order.totalFen - order.refundedFen);
    out.set(level1, { ...flag, 'settled.salesFen': _.inc(netFen), 'settled.orders': _.inc(netFen > 0 ? 1 : 0) });
  }
  if (order.buyerOpenid !== level1) {
    const { data: buyer } = await tx.collection<DistributorDoc>(C.distributors).doc(order.buyerOpenid).get();
    if (buyer) out.set(order.buyerOpenid, flag);
  }
  return out;
}

/** Unfreezes one order's commission; null when it was not due or already done (a repeat or a rival run). */
export async function unfreezeOrder(db: Db, orderId: string, now: number): Promise<Map<string, number> | null> {
  const _ = db.command;
  return transact(db, async (tx) => {
    const { data: order } = await tx.collection<OrderDoc>(C.orders).doc(orderId).get();
    if (!order || order.commissionSettled !== false || order.settleAt == null || order.settleAt > now) return null;
    const moved = new Map<string, number>();
    const due: CommissionDoc[] = [];
    // Lines under an open after-sales request (or with a refund on its way) keep their commission
    // frozen; the rest of the order unfreezes now, and the order is looked at again in an hour.
    const held = order.lines.map(lineOnHold);
    for (const slot of commissionSlots(order)) {
      if (held[slot.lineIndex]) continue;
      const { data: c } = await tx.collection<CommissionDoc>(C.commissions).doc(slot.id).get();
      if (c && c.status === 'frozen' && c.amountFen > 0) due.push(c);
    }
    for (const c of due) {
      const event: LedgerEvent = { type: 'unfreeze', at: now, frozenFen: -c.amountFen, availableFen: c.amountFen };
      await tx.collection(C.commissions).doc(c._id).update({ data: { status: 'available', events: _.push([event]) } });
      moved.set(c.beneficiaryOpenid, (moved.get(c.beneficiaryOpenid) ?? 0) + c.amountFen);
    }
    const writes = new Map<string, Record<string, unknown>>();
    for (const [openid, fen] of moved) writes.set(openid, { frozenFen: _.inc(-fen), availableFen: _.inc(fen) });
    const final = !held.some(Boolean);
    if (final) {
      // The order is settled for good: its figures count towards grades, exactly once (same guard).
      for (const [openid, figures] of await gradeFigureWrites(tx, db, order)) {
        writes.set(openid, { ...writes.get(openid), ...figures });
      }
    }
    for (const [openid, data] of writes) {
      await tx.collection(C.distributors).doc(openid).update({ data });
    }
    if (!final) {
      await tx.collection(C.orders).doc(orderId).update({ data: { settleAt: now + HOLD_RECHECK_MS } });
      return moved.size ? moved : null;
    }
    await tx.collection(C.orders).doc(orderId).update({ data: { commissionSettled: true } });
    return moved;
  }, { busy: BUSY });
}
