import type { ShippingOrderKey, ShippingOrderResult, UploadShippingInfoParams } from '../platform/cloud';
import type { OrderDoc } from '../repo/docs';
import { maskPhone } from './address';

/** How an order ships, as WeChat's logistics_type: express 1, handed over (同城/in person) 2, virtual 3. */
export function logisticsType(order: Pick<OrderDoc, 'parcels' | 'noLogistics'>): 1 | 2 | 3 {
  if (order.parcels?.length) return 1;
  return order.noLogistics ? 2 : 3;
}

/** `YYYY-MM-DDTHH:mm:ss.SSS+08:00`: China time, RFC 3339, as upload_time wants it. */
export function rfc3339China(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
}

/** What the buyer bought, as item_desc (≤ 120 chars): `咖啡豆×2，红糖姜茶×3`. */
export function itemDesc(order: Pick<OrderDoc, 'lines'>): string {
  const s = order.lines.map((l) => `${l.title}×${l.quantity}`).join('，');
  return [...s].length > 120 ? `${[...s].slice(0, 119).join('')}…` : s;
}

/** The WeChat Pay transaction id kept from the payment, else merchant id + out_trade_no. */
export function shippingOrderKey(order: Pick<OrderDoc, 'transactionId' | 'outTradeNo'>, mchId: string): ShippingOrderKey {
  return order.transactionId
    ? { order_number_type: 2, transaction_id: order.transactionId }
    : { order_number_type: 1, mchid: mchId, out_trade_no: order.outTradeNo };
}

/** The upload_shipping_info body for the shipment now on the order. */
export function shippingInfo(order: OrderDoc, mchId: string, now: number): UploadShippingInfoParams {
  const type = logisticsType(order);
  const desc = itemDesc(order);
  const parcels = order.parcels ?? [];
  const contact = order.address ? { receiver_contact: maskPhone(order.address.phone) } : undefined;
  return {
    order_key: shippingOrderKey(order, mchId),
    logistics_type: type,
    delivery_mode: parcels.length > 1 ? 2 : 1,
    ...(parcels.length > 1 ? { is_all_delivered: true } : {}),
    shipping_list:
      type === 1
        ? parcels.map((p) => ({
            tracking_no: p.trackingNo,
            express_company: p.expressCompany,
            item_desc: desc,
            // WeChat requires a (masked) contact for SF; harmless for the others.
            ...(p.expressCompany === 'SF' && contact ? { contact } : {}),
          }))
        : [{ item_desc: desc }],
    upload_time: rfc3339China(now),
    payer: { openid: order.buyerOpenid },
  };
}

/**
 * Whether WeChat already holds exactly this order's current shipment (after a call whose answer was
 * lost): same logistics type, same tracking numbers. Then sending it again would spend WeChat's one
 * allowed update on nothing, or be refused.
 */
export function wechatHasShipment(order: OrderDoc, res: ShippingOrderResult): boolean {
  const shipping = res.order?.shipping;
  if (res.errCode !== 0 || !shipping || (res.order?.orderState ?? 0) < 2) return false;
  if (shipping.logisticsType !== logisticsType(order)) return false;
  const ours = (order.parcels ?? []).map((p) => `${p.expressCompany}:${p.trackingNo}`).sort();
  const theirs = shipping.shippingList.filter((p) => p.trackingNo).map((p) => `${p.expressCompany}:${p.trackingNo}`).sort();
  return ours.length === theirs.length && ours.every((k, i) => k === theirs[i]);
}
