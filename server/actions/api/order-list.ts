import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { C, type OrderDoc } from '../../repo/docs';
import { orderViewContext, toOrderView } from '../../repo/orders';
import { loadSettings } from '../../repo/settings';
import { pageNewestFirst } from '../../repo/paging';

const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'received', 'closed', 'refunded'] as const;

/** The caller's own orders, newest first (indexes orders.buyer_created / buyer_status_created). */
export const orderList = defineAction({
  schema: z.strictObject({ status: z.enum(ORDER_STATUSES).optional(), cursor: cursor() }),
  async run(ctx, p) {
    const base = p.status ? { buyerOpenid: ctx.user.openid, status: p.status } : { buyerOpenid: ctx.user.openid };
    const page = await pageNewestFirst(ctx.db, ctx.db.collection<OrderDoc>(C.orders), base, p.cursor);
    const vc = orderViewContext(ctx.cloud, ctx.now, await loadSettings(ctx.db));
    return { items: page.items.map((o) => toOrderView(o, vc)), nextCursor: page.nextCursor };
  },
});
