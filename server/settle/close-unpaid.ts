import type { Cloud } from '../platform/cloud';
import { askWeChatTrade, payFromQuery } from '../payments/ask-trade';
import { C, type OrderDoc } from '../repo/docs';
import { closeUnpaidOrder } from '../repo/orders';
import { type Budget, sweep } from './budget';

/**
 * How long past its deadline an order WeChat Pay cannot tell us about (queryOrder FAIL: it never
 * reached WeChat, or WeChat keeps failing) waits before it is closed here alone. WeChat's
 * prepay_id expires after 2 hours, so by then the buyer can no longer pay it.
 */
export const UNKNOWN_TRADE_GRACE_MS = 24 * 3600_000;

/**
 * Unpaid orders past their `payDeadline`: WeChat Pay is asked first (queryOrder's tradeState):
 * - paid (its notification was lost): the order becomes paid now, through the payment callback's
 *   own path (payFromQuery), exactly once;
 * - not paid: closed at WeChat (closeOrder), so it can no longer be paid; if that answer is not
 *   SUCCESS, WeChat is asked again and the trade state decides (paid in between → paid);
 * - closed at WeChat: closed here; the buyer paying right now (USERPAYING): left for the next run;
 * - unknown: left for the next run, closed here alone after UNKNOWN_TRADE_GRACE_MS.
 * Closing here is one transaction guarded by the status (`closeUnpaidOrder`, shared with
 * order.create): `pending` → `closed`, stock back per product. `done` counts orders closed or paid.
 */
export function closeUnpaid(cloud: Cloud, now: number, budget: Budget) {
  const db = cloud.db;
  const subMchId = cloud.env('SUB_MCH_ID') ?? '';
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
          .field({ _id: true, outTradeNo: true, payDeadline: true })
          .get()
      ).data,
    async (o) => {
      let trade = await askWeChatTrade(cloud, o.outTradeNo);
      if (trade.state === 'NOTPAY') {
        const res = await cloud.pay.closeOrder({ outTradeNo: o.outTradeNo, subMchId }).catch(() => null);
        trade = res?.returnCode === 'SUCCESS' && res.resultCode === 'SUCCESS' ? { state: 'CLOSED' } : await askWeChatTrade(cloud, o.outTradeNo);
      }
      switch (trade.state) {
        case 'PAID': {
          const outcome = await payFromQuery(cloud, o.outTradeNo, trade);
          console.warn('[settle] closeUnpaid: paid at WeChat, notification missing:', o._id, outcome);
          return outcome === 'paid' ? 'done' : 'skipped';
        }
        case 'CLOSED':
          return (await closeUnpaidOrder(db, o._id, now)) ? 'done' : 'skipped';
        case 'UNKNOWN':
          if (now - o.payDeadline >= UNKNOWN_TRADE_GRACE_MS) {
            console.warn('[settle] closeUnpaid: unknown at WeChat past the grace period, closed here', o._id, trade.why);
            return (await closeUnpaidOrder(db, o._id, now)) ? 'done' : 'skipped';
          }
          console.warn('[settle] closeUnpaid: WeChat Pay could not say, asked again next run', o._id, trade.why);
          return 'skipped';
        default:
          return 'skipped';
      }
    },
  );
}
