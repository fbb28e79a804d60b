import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, notFound } from '../../core/errors';
import { id, text } from '../../core/validate';
import { sendSafely } from '../../notify/subscribe';
import { C, type LedgerEvent, type WithdrawalDoc } from '../../repo/docs';
import { loadSettings } from '../../repo/settings';
import { getWithdrawalInTx, runBalanceTransaction } from '../../repo/withdrawals';
import { requireTransferReady, startTransferInTx, syncTransfer, transferEndedUnpaid } from '../../payouts/transfer';
import { PAGES } from '../../../miniprogram/shared/pages';
import { TRANSFER_MAX_FEN } from '../../rules/transfer';

/**
 * An admin approves a pending withdrawal or rejects it: the hold is released (withdrawing →
 * available, a `release` event). Guarded by the status in one transaction, so a double click (or
 * two admins at once) changes nothing twice. In `wechat_transfer` mode approving a WeChat-change
 * withdrawal makes it `transferring` with its bill number in that same transaction, and only then
 * sends the 商家转账 bill (payouts/transfer.ts); a withdrawal whose bill ended unpaid comes back
 * `approved` and may be approved again (a new bill) or rejected (the hold released).
 */
export const withdrawalReview = defineAction({
  schema: z.strictObject({ withdrawalId: id(), approve: z.boolean(), note: text(100).optional() }),
  async run(ctx, p) {
    const note = p.note?.trim() ?? '';
    const _ = ctx.db.command;
    const settings = await loadSettings(ctx.db);
    // From ¥2,000 WeChat requires the payee's encrypted real name, which we do not send: paid by hand.
    const byTransfer = (w: WithdrawalDoc) => settings.payout.mode === 'wechat_transfer' && w.channel === 'wechat' && w.netFen < TRANSFER_MAX_FEN;
    let fresh = false;
    const w = await runBalanceTransaction(ctx.db, async (tx) => {
      const w = await getWithdrawalInTx(tx, p.withdrawalId);
      if (!w) throw notFound('提现申请不存在');
      if (w.status !== 'pending' && !transferEndedUnpaid(w)) throw conflict('该提现申请已审核');
      const review = { reviewedAt: ctx.now, reviewedBy: ctx.caller.openid, note };
      if (p.approve && (byTransfer(w) || w.status === 'approved')) {
        requireTransferReady(ctx.cloud, settings, w);
        const t = await startTransferInTx(tx, w, ctx.now, review);
        fresh = t.attempt !== w.transfer?.attempt;
        return { ...w, ...review, status: 'transferring' as const, transfer: t };
      }
      const status = p.approve ? ('approved' as const) : ('rejected' as const);
      if (p.approve) {
        await tx.collection(C.withdrawals).doc(w._id).update({ data: { ...review, status } });
      } else {
        const event: LedgerEvent = { type: 'release', at: ctx.now, availableFen: w.amountFen, withdrawingFen: -w.amountFen, ref: w._id };
        await tx.collection(C.withdrawals).doc(w._id).update({ data: { ...review, status, events: _.push([event]) } });
        await tx.collection(C.distributors).doc(w.openid).update({
          data: { availableFen: _.inc(w.amountFen), withdrawingFen: _.inc(-w.amountFen) },
        });
      }
      return { ...w, ...review, status };
    });
    if (w.status === 'transferring') await syncTransfer(ctx.cloud, w._id, fresh);
    await sendSafely(ctx.cloud, 'withdrawalReviewed', w.openid, PAGES.withdraw, {
      thing: p.approve ? '提现已通过审核' : '提现未通过审核',
      amountFen: w.amountFen,
      at: ctx.now,
      note: note || (w.status === 'transferring' ? '请在提现记录中确认收款' : p.approve ? '将尽快打款' : '金额已退回可提现余额'),
    });
    return { withdrawalId: w._id, status: w.status };
  },
});
