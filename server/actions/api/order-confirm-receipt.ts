import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { loadSettings } from '../../repo/settings';
import { confirmReceipt } from '../../settle/confirm-receipt';

/**
 * The buyer confirms receipt of their own shipped order; its commission then unfreezes freezeDays
 * later. Someone else's order reads as missing.
 */
export const orderConfirmReceipt = defineAction({
  schema: z.strictObject({ orderId: id() }),
  async run(ctx, p) {
    const settings = await loadSettings(ctx.db);
    const outcome = await confirmReceipt(ctx.db, p.orderId, ctx.now, settings.settlement.freezeDays, ctx.user.openid);
    if (outcome === 'not_found' || outcome === 'not_buyer') throw notFound('订单不存在');
    if (outcome === 'not_shipped') throw conflict('只有已发货的订单可以确认收货');
    return { status: 'received' as const };
  },
});
