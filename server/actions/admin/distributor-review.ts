import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { bumpDailyStats } from '../../repo/daily-stats';
import { activateInTx } from '../../repo/distributors';
import { C, type DistributorDoc } from '../../repo/docs';
import { BUSY, transact } from '../../db/transact';

/**
 * Approves (active, with an invite code) or rejects a pending application. Guarded: the status is
 * read in the transaction; repeating the same decision answers the current state, a contrary one
 * on an already decided application is a CONFLICT.
 */
export const distributorReview = defineAction({
  schema: z.strictObject({ openid: id(), approve: z.boolean() }),
  async run(ctx, p) {
    const { doc, activated } = await transact(ctx.db, async (tx) => {
      const cur = (await tx.collection<DistributorDoc>(C.distributors).doc(p.openid).get()).data;
      if (!cur) throw notFound('没有该用户的分销商申请');
      if (cur.status === 'pending') {
        if (p.approve) return { doc: await activateInTx(tx, cur, ctx.now), activated: true };
        await tx.collection(C.distributors).doc(p.openid).update({ data: { status: 'rejected' } });
        return { doc: { ...cur, status: 'rejected' as const }, activated: false };
      }
      const repeat = p.approve ? cur.status === 'active' : cur.status === 'rejected';
      if (!repeat) throw conflict(`该申请已处理（当前状态：${STATUS_NAMES[cur.status]}），不能再${p.approve ? '通过' : '拒绝'}`);
      return { doc: cur, activated: false };
    }, { busy: BUSY });
    if (activated) await bumpDailyStats(ctx.db, ctx.now, { newDistributors: 1 });
    return { openid: doc.openid, status: doc.status, inviteCode: doc.inviteCode };
  },
});

export const STATUS_NAMES: Record<DistributorDoc['status'], string> = {
  pending: '待审核',
  active: '正常',
  rejected: '已拒绝',
  disabled: '已停用',
};
