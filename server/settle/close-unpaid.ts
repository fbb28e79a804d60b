import type { Cloud } from '../platform/cloud';
import { C, type OrderDoc } from '../repo/docs';
import { closeUnpaidOrder } from '../repo/orders';
import { type Budget, sweep } from './budget';

/** How long to leave an order WeChat says is paid before looking at it again (its callback is due). */
const PAID_RECHECK_MS = 3600_000;

/**
 * Unpaid orders past their `payDeadline` close and give their stock back. WeChat's side is closed
 * first, so the buyer can no longer pay it; if WeChat says it is already paid, the order is left to
 * the payment callback (its deadline moved on an hour, so it does not block the sweep). Then locally,
 * in one transaction guarded by the status: `pending` → `closed`, stock back per product.
 * (`closeUnpaidOrder`, shared with order.create). Database operations for a one-line order: 3.
 */
export function closeUnpaid(cloud: Cloud, now: number, budget: Budget) {
  const db = cloud.db;
  return sweep<OrderDoc>(
    'closeUnpaid',
    budget,
    async (limit) =>
      (
        await db
          .collection<OrderDoc>(C.orders)
          .where({ status: 'pending', payDeadline: db.command.lte(now) })
          .orderBy('payDeadline', 'asc')
          .limit(limit)
          .field({ _id: true, outTradeNo: true })
          .get()
      ).data,
    async (o) => {
      const res = await cloud.pay.closeOrder({ outTradeNo: o.outTradeNo, subMchId: cloud.env('SUB_MCH_ID') ?? '' });
      const code = res.errCodeDes ?? res.returnMsg ?? '';
      // ORDERNOTEXIST: WeChat never saw it (unifiedOrder failed or was never reached): nothing to close there.
      const closedThere = res.returnCode === 'SUCCESS' && (res.resultCode === 'SUCCESS' || /ORDERCLOSED|ORDERNOTEXIST/.test(code));
      if (!closedThere) {
        if (/ORDERPAID/.test(code)) {
          console.warn('[settle] closeUnpaid: WeChat says paid, left for the callback', o._id);
          await db
            .collection(C.orders)
            .where({ _id: o._id, status: 'pending' })
            .update({ data: { payDeadline: now + PAID_RECHECK_MS } });
        } else {
          console.warn('[settle] closeUnpaid: closeOrder failed, retried next run', o._id, code || res.errMsg);
        }
        return 'skipped';
      }
      return (await closeUnpaidOrder(db, o._id, now)) ? 'done' : 'skipped';
    },
  );
}
