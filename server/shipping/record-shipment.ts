import type { Cloud } from '../platform/cloud';
import { C, type OrderDoc, type WxShippingState } from '../repo/docs';
import { shippingInfo, wechatHasShipment } from '../rules/shipping-record';

/** The first retry comes this long after a failed attempt; each further one waits twice as long, up to 6 h. */
export const SHIPPING_RECHECK_MS = 10 * 60_000;
const MAX_BACKOFF_MS = 6 * 3600_000;

export function shippingBackoff(attempts: number): number {
  return Math.min(SHIPPING_RECHECK_MS * 2 ** Math.min(attempts, 10), MAX_BACKOFF_MS);
}

/** The state of a shipment WeChat has not yet been told about (set by order.ship in its transaction). */
export function pendingShipping(key: string, previous: WxShippingState | null | undefined, now: number): WxShippingState {
  return {
    key,
    status: 'pending',
    recordedKey: previous?.recordedKey ?? null,
    attempts: 0,
    lastError: '',
    checkAt: now,
    recordedAt: previous?.recordedAt ?? null,
    uploads: previous?.uploads ?? 0,
    inFlight: previous?.inFlight ?? null,
  };
}

export type RecordOutcome = 'recorded' | 'already_recorded' | 'refused' | 'unknown' | 'skipped';

/**
 * Tells WeChat about the shipment now on the order (upload_shipping_info), at most once per parcel
 * list: the attempt is claimed by a guarded write on the state just read (two settle runs, or 发货
 * and a run, never call at once); the key of the list is marked in flight before the call, and a
 * list whose earlier answer was lost is first looked up at WeChat (get_order) — if WeChat has it,
 * it is marked recorded without sending it again. Accepted → `recorded`; refused → the reason is kept
 * for the admin and the settle run tries again later (after a correction, say); no answer → in flight.
 */
export async function recordShipment(cloud: Cloud, orderId: string): Promise<RecordOutcome> {
  const db = cloud.db;
  const _ = db.command;
  const now = cloud.now();
  const { data } = await db.collection<OrderDoc>(C.orders).where({ _id: orderId }).limit(1).get();
  const order = data[0];
  const st = order?.wxShipping;
  if (!order || !st || st.status !== 'pending') return 'skipped';

  const claimed = await db
    .collection(C.orders)
    .where({ _id: orderId, 'wxShipping.key': st.key, 'wxShipping.status': 'pending', 'wxShipping.checkAt': st.checkAt })
    .update({
      data: {
        'wxShipping.checkAt': now + shippingBackoff(st.attempts),
        'wxShipping.attempts': _.inc(1),
        'wxShipping.inFlight': st.key,
      },
    });
  if (claimed.stats.updated === 0) return 'skipped';

  const mchId = cloud.env('SUB_MCH_ID') ?? '';
  const mine = { _id: orderId, 'wxShipping.key': st.key };
  if (st.inFlight === st.key) {
    // An earlier call with this very list got no answer: WeChat may have it already.
    try {
      const res = await cloud.openapi.getShippingOrder(
        order.transactionId ? { transaction_id: order.transactionId } : { merchant_id: mchId, merchant_trade_no: order.outTradeNo },
      );
      if (wechatHasShipment(order, res)) {
        await markRecorded(cloud, mine, st.key, now);
        return 'already_recorded';
      }
    } catch (e) {
      await db.collection(C.orders).where(mine).update({ data: { 'wxShipping.lastError': '微信未应答（查询发货状态），稍后重试' } });
      console.warn('[shipping] getShippingOrder got no answer', orderId, e instanceof Error ? e.message : e);
      return 'unknown';
    }
  }

  let res: { errCode: number; errMsg: string };
  try {
    res = await cloud.openapi.uploadShippingInfo(shippingInfo(order, mchId, now));
  } catch (e) {
    await db.collection(C.orders).where(mine).update({ data: { 'wxShipping.lastError': '微信未应答，稍后自动重试' } });
    console.warn('[shipping] uploadShippingInfo got no answer', orderId, e instanceof Error ? e.message : e);
    return 'unknown';
  }
  if (res.errCode === 0) {
    await markRecorded(cloud, mine, st.key, now, 1);
    return 'recorded';
  }
  await db.collection(C.orders).where(mine).update({
    data: { 'wxShipping.lastError': `微信未接受（${res.errCode}）：${res.errMsg}`.slice(0, 200), 'wxShipping.inFlight': null },
  });
  console.warn('[shipping] uploadShippingInfo refused', orderId, res.errCode, res.errMsg);
  return 'refused';
}

async function markRecorded(cloud: Cloud, where: Record<string, unknown>, key: string, now: number, uploads = 0): Promise<void> {
  const _ = cloud.db.command;
  await cloud.db.collection(C.orders).where(where).update({
    data: {
      'wxShipping.status': 'recorded',
      'wxShipping.recordedKey': key,
      'wxShipping.recordedAt': now,
      'wxShipping.lastError': '',
      'wxShipping.inFlight': null,
      'wxShipping.checkAt': null,
      ...(uploads ? { 'wxShipping.uploads': _.inc(uploads) } : {}),
    },
  });
}
