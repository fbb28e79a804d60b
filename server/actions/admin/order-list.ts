import { z } from 'zod';
import type { AdminOrderView } from '../../../typings/admin';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { C, type OrderDoc } from '../../repo/docs';
import { orderViewContext, shippingRecordView, toOrderView } from '../../repo/orders';
import { pageNewestFirst } from '../../repo/paging';
import { loadSettings } from '../../repo/settings';
import { MAX_SHIP_CORRECTIONS } from './order-ship';

const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'received', 'closed', 'refunded'] as const;

/**
 * Every order, newest first, optionally of one status (indexes orders.created / status_created), or
 * only those whose shipment WeChat has not yet accepted (`unrecorded`, index orders.wx_pending_created):
 * what the shop owner ships and refunds from. Shows the buyer and the referrer chain fixed on it, and
 * how many shipments are still to be recorded (one indexed count).
 */
export const adminOrderList = defineAction({
  schema: z.strictObject({ status: z.enum(ORDER_STATUSES).optional(), unrecorded: z.boolean().optional(), cursor: cursor() }),
  async run(ctx, p) {
    const base: Record<string, unknown> = p.unrecorded
      ? { 'wxShipping.status': 'pending', ...(p.status ? { status: p.status } : {}) }
      : p.status
        ? { status: p.status }
        : {};
    const orders = ctx.db.collection<OrderDoc>(C.orders);
    const [page, settings, unrecorded] = await Promise.all([
      pageNewestFirst(ctx.db, orders, base, p.cursor),
      loadSettings(ctx.db),
      orders.where({ 'wxShipping.status': 'pending' }).count(),
    ]);
    const vc = orderViewContext(ctx.cloud, ctx.now, settings);
    const items: AdminOrderView[] = page.items.map((o) => ({
      ...toOrderView(o, vc),
      buyerOpenid: o.buyerOpenid,
      buyerNickname: o.buyerNickname,
      chain: o.chain,
      shippingRecord: shippingRecordView(o),
      canCorrectShipping: o.status === 'shipped' && (o.shipCorrections ?? 0) < MAX_SHIP_CORRECTIONS,
    }));
    return { items, nextCursor: page.nextCursor, unrecordedCount: unrecorded.total };
  },
});
