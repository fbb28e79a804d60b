import { z } from 'zod';
import { defineAction } from '../action';
import { notEligible } from '../../core/errors';
import { text } from '../../core/validate';
import { bumpDailyStats } from '../../repo/daily-stats';
import { activateInTx, newDistributorDoc } from '../../repo/distributors';
import { C, type DistributorDoc } from '../../repo/docs';
import { reserveInviteCodeInTx } from '../../repo/invite-codes';
import { paidSpendFen } from '../../repo/paid-spend';
import { loadSettings } from '../../repo/settings';
import { findDistributor } from '../../repo/users';
import { yuan } from '../../../miniprogram/shared/money';
import { BUSY, transact } from '../../db/transact';

const schema = z.strictObject({
  realName: text(20).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, '手机号格式不正确')
    .optional(),
});

type Answer = { status: 'active' | 'pending' | 'rejected'; inviteCode?: string };

function answer(d: DistributorDoc): Answer {
  if (d.status === 'disabled') throw notEligible('您的分销资格已被停用，请联系商家');
  return d.status === 'active' && d.inviteCode ? { status: 'active', inviteCode: d.inviteCode } : { status: d.status };
}

/**
 * 成为分销商, in the shop's onboarding mode: `open` (active at once), `approval` (pending until an
 * admin reviews), `threshold` (active once the user's own paid spend reaches thresholdFen). Never
 * a fee. Applying again while active or pending answers the current status; a rejected user may
 * apply again.
 */
export const distributorApply = defineAction({
  schema,
  async run(ctx, p): Promise<Answer> {
    const me = ctx.user.openid;
    const existing = await findDistributor(ctx.db, me);
    if (existing && existing.status !== 'rejected') return answer(existing);

    const { onboarding } = await loadSettings(ctx.db);
    if (onboarding.mode === 'threshold') {
      const spent = await paidSpendFen(ctx.db, me, onboarding.thresholdFen);
      if (spent < onboarding.thresholdFen) {
        throw notEligible(
          `累计消费满 ${yuan(onboarding.thresholdFen)} 即可成为分销商，还差 ${yuan(onboarding.thresholdFen - spent)}`,
        );
      }
    }
    const status = onboarding.mode === 'approval' ? 'pending' : 'active';
    const fields = {
      realName: p.realName?.trim() ?? existing?.realName ?? '',
      phone: p.phone?.trim() ?? existing?.phone ?? '',
      nickname: ctx.user.nickname,
    };

    // Guarded: the record is read in the transaction, so two applications at once make one record
    // and at most one invite code.
    const { doc, activated } = await transact(ctx.db, async (tx) => {
      const ref = tx.collection<DistributorDoc>(C.distributors).doc(me);
      const cur = (await ref.get()).data;
      if (cur && cur.status !== 'rejected') return { doc: cur, activated: false };
      if (!cur) {
        const inviteCode = status === 'active' ? await reserveInviteCodeInTx(tx, me, ctx.now) : null;
        const fresh = newDistributorDoc(me, ctx.now, { status, inviteCode, ...fields });
        const { _id, ...data } = fresh;
        await ref.set({ data });
        return { doc: fresh, activated: status === 'active' };
      }
      await ref.update({ data: { ...fields, status: 'pending', appliedAt: ctx.now } });
      const pending: DistributorDoc = { ...cur, ...fields, status: 'pending', appliedAt: ctx.now };
      if (status === 'pending') return { doc: pending, activated: false };
      return { doc: await activateInTx(tx, pending, ctx.now), activated: true };
    }, { busy: BUSY });
    if (activated) await bumpDailyStats(ctx.db, ctx.now, { newDistributors: 1 });
    return answer(doc);
  },
});
