import { z } from 'zod';
import type { Cloud } from '../platform/cloud';
import { C, type OrderDoc } from '../repo/docs';
import { loadSettings } from '../repo/settings';
import { confirmReceipt, type ReceiptOutcome } from '../settle/confirm-receipt';
import { ack, type PayAck } from './notification';

/**
 * WeChat's settlement / confirm-receipt message push (小程序发货信息管理服务, event
 * `trade_manage_order_settlement`), when the mini program's 消息推送 is configured to deliver it to
 * the `payCallback` function. Fields as WeChat names them; only the order's identity is read from it.
 */
export const settlementEventSchema = z.looseObject({
  Event: z.literal('trade_manage_order_settlement'),
  transaction_id: z.string().max(64).optional(),
  merchant_id: z.string().max(32).optional(),
  merchant_trade_no: z.string().min(1).max(64),
});
export type SettlementEvent = z.infer<typeof settlementEventSchema>;

export function isSettlementEvent(e: Record<string, unknown>): boolean {
  return e.Event === 'trade_manage_order_settlement';
}

/** 确认收货 (3), 交易完成 (4), 资金待结算 (6): WeChat says the buyer has the goods. */
const RECEIVED_STATES = new Set([3, 4, 6]);

export type SettlementOutcome = ReceiptOutcome | 'unknown_order' | 'mismatch' | 'not_confirmed';

/**
 * Marks the order received — idempotently, through the same guarded transaction as the buyer's own
 * confirmation (a repeat finds it no longer shipped). The push itself proves nothing (its SOURCE is
 * not documented, and anyone able to call the function could send one), so WeChat is asked
 * (get_order of the same service) and only its answer counts. A query without an answer throws, so
 * the push is retried.
 */
export async function onSettlement(cloud: Cloud, e: SettlementEvent): Promise<{ ack: PayAck; outcome: SettlementOutcome }> {
  const db = cloud.db;
  const { data } = await db.collection<OrderDoc>(C.orders).where({ _id: e.merchant_trade_no }).limit(1).get();
  const order = data[0];
  if (!order) return { ack: ack('unknown order'), outcome: 'unknown_order' };
  if (e.transaction_id && order.transactionId && e.transaction_id !== order.transactionId) {
    return { ack: ack('transaction mismatch'), outcome: 'mismatch' };
  }
  const res = await cloud.openapi.getShippingOrder(
    order.transactionId
      ? { transaction_id: order.transactionId }
      : { merchant_id: cloud.env('SUB_MCH_ID') ?? '', merchant_trade_no: order.outTradeNo },
  );
  const confirmed =
    res.errCode === 0 &&
    !!res.order &&
    res.order.merchantTradeNo === order.outTradeNo &&
    res.order.openid === order.buyerOpenid &&
    RECEIVED_STATES.has(res.order.orderState);
  if (!confirmed) {
    console.warn('[payCallback] settlement event not confirmed by get_order', order._id, res.errCode, res.order?.orderState);
    return { ack: ack('not confirmed by WeChat'), outcome: 'not_confirmed' };
  }
  const settings = await loadSettings(db);
  const outcome = await confirmReceipt(db, order._id, cloud.now(), settings.settlement.freezeDays);
  return { ack: ack(outcome), outcome };
}
