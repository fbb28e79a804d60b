import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { C, type ProductDoc } from '../../repo/docs';
import { pageNewestFirst } from '../../repo/paging';
import { toProductView } from '../../repo/products';

/** The shop: products on sale, newest first (index products.status_created). */
export const productList = defineAction({
  schema: z.strictObject({ cursor: cursor() }),
  async run(ctx, p) {
    const page = await pageNewestFirst(ctx.db, ctx.db.collection<ProductDoc>(C.products), { status: 'on' }, p.cursor);
    return { items: page.items.map(toProductView), nextCursor: page.nextCursor };
  },
});
