import { chinaDay, dayKey, monthKey } from '../core/time';
import type { Db } from '../db/types';
import type { Cloud } from '../platform/cloud';
import { C, type CommissionDoc, type DistributorDoc, type OrderDoc, type PendingStats } from '../repo/docs';
import { commissionId, planCommissions, type PlannedCommission } from '../rules/commission';
import { ack, type PayAck, type PaymentNotification } from './notification';
import { transact } from '../db/transact';

export type PaymentOutcome = 'paid' | 'duplicate' | 'unknown_order' | 'amount_mismatch' | 'not_paid' | 'not_success';

/**
 * A payment notification from WeChat Pay: the order becomes paid and its commission is credited,
 * exactly once however often, however concurrently, and wherever a run was cut off.
 *
 * All writes happen in one transaction whose first read is the order: a repeat finds it no longer
 * pending and changes nothing; a run cut off mid-way committed nothing, so the retry does it all.
 * Duplicates delivered at once meet on the order (the first to write it holds it; the others fail at
 * once and rerun, then find it paid); payments of one popular distributor meet on its balance and
 * rerun the same way (db/transact.ts); a duplicate commission id (derived from the order) likewise
 * means another delivery got there first, and the rerun finds the order paid. The day's counters
 * are not written here (that document would be every payment's meeting point): they ride on the
 * order (`statsPending`) and are folded in later (repo/stats-fold.ts).
 * Commission `_id`s come from the order, line and level, so a commission can never be written twice.
 * Database operations for a paid two-level one-line order: 7 (order read, beneficiaries' status read,
 * order write, two commission adds, two balance writes).
 */
export async function onPayment(cloud: Cloud, n: PaymentNotification): Promise<{ ack: PayAck; outcome: PaymentOutcome }> {
  if (n.returnCode !== 'SUCCESS' || n.resultCode !== 'SUCCESS') {
    return { ack: ack('not a successful payment'), outcome: 'not_success' };
  }
  // The notification must agree with WeChat Pay itself. A failed query throws: WeChat retries.
  const query = await cloud.pay.queryOrder({ outTradeNo: n.outTradeNo, subMchId: cloud.env('SUB_MCH_ID') ?? '' });
  if (query.returnCode !== 'SUCCESS') throw new Error(`queryOrder failed: ${query.returnMsg ?? query.errMsg}`);
  const confirmed =
    query.resultCode === 'SUCCESS' &&
    (query.tradeState === 'SUCCESS' || query.tradeState === 'REFUND') &&
    query.totalFee === n.totalFee;
  if (!confirmed) {
    console.warn('[payCallback] not confirmed by queryOrder', n.outTradeNo, query.tradeState, query.errCodeDes);
    return { ack: ack('not confirmed by WeChat Pay'), outcome: 'not_paid' };
  }

  const db = cloud.db;
  const now = cloud.now();
  const transactionId = query.transactionId ?? n.transactionId ?? '';
  const outcome = await transact(db, async (tx) => {
    const { data: order } = await tx.collection<OrderDoc>(C.orders).doc(n.outTradeNo).get();
    if (!order) return 'unknown_order' as const;
    if (order.status !== 'pending') return 'duplicate' as const;
    if (order.totalFen !== n.totalFee) return 'amount_mismatch' as const;

    const active = await activeBeneficiaries(db, order);
    const planned = planCommissions(order.lines, order.chain, (openid) => active.has(openid));
    const commissionIds = planned.map((p) => commissionId(order._id, p.lineIndex, p.level));
    const commissionFen = planned.reduce((s, p) => s + p.amountFen, 0);
    const statsPending: PendingStats = {
      day: chinaDay(now),
      incs: {
        salesFen: order.totalFen,
        orders: 1,
        distSalesFen: planned.length ? order.totalFen : 0,
        distOrders: planned.length ? 1 : 0,
        commissionFen,
        firstOrders: order.firstOrder && order.chain.level1 ? 1 : 0,
      },
    };
    await tx.collection(C.orders).doc(order._id).update({
      data: { status: 'paid', paidAt: now, transactionId, commissionIds, statsPending: db.command.set(statsPending) },
    });
    for (const p of planned) {
      await tx.collection(C.commissions).add({ data: commissionDoc(order, p, now) });
    }
    // The balances last: a popular distributor's record is the likeliest meeting point, held shortest.
    for (const [openid, fen] of sumByBeneficiary(planned)) {
      await tx.collection(C.distributors).doc(openid).update({ data: credit(db, fen, order.totalFen, now) });
    }
    return 'paid' as const;
  }, { busy: '支付结果处理繁忙，稍后重试', derivedIds: true });
  if (outcome === 'unknown_order' || outcome === 'amount_mismatch') {
    console.warn(`[payCallback] ${outcome}`, n.outTradeNo, n.totalFee);
  }
  return { ack: ack(outcome), outcome };
}

/** Who in the order's chain is an active distributor right now (one read for both levels). */
async function activeBeneficiaries(db: Db, order: OrderDoc): Promise<Set<string>> {
  const ids = [order.chain.level1, order.chain.level2].filter((x): x is string => !!x);
  if (!ids.length) return new Set();
  const { data } = await db
    .collection<DistributorDoc>(C.distributors)
    .where({ _id: db.command.in(ids) })
    .field({ status: true })
    .get();
  return new Set(data.filter((d) => d.status === 'active').map((d) => d._id));
}

function sumByBeneficiary(planned: PlannedCommission[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const p of planned) sums.set(p.beneficiaryOpenid, (sums.get(p.beneficiaryOpenid) ?? 0) + p.amountFen);
  return sums;
}

function commissionDoc(order: OrderDoc, p: PlannedCommission, now: number): CommissionDoc {
  const line = order.lines[p.lineIndex];
  return {
    _id: commissionId(order._id, p.lineIndex, p.level),
    orderId: order._id,
    lineIndex: p.lineIndex,
    productId: line.productId,
    productTitle: line.title,
    level: p.level,
    beneficiaryOpenid: p.beneficiaryOpenid,
    buyerOpenid: order.buyerOpenid,
    buyerNickname: order.buyerNickname,
    rule: p.rule,
    perUnitFen: p.perUnitFen,
    quantity: p.quantity,
    refundedQuantity: 0,
    amountFen: p.amountFen,
    status: 'frozen',
    createdAt: now,
    availableAt: null,
    events: [{ type: 'credit', at: now, frozenFen: p.amountFen }],
  };
}

/** A beneficiary's balance moves on a payment: plain increments, so no read is needed. */
function credit(db: Db, fen: number, orderTotalFen: number, now: number): Record<string, unknown> {
  const _ = db.command;
  return {
    frozenFen: _.inc(fen),
    lifetimeFen: _.inc(fen),
    [`earnByDay.${dayKey(now)}`]: _.inc(fen),
    [`earnByMonth.${monthKey(now)}`]: _.inc(fen),
    promoted: { orders: _.inc(1), salesFen: _.inc(orderTotalFen) },
  };
}
