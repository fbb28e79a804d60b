import { z } from 'zod';
import { defineAction } from '../action';
import { id } from '../../core/validate';
import { getOwnOrderOrThrow, toOrderView } from '../../repo/orders';

/** One of the caller's own orders; another user's order is NOT_FOUND, never its data. */
export const orderGet = defineAction({
  schema: z.strictObject({ orderId: id() }),
  async run(ctx, p) {
    return toOrderView(await getOwnOrderOrThrow(ctx.db, ctx.user.openid, p.orderId));
  },
});
