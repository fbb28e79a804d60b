import { z } from 'zod';
import { defineAction } from '../action';
import { id } from '../../core/validate';
import { getOwnOrderOrThrow, orderViewContext, toOrderView } from '../../repo/orders';
import { loadSettings } from '../../repo/settings';

/** One of the caller's own orders (address, parcels, after-sales, timeline); another user's is NOT_FOUND, never its data. */
export const orderGet = defineAction({
  schema: z.strictObject({ orderId: id() }),
  async run(ctx, p) {
    const order = await getOwnOrderOrThrow(ctx.db, ctx.user.openid, p.orderId);
    return toOrderView(order, orderViewContext(ctx.cloud, ctx.now, await loadSettings(ctx.db)));
  },
});
