import { z } from 'zod';
import type { AdminOrderView } from '../../../typings/admin';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { C, type OrderDoc } from '../../repo/docs';
import { toOrderView } from '../../repo/orders';
import { pageNewestFirst } from '../../repo/paging';

const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'received', 'closed', 'refunded'] as const;

/**
 * Every order, newest first, optionally of one status (indexes orders.created / status_created):
 * what the shop owner ships and refunds from. Shows the buyer and the referrer chain fixed on it.
 */
export const adminOrderList = defineAction({
  schema: z.strictObject({ status: z.enum(ORDER_STATUSES).optional(), cursor: cursor() }),
  async run(ctx, p) {
    const base = p.status ? { status: p.status } : {};
    const page = await pageNewestFirst(ctx.db, ctx.db.collection<OrderDoc>(C.orders), base, p.cursor);
    const items: AdminOrderView[] = page.items.map((o) => ({
      ...toOrderView(o),
      buyerOpenid: o.buyerOpenid,
      buyerNickname: o.buyerNickname,
      chain: o.chain,
    }));
    return { items, nextCursor: page.nextCursor };
  },
});
