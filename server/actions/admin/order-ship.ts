import { z } from 'zod';
import type { ShippingRecordView } from '../../../typings/admin';
import type { Parcel } from '../../../typings/api';
import { defineAction } from '../action';
import { conflict, invalid, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { C, type OrderDoc } from '../../repo/docs';
import { shippingRecordView } from '../../repo/orders';
import { transact } from '../../db/transact';
import { MAX_PARCELS, checkParcels, parcelSchema, shipmentKey } from '../../rules/express';
import { pendingShipping, recordShipment } from '../../shipping/record-shipment';

const schema = z.strictObject({
  orderId: id(),
  parcels: z.array(parcelSchema).min(1).max(MAX_PARCELS).optional(),
  noLogistics: z.literal(true).optional(),
});

/** Shipping changes allowed after the first 发货 (WeChat takes one update of a recorded shipment). */
export const MAX_SHIP_CORRECTIONS = 1;

/**
 * Ships a paid order (paid → shipped) with its parcels, or with no logistics (handed over in
 * person), or — an all-virtual order — with neither; on a shipped order the same call corrects the
 * shipping, once. Read and changed in one transaction on the order. Then the shipment is recorded
 * with WeChat (upload_shipping_info) right away; if WeChat does not accept it now, the settle run
 * tries again, and the admin order list shows it as not yet recorded.
 */
export const orderShip = defineAction({
  schema,
  async run(ctx, p) {
    if (p.parcels && p.noLogistics) throw invalid('快递单号与“无需物流”只能选一种');
    const dup = p.parcels ? checkParcels(p.parcels) : null;
    if (dup) throw invalid(dup);
    const parcels: Parcel[] = p.parcels ?? [];

    const outcome = await transact(ctx.db, async (tx) => {
      const ref = tx.collection<OrderDoc>(C.orders).doc(p.orderId);
      const { data: order } = await ref.get();
      if (!order) throw notFound('订单不存在');
      if (order.status !== 'paid' && order.status !== 'shipped') {
        throw conflict(`订单当前状态为「${order.status}」，只有已付款的订单可以发货`);
      }
      const allVirtual = order.lines.every((l) => l.virtual === true);
      if (!parcels.length && !p.noLogistics && !allVirtual) {
        throw invalid('请填写快递公司和快递单号，或选择“无需物流”');
      }
      const kind = parcels.length ? 'express' : p.noLogistics ? 'none' : 'virtual';
      const key = shipmentKey(kind, parcels);
      const _ = ctx.db.command;
      if (order.status === 'paid') {
        await ref.update({
          data: {
            status: 'shipped',
            shippedAt: ctx.now,
            parcels: _.set(parcels),
            noLogistics: kind === 'none',
            shipCorrections: 0,
            wxShipping: _.set(pendingShipping(key, order.wxShipping, ctx.now)),
          },
        });
        return { corrected: false, shippedAt: ctx.now };
      }
      // A correction: only before receipt, once, and only with a change.
      if ((order.shipCorrections ?? 0) >= MAX_SHIP_CORRECTIONS) throw conflict('物流信息已修改过一次，不能再修改');
      if (order.wxShipping?.key === key) throw conflict('物流信息没有变化');
      await ref.update({
        data: {
          parcels: _.set(parcels),
          noLogistics: kind === 'none',
          shipCorrections: _.inc(1),
          wxShipping: _.set(pendingShipping(key, order.wxShipping, ctx.now)),
          events: _.push([{ kind: 'shippingCorrected', at: ctx.now }]),
        },
      });
      return { corrected: true, shippedAt: order.shippedAt ?? ctx.now };
    }, { busy: '订单正在被处理，请稍后重试' });

    // The order is shipped now; recording it with WeChat is the settle run's to finish if this fails.
    await recordShipment(ctx.cloud, p.orderId).catch((e: unknown) => console.warn('[order.ship] recordShipment failed; settle retries', p.orderId, e));
    const { data } = await ctx.db.collection<OrderDoc>(C.orders).where({ _id: p.orderId }).limit(1).get();
    const shippingRecord: ShippingRecordView = shippingRecordView(data[0]);
    return { orderId: p.orderId, status: 'shipped' as const, shippedAt: outcome.shippedAt, corrected: outcome.corrected, shippingRecord };
  },
});
