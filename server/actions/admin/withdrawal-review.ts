import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, notFound } from '../../core/errors';
import { id, text } from '../../core/validate';
import { sendSafely } from '../../notify/subscribe';
import { C, type LedgerEvent } from '../../repo/docs';
import { getWithdrawalInTx, runBalanceTransaction } from '../../repo/withdrawals';
import { PAGES } from '../../../miniprogram/shared/pages';

/**
 * An admin approves a pending withdrawal (then pays it and marks it paid) or rejects it: the hold is
 * released (withdrawing → available, a `release` event). Guarded by the status in one transaction, so
 * a double click changes nothing twice. The distributor hears the outcome after the commit.
 */
export const withdrawalReview = defineAction({
  schema: z.strictObject({ withdrawalId: id(), approve: z.boolean(), note: text(100).optional() }),
  async run(ctx, p) {
    const note = p.note?.trim() ?? '';
    const _ = ctx.db.command;
    const w = await runBalanceTransaction(ctx.db, async (tx) => {
      const w = await getWithdrawalInTx(tx, p.withdrawalId);
      if (!w) throw notFound('提现申请不存在');
      if (w.status !== 'pending') throw conflict('该提现申请已审核');
      const status = p.approve ? 'approved' : 'rejected';
      const review = { status, reviewedAt: ctx.now, reviewedBy: ctx.caller.openid, note };
      if (p.approve) {
        await tx.collection(C.withdrawals).doc(w._id).update({ data: review });
      } else {
        const event: LedgerEvent = { type: 'release', at: ctx.now, availableFen: w.amountFen, withdrawingFen: -w.amountFen, ref: w._id };
        await tx.collection(C.withdrawals).doc(w._id).update({ data: { ...review, events: _.push([event]) } });
        await tx.collection(C.distributors).doc(w.openid).update({
          data: { availableFen: _.inc(w.amountFen), withdrawingFen: _.inc(-w.amountFen) },
        });
      }
      return { ...w, ...review };
    });
    await sendSafely(ctx.cloud, 'withdrawalReviewed', w.openid, PAGES.withdraw, {
      thing: p.approve ? '提现已通过审核' : '提现未通过审核',
      amountFen: w.amountFen,
      at: ctx.now,
      note: note || (p.approve ? '将尽快打款' : '金额已退回可提现余额'),
    });
    return { withdrawalId: w._id, status: w.status };
  },
});
