import { z } from 'zod';
import { defineAction } from '../action';
import { AppError } from '../../core/errors';
import { id } from '../../core/validate';
import { transact } from '../../db/transact';
import { approveAfterSale, undoApproval } from '../../after-sales/steps';
import { notifyAfterSale } from '../../after-sales/notify';
import { requestRefund } from '../../payments/request-refund';

/**
 * Approves an open request and starts its refund on the existing path: the refund record is written
 * with the approval (one transaction on the order), then WeChat Pay is asked. The commission of the
 * refunded units is reversed (still frozen) or clawed back (already available or withdrawn) when
 * WeChat reports the refund. A refusal by WeChat Pay undoes the approval (the request is open again);
 * an unanswered call leaves the refund pending, asked again by the settle run (same outRefundNo).
 */
export const afterSaleApprove = defineAction({
  schema: z.strictObject({ afterSaleId: id() }),
  async run(ctx, p) {
    const held = await transact(
      ctx.db,
      (tx) => approveAfterSale(tx, ctx.db, p.afterSaleId, ctx.caller.openid, ctx.now),
      { busy: '售后申请正在处理中，请稍后重试', derivedIds: true },
    );
    const call = await requestRefund(ctx.cloud, held.refund, held.totalFen);
    if (!call.ok && 'refused' in call) {
      await undoApproval(ctx.db, held.as._id, held.refund._id, call.refused);
      throw new AppError('PAYMENT_FAILED', `微信支付拒绝退款：${call.refused}（申请仍待处理）`.slice(0, 120));
    }
    if (!call.ok) console.error('[afterSale.approve] cloudPay.refund threw; settle will ask again', held.refund._id, call.unknown);
    await notifyAfterSale(ctx.cloud, held.as, ctx.now);
    return { afterSaleId: held.as._id, status: 'approved' as const, refundId: held.refund._id, refundFen: held.refund.refundFen };
  },
});
