import type { Cloud } from '../platform/cloud';
import { C, type OrderDoc } from '../repo/docs';
import { recordShipment } from '../shipping/record-shipment';
import { type Budget, sweep } from './budget';

/**
 * Shipments WeChat has not yet accepted (the call was refused, or got no answer), due again:
 * recorded now, at most once per parcel list (server/shipping/record-shipment.ts claims each attempt
 * and asks WeChat first when an earlier answer was lost). Index orders.wx_shipping_due.
 */
export function retryShipping(cloud: Cloud, now: number, budget: Budget) {
  const db = cloud.db;
  return sweep<Pick<OrderDoc, '_id'>>(
    'retryShipping',
    budget,
    async (limit) =>
      (
        await db
          .collection<OrderDoc>(C.orders)
          .where({ 'wxShipping.status': 'pending', 'wxShipping.checkAt': db.command.lte(now) })
          .orderBy('wxShipping.checkAt', 'asc')
          .limit(limit)
          .field({ _id: true })
          .get()
      ).data,
    async (o) => {
      const outcome = await recordShipment(cloud, o._id);
      return outcome === 'recorded' || outcome === 'already_recorded' ? 'done' : 'skipped';
    },
  );
}
