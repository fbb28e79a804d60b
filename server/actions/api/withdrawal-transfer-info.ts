import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { C, type WithdrawalDoc } from '../../repo/docs';
import { loadSettings } from '../../repo/settings';
import { syncTransfer } from '../../payouts/transfer';

/**
 * What `wx.requestMerchantTransfer` needs for the caller's own `transferring` withdrawal. Asks WeChat
 * Pay for the bill first (so the page's return from the confirm sheet is also the query that pays
 * it): a bill that ended meanwhile answers CONFLICT with what happened, and the page reloads.
 */
export const withdrawalTransferInfo = defineAction({
  schema: z.strictObject({ withdrawalId: id() }),
  async run(ctx, p) {
    const own = (await ctx.db.collection<WithdrawalDoc>(C.withdrawals).where({ _id: p.withdrawalId, openid: ctx.user.openid }).get()).data[0];
    if (!own) throw notFound('提现记录不存在');
    const w = own.status === 'transferring' ? ((await syncTransfer(ctx.cloud, own._id)).withdrawal ?? own) : own;
    if (w.status === 'paid') throw conflict('该提现已到账微信零钱');
    if (w.status !== 'transferring' || !w.transfer) throw conflict(w.status === 'approved' ? '转账未完成，请等待商家重新处理' : '该提现当前无需确认收款');
    if (!w.transfer.packageInfo || w.transfer.state !== 'WAIT_USER_CONFIRM') throw conflict('转账正在处理中，请稍后再试');
    const settings = await loadSettings(ctx.db);
    return { mchId: settings.payout.mchId, appId: settings.payout.appId, package: w.transfer.packageInfo, outBillNo: w.transfer.outBillNo };
  },
});
