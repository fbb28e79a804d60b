import { z } from 'zod';
import { defineAction } from '../action';
import { id, title } from '../../core/validate';
import { transact } from '../../db/transact';
import { closeAfterSale } from '../../after-sales/steps';
import { notifyAfterSale } from '../../after-sales/notify';

/** Rejects an open request with a reason the buyer reads; its units are free again, the commission hold lifts. */
export const afterSaleReject = defineAction({
  schema: z.strictObject({ afterSaleId: id(), reason: title(60) }),
  async run(ctx, p) {
    const as = await transact(
      ctx.db,
      (tx) => closeAfterSale(tx, ctx.db, p.afterSaleId, { status: 'rejected', by: ctx.caller.openid, now: ctx.now, rejectReason: p.reason.trim() }),
      { busy: '售后申请正在处理中，请稍后重试' },
    );
    await notifyAfterSale(ctx.cloud, as, ctx.now);
    return { afterSaleId: as._id, status: 'rejected' as const };
  },
});
