import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, invalid, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { C, type UserDoc } from '../../repo/docs';
import { moveReferrer } from '../../repo/referral';
import { findDistributor } from '../../repo/users';

/**
 * Moves a user under another referrer (or none), with the bind's self and cycle checks. The user's
 * own direct team moves with them, and both uplines' team counters follow.
 */
export const distributorChangeReferrer = defineAction({
  schema: z.strictObject({ openid: id(), referrerOpenid: id().nullable() }),
  async run(ctx, p) {
    if (p.referrerOpenid === p.openid) throw invalid('不能把用户设为自己的上级');
    const { data } = await ctx.db.collection<UserDoc>(C.users).where({ _id: p.openid }).limit(1).get();
    if (!data[0]) throw notFound('用户不存在');
    if (p.referrerOpenid) {
      const dist = await findDistributor(ctx.db, p.referrerOpenid);
      if (!dist) throw notFound('新上级不是分销商');
      if (dist.status !== 'active') throw conflict('新上级的分销资格不是正常状态');
    }
    const res = await moveReferrer(ctx.db, { openid: p.openid, to: p.referrerOpenid, now: ctx.now });
    if (!res.moved) {
      if (res.reason === 'SELF_REFERRAL') throw invalid('不能把用户设为自己的上级');
      throw conflict('新上级在该用户的下级链路中，会形成循环推荐关系');
    }
    return { openid: p.openid, referrerOpenid: res.to, referrer2Openid: res.to2 };
  },
});
