import { z } from 'zod';
import type { BindReason } from '../../../typings/api';
import { defineAction, type ActionContext } from '../action';
import { bumpDailyStats } from '../../repo/daily-stats';
import { C, type ScanDoc, type UserDoc } from '../../repo/docs';
import type { InviteCodeDoc } from '../../repo/invite-codes';
import { hasPaidOrder } from '../../repo/paid-spend';
import { moveReferrer } from '../../repo/referral';
import { bindingReplaceable } from '../../rules/binding';
import { loadSettings } from '../../repo/settings';
import { findDistributor } from '../../repo/users';
import { normalizeInviteCode } from '../../../miniprogram/shared/invite-code';
import { decodeScene } from '../../../miniprogram/shared/scene';

const schema = z
  .strictObject({
    code: z.string().max(32).optional(),
    // A URL-encoded 32-character scene is at most 96 characters.
    scene: z.string().max(128).optional(),
  })
  .refine((p) => Boolean(p.code?.trim() || p.scene?.trim()), '需要邀请码或场景值');

type Answer = { bound: boolean; reason?: BindReason };

/**
 * 绑定上级: a friend opened a shared card or scanned a poster. The user is the caller (WeChat
 * context), the referrer comes from the invite code (the `code` param, else the one in `scene`).
 * A refusal is a normal answer (`bound: false` with a reason), never an error: the friend shops on.
 * Every call is recorded as a scan for the funnel.
 */
export const referralBind = defineAction({
  schema,
  async run(ctx, p): Promise<Answer> {
    const me = ctx.user.openid;
    const typed = p.code?.trim();
    const code = typed ? normalizeInviteCode(typed) : decodeScene(p.scene ?? '').code;
    const out = await decide(ctx, me, code);
    await ctx.db.collection<ScanDoc>(C.scans).add({
      data: {
        code: code ?? (typed ?? '').slice(0, 32),
        scene: p.scene ?? '',
        openid: me,
        at: ctx.now,
        result: out.bound ? 'bound' : (out.reason ?? 'refused'),
      },
    });
    await bumpDailyStats(ctx.db, ctx.now, { scans: 1, newBindings: out.bound ? 1 : 0 });
    return out;
  },
});

async function decide(
  ctx: ActionContext,
  me: string,
  code: string | null,
): Promise<Answer> {
  if (!code) return { bound: false, reason: 'UNKNOWN_CODE' };
  const { data } = await ctx.db.collection<InviteCodeDoc>(C.inviteCodes).where({ _id: code }).limit(1).get();
  const referrer = data[0]?.openid;
  if (!referrer) return { bound: false, reason: 'UNKNOWN_CODE' };
  if (referrer === me) return { bound: false, reason: 'SELF_REFERRAL' };
  const dist = await findDistributor(ctx.db, referrer);
  if (!dist || dist.status !== 'active') return { bound: false, reason: 'REFERRER_INACTIVE' };

  const { binding } = await loadSettings(ctx.db);
  const notNew = binding.newUsersOnly && (await hasPaidOrder(ctx.db, me));
  const check = (user: UserDoc): BindReason | null => {
    // The current mode decides (rules/binding.ts): a binding in force stays, except on a last click.
    if (user.referrerOpenid && !bindingReplaceable(user, binding, ctx.now)) return 'ALREADY_BOUND';
    return notNew ? 'NOT_NEW_USER' : null;
  };
  const res = await moveReferrer(ctx.db, { openid: me, to: referrer, now: ctx.now, check });
  if (!res.moved) return { bound: false, reason: res.reason };
  // The referrer's openid is not the caller's to see (the code they used is what they know).
  return { bound: true };
}
