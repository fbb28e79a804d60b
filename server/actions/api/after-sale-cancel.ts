import { z } from 'zod';
import { defineAction } from '../action';
import { id } from '../../core/validate';
import { transact } from '../../db/transact';
import { closeAfterSale } from '../../after-sales/steps';
import { notifyAfterSale } from '../../after-sales/notify';

/** The buyer withdraws their own open request; its units are free again and the commission hold lifts. */
export const afterSaleCancel = defineAction({
  schema: z.strictObject({ afterSaleId: id() }),
  async run(ctx, p) {
    const as = await transact(
      ctx.db,
      (tx) => closeAfterSale(tx, ctx.db, p.afterSaleId, { status: 'cancelled', by: ctx.user.openid, now: ctx.now, buyerOpenid: ctx.user.openid }),
      { busy: '售后申请正在处理中，请稍后重试' },
    );
    await notifyAfterSale(ctx.cloud, as, ctx.now);
    return { afterSaleId: as._id, status: 'cancelled' as const };
  },
});
