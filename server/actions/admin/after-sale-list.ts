import { z } from 'zod';
import type { AdminAfterSaleView } from '../../../typings/admin';
import type { OrderStatus } from '../../../typings/api';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { AFTER_SALE_STATUS_LIST, refundStatuses, toAdminAfterSaleView } from '../../repo/after-sales';
import { C, type AfterSaleDoc, type OrderDoc } from '../../repo/docs';
import { pageNewestFirst } from '../../repo/paging';

const OPEN_PHASE = 'o.';
const REST_PHASE = 'r.';

/**
 * The after-sales queue. With a status: that status, newest first (after_sales.status_created).
 * Without: every open request first, then the resolved ones, each newest first — two phases of one
 * cursor (after_sales.closed_created). `openCount` (one indexed count) is the admin tab's badge.
 */
export const adminAfterSaleList = defineAction({
  schema: z.strictObject({ status: z.enum(AFTER_SALE_STATUS_LIST as [string, ...string[]]).optional(), cursor: cursor() }),
  async run(ctx, p) {
    const col = ctx.db.collection<AfterSaleDoc>(C.afterSales);
    let page: { items: AfterSaleDoc[]; nextCursor: string | null };
    if (p.status) {
      page = await pageNewestFirst(ctx.db, col, { status: p.status }, p.cursor);
    } else {
      const phase = p.cursor?.startsWith(REST_PHASE) ? 'rest' : 'open';
      const inner = p.cursor ? p.cursor.slice(2) || undefined : undefined;
      const got = await pageNewestFirst(ctx.db, col, { closed: phase === 'open' ? 0 : 1 }, inner);
      const next =
        got.nextCursor !== null
          ? `${phase === 'open' ? OPEN_PHASE : REST_PHASE}${got.nextCursor}`
          : phase === 'open'
            ? REST_PHASE // open ones done: the resolved ones follow on the next page
            : null;
      page = { items: got.items, nextCursor: next };
    }
    const orderIds = [...new Set(page.items.map((a) => a.orderId))];
    const [refunds, orders, open] = await Promise.all([
      refundStatuses(ctx.db, page.items),
      orderIds.length
        ? ctx.db.collection<OrderDoc>(C.orders).where({ _id: ctx.db.command.in(orderIds) }).field({ _id: true, status: true }).limit(orderIds.length).get()
        : Promise.resolve({ data: [] as Array<Pick<OrderDoc, '_id' | 'status'>> }),
      col.where({ status: 'open' }).count(),
    ]);
    const statusOf = new Map<string, OrderStatus>(orders.data.map((o) => [o._id, o.status]));
    const items: AdminAfterSaleView[] = page.items.map((a) => toAdminAfterSaleView(a, refunds, statusOf.get(a.orderId) ?? 'paid'));
    return { items, nextCursor: page.nextCursor, openCount: open.total };
  },
});
