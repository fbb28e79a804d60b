import { z } from 'zod';
import { defineAction } from '../action';
import { imageUrl, text } from '../../core/validate';
import { C, type UserDoc } from '../../repo/docs';
import { loadSettings } from '../../repo/settings';
import { findDistributor, toUserView } from '../../repo/users';

const schema = z.strictObject({
  // From WeChat's nickname fill-in (type="nickname"): shown to uplines and on rankings.
  nickname: text(32)
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, '昵称不能为空')
    .optional(),
  // From the avatar chooser, uploaded to cloud storage (cloud://) or an https URL.
  avatarUrl: imageUrl().optional(),
});

/** The caller's nickname and avatar (the distributor record keeps a copy of the nickname for search). */
export const userUpdateProfile = defineAction({
  schema,
  async run(ctx, p) {
    const patch: Partial<Pick<UserDoc, 'nickname' | 'avatarUrl'>> = {};
    if (p.nickname !== undefined) patch.nickname = p.nickname;
    if (p.avatarUrl !== undefined) patch.avatarUrl = p.avatarUrl;
    const me = ctx.user.openid;
    if (Object.keys(patch).length) await ctx.db.collection(C.users).doc(me).update({ data: patch });
    if (patch.nickname !== undefined) {
      await ctx.db.collection(C.distributors).where({ _id: me }).update({ data: { nickname: patch.nickname } });
    }
    const { binding } = await loadSettings(ctx.db);
    return { user: toUserView({ ...ctx.user, ...patch }, await findDistributor(ctx.db, me), binding, ctx.now) };
  },
});
