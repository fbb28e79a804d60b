import { defineAction } from '../action';
import { empty } from '../../core/validate';
import { C, type DistributorDoc, type UserDoc } from '../../repo/docs';

/**
 * Who invited the caller, from the server's binding (never from the last share the phone opened):
 * the referrer's name, avatar and invite code, for the join page. A lapsed window binding is none.
 */
export const referralInviter = defineAction({
  schema: empty(),
  async run(ctx) {
    const u = ctx.user;
    const lapsed = u.bindExpiresAt !== null && u.bindExpiresAt !== undefined && u.bindExpiresAt <= ctx.now;
    if (!u.referrerOpenid || lapsed) return { inviter: null };
    const _ = ctx.db.command;
    const [users, dists] = await Promise.all([
      ctx.db.collection<UserDoc>(C.users).where({ _id: u.referrerOpenid }).limit(1).get(),
      ctx.db.collection<DistributorDoc>(C.distributors).where({ _id: _.eq(u.referrerOpenid) }).field({ _id: true, inviteCode: true }).limit(1).get(),
    ]);
    const r = users.data[0];
    return {
      inviter: { nickname: r?.nickname ?? '', avatarUrl: r?.avatarUrl ?? '', inviteCode: dists.data[0]?.inviteCode ?? null },
    };
  },
});
