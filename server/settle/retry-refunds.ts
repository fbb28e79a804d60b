import type { Cloud } from '../platform/cloud';
import { checkRefund } from '../payments/confirm-refund';
import { REFUND_RECHECK_MS } from '../payments/request-refund';
import { C, type RefundDoc } from '../repo/docs';
import { type Budget, sweep } from './budget';

/**
 * Refunds still pending past their `checkAt` (a few minutes after the request, then every
 * REFUND_RECHECK_MS): their notification may have been lost, or the request never reached WeChat.
 * Each is looked up with queryRefund (checkRefund): one WeChat paid is applied (exactly once, the
 * same transaction a notification runs), one WeChat closed is released, one WeChat does not have is
 * asked for again under the same outRefundNo. The next check is pushed on first (a guarded write),
 * so overlapping runs look at a refund at most once per interval. `done` counts refunds that moved.
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
      const { result, wechat } = await checkRefund(cloud, refund._id, true);
      if (result === 'refunded' || result === 'released' || result === 'requested') return 'done';
      if (wechat?.state === 'UNKNOWN') console.warn('[settle] retryRefunds: WeChat Pay could not say', refund._id, wechat.why);
      if (wechat?.state === 'CHANGE') console.error('[settle] retryRefunds: refund stuck at the bank (CHANGE), see the merchant console', refund._id);
      return 'skipped';
    },
  );
}
