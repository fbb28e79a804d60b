import { z } from 'zod';
import { defineAction } from '../action';
import { text } from '../../core/validate';
import type { Db } from '../../db/types';
import { C, type DistributorDoc, type UserDoc } from '../../repo/docs';
import { loadSettings } from '../../repo/settings';
import { bindingInForce } from '../../rules/binding';
import { normalizeInviteCode } from '../../../miniprogram/shared/invite-code';

const schema = z.strictObject({
  /** The code the phone captured from a share or poster (only used while the caller is unbound). */
  code: text(20).optional(),
});

/**
 * Who invited the caller, from the server's binding (never from the last share the phone opened):
 * the referrer's name, avatar and invite code, for the join page (`bound: true`). A caller not yet
 * bound may pass the captured code: the active distributor it belongs to is who will invite them
 * (`bound: false`). A binding not in force under the current rules (rules/binding.ts) is none.
 */
export const referralInviter = defineAction({
  schema,
  async run(ctx, p) {
    const u = ctx.user;
    const { binding } = await loadSettings(ctx.db);
    if (u.referrerOpenid && bindingInForce(u, binding, ctx.now)) {
      const { data } = await ctx.db.collection<DistributorDoc>(C.distributors).where({ _id: u.referrerOpenid }).limit(1).get();
      return { inviter: await personOf(ctx.db, u.referrerOpenid, data[0]?.inviteCode ?? null), bound: true };
    }
    const code = p.code ? normalizeInviteCode(p.code) : null;
    if (!code) return { inviter: null, bound: false };
    // distributors.invite_code index; only an active distributor can invite.
    const { data } = await ctx.db.collection<DistributorDoc>(C.distributors).where({ inviteCode: code, status: 'active' }).limit(1).get();
    const d = data[0];
    if (!d || d._id === u.openid) return { inviter: null, bound: false };
    return { inviter: await personOf(ctx.db, d._id, d.inviteCode), bound: false };
  },
});

async function personOf(db: Db, openid: string, inviteCode: string | null) {
  const { data } = await db.collection<UserDoc>(C.users).where({ _id: openid }).limit(1).get();
  return { nickname: data[0]?.nickname ?? '', avatarUrl: data[0]?.avatarUrl ?? '', inviteCode };
}
