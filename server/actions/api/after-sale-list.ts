import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { refundStatuses, toAfterSaleView } from '../../repo/after-sales';
import { C, type AfterSaleDoc } from '../../repo/docs';
import { pageNewestFirst } from '../../repo/paging';

/** The caller's own after-sales requests, newest first (index after_sales.buyer_created). */
export const afterSaleList = defineAction({
  schema: z.strictObject({ cursor: cursor() }),
  async run(ctx, p) {
    const page = await pageNewestFirst(ctx.db, ctx.db.collection<AfterSaleDoc>(C.afterSales), { buyerOpenid: ctx.user.openid }, p.cursor);
    const refunds = await refundStatuses(ctx.db, page.items);
    return { items: page.items.map((a) => toAfterSaleView(a, refunds)), nextCursor: page.nextCursor };
  },
});
