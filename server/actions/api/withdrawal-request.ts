import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, invalid, notEligible } from '../../core/errors';
import { dayKey } from '../../core/time';
import { text } from '../../core/validate';
import { C, type DistributorDoc, type WithdrawalDoc } from '../../repo/docs';
import { loadSettings } from '../../repo/settings';
import { runBalanceTransaction } from '../../repo/withdrawals';
import { withdrawalFee } from '../../../miniprogram/shared/money';
import { checkAgainstBalance, checkAmount, withdrawalIdFor } from '../../rules/withdrawal';

const schema = z.strictObject({
  amountFen: z.number().int().min(1).max(100_000_000),
  channel: z.enum(['wechat', 'alipay', 'bank']),
  account: text(64).optional(),
  /** The client's key for this one request: a retry after a lost answer replays it, never doubles it. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,24}$/).optional(),
});

/**
 * A distributor asks to withdraw from the available balance. One transaction reads the distributor
 * record, checks the day's count and the balance, and holds the amount at once (available →
 * withdrawing, a `hold` event on the new withdrawal record), counting the request on the record:
 * concurrent requests conflict and run again on the fresh balance, so none can ever overdraw.
 * Database operations: 3 in the transaction (distributor read, withdrawal add, distributor write),
 * after the settings read; one more (a read) when the client sends a `requestId`: the withdrawal is
 * then named by it, so the same request sent again (its answer was lost) returns the first one.
 */
export const withdrawalRequest = defineAction({
  schema,
  async run(ctx, p) {
    const account = (p.account ?? '').trim();
    if (p.channel !== 'wechat' && !account) {
      throw invalid(`参数错误：account 提现到${p.channel === 'alipay' ? '支付宝' : '银行卡'}须填写收款账号`);
    }
    const settings = await loadSettings(ctx.db);
    checkAmount(p.amountFen, settings.withdrawal);
    const { feeFen, netFen } = withdrawalFee(p.amountFen, settings.withdrawal.feeBps);
    const me = ctx.user.openid;
    const today = dayKey(ctx.now);
    const _ = ctx.db.command;

    const result = await runBalanceTransaction(ctx.db, async (tx): Promise<{ replay: WithdrawalDoc } | { created: string }> => {
      const { data: d } = await tx.collection<DistributorDoc>(C.distributors).doc(me).get();
      if (!d || d.status === 'pending' || d.status === 'rejected') throw notEligible('你还不是分销员');
      const seq = (d.withdrawalSeq ?? 0) + 1;
      // Named by the client's request key, or by the distributor's request count: derived and unique.
      const wid = p.requestId ? withdrawalIdFor(me, p.requestId) : `W${seq}-${me}`;
      if (p.requestId) {
        const { data: earlier } = await tx.collection<WithdrawalDoc>(C.withdrawals).doc(wid).get();
        if (earlier) {
          // A replay answers only the caller's own request, whatever record the id names.
          if (earlier.openid !== me) throw conflict('该提现申请编号已被使用，请重新发起');
          if (earlier.amountFen !== p.amountFen || earlier.channel !== p.channel) {
            throw conflict('该提现申请已提交过，金额或方式不同，请重新发起');
          }
          return { replay: earlier };
        }
      }
      const count = checkAgainstBalance(d, p.amountFen, today, settings.withdrawal.dailyCount);
      const doc: WithdrawalDoc = {
        _id: wid,
        openid: me,
        amountFen: p.amountFen,
        feeFen,
        netFen,
        channel: p.channel,
        account: p.channel === 'wechat' ? '' : account,
        status: 'pending',
        createdAt: ctx.now,
        reviewedAt: null,
        reviewedBy: null,
        paidAt: null,
        note: '',
        events: [{ type: 'hold', at: ctx.now, availableFen: -p.amountFen, withdrawingFen: p.amountFen, ref: wid }],
      };
      await tx.collection<WithdrawalDoc>(C.withdrawals).add({ data: doc });
      await tx.collection(C.distributors).doc(me).update({
        data: {
          availableFen: _.inc(-p.amountFen),
          withdrawingFen: _.inc(p.amountFen),
          withdrawalSeq: seq,
          withdrawDay: today,
          withdrawDayCount: count,
        },
      });
      return { created: wid };
    });
    if ('replay' in result) {
      const w = result.replay;
      return { withdrawalId: w._id, status: w.status, feeFen: w.feeFen, netFen: w.netFen };
    }
    return { withdrawalId: result.created, status: 'pending' as const, feeFen, netFen };
  },
});
