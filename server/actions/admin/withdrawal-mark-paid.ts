import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { C, type LedgerEvent } from '../../repo/docs';
import { getWithdrawalInTx, runBalanceTransaction } from '../../repo/withdrawals';

/**
 * The admin paid an approved withdrawal (WeChat change, Alipay or bank, by hand): approved → paid, a
 * `payout` event, withdrawing → withdrawn. Guarded by the status; a second click is CONFLICT.
 */
export const withdrawalMarkPaid = defineAction({
  schema: z.strictObject({ withdrawalId: id() }),
  async run(ctx, p) {
    const _ = ctx.db.command;
    return runBalanceTransaction(ctx.db, async (tx) => {
      const w = await getWithdrawalInTx(tx, p.withdrawalId);
      if (!w) throw notFound('提现申请不存在');
      if (w.status !== 'approved') throw conflict('只有已审核通过的提现可以标记为已打款');
      const event: LedgerEvent = { type: 'payout', at: ctx.now, withdrawingFen: -w.amountFen, withdrawnFen: w.amountFen, ref: w._id };
      await tx.collection(C.withdrawals).doc(w._id).update({ data: { status: 'paid', paidAt: ctx.now, events: _.push([event]) } });
      await tx.collection(C.distributors).doc(w.openid).update({
        data: { withdrawingFen: _.inc(-w.amountFen), withdrawnFen: _.inc(w.amountFen) },
      });
      return { withdrawalId: w._id, status: 'paid' as const, paidAt: ctx.now };
    });
  },
});
