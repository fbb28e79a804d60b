import { z } from 'zod';
import { defineAction } from '../action';
import { notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { C, type ProductDoc } from '../../repo/docs';
import { toProductView } from '../../repo/products';

/** One product on sale; a product taken off sale reads as missing to shoppers. */
export const productGet = defineAction({
  schema: z.strictObject({ id: id() }),
  async run(ctx, p) {
    const { data } = await ctx.db.collection<ProductDoc>(C.products).where({ _id: p.id, status: 'on' }).limit(1).get();
    if (!data[0]) throw notFound('商品不存在或已下架');
    return toProductView(data[0]);
  },
});
