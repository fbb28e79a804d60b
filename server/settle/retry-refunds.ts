import type { Cloud } from '../platform/cloud';
import { releaseRefund } from '../payments/on-refund';
import { REFUND_RECHECK_MS, requestRefund } from '../payments/request-refund';
import { C, type OrderDoc, type RefundDoc } from '../repo/docs';
import { type Budget, sweep } from './budget';

/**
 * Refunds still pending past their `checkAt`: the call to WeChat Pay threw, so it may never have
 * arrived. Asked for again with the same outRefundNo — the same refund at WeChat, never a second
 * one — so the notification follows; a refusal releases the held units. The next check is pushed on
 * first (a guarded write), so overlapping runs ask at most once per interval.
 */
export function retryRefunds(cloud: Cloud, now: number, budget: Budget) {
  const db = cloud.db;
  const _ = db.command;
  return sweep<RefundDoc>(
    'retryRefunds',
    budget,
    async (limit) =>
      (
        await db
          .collection<RefundDoc>(C.refunds)
          .where({ status: 'pending', checkAt: _.lte(now) })
          .orderBy('checkAt', 'asc')
          .limit(limit)
          .get()
      ).data,
    async (refund) => {
      const claimed = await db
        .collection(C.refunds)
        .where({ _id: refund._id, status: 'pending', checkAt: refund.checkAt })
        .update({ data: { checkAt: now + REFUND_RECHECK_MS } });
      if (claimed.stats.updated === 0) return 'skipped';
      const { data: orders } = await db.collection<OrderDoc>(C.orders).where({ _id: refund.orderId }).limit(1).get();
      if (!orders[0]) return 'skipped';
      const call = await requestRefund(cloud, refund, orders[0].totalFen);
      if (call.ok) return 'done';
      if ('refused' in call) {
        await releaseRefund(db, refund._id, call.refused);
        return 'done';
      }
      console.warn('[settle] retryRefunds: WeChat Pay still unreachable', refund._id, call.unknown);
      return 'skipped';
    },
  );
}
