import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { C, type ProductDoc } from '../../repo/docs';
import { pageNewestFirst } from '../../repo/paging';
import { toAdminProductView } from '../../repo/products';

/** Every product, on sale or not, newest first (indexes products.created / products.status_created). */
export const adminProductList = defineAction({
  schema: z.strictObject({ status: z.enum(['on', 'off']).optional(), cursor: cursor() }),
  async run(ctx, p) {
    const base = p.status ? { status: p.status } : {};
    const page = await pageNewestFirst(ctx.db, ctx.db.collection<ProductDoc>(C.products), base, p.cursor);
    return { items: page.items.map(toAdminProductView), nextCursor: page.nextCursor };
  },
});
