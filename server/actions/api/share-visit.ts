import { z } from 'zod';
import { defineAction } from '../action';
import { dayKey, startOfChinaDay } from '../../core/time';
import { id } from '../../core/validate';
import { C, type VisitDoc } from '../../repo/docs';
import type { InviteCodeDoc } from '../../repo/invite-codes';
import { normalizeInviteCode } from '../../../miniprogram/shared/invite-code';

const schema = z.strictObject({
  code: z.string().min(1).max(32),
  productId: id().optional(),
  // How the page was opened: `card` (share card), `poster` (code scan), or a WeChat scene number.
  scene: z.string().max(32).regex(/^[A-Za-z0-9_-]*$/, '场景值只能是字母数字').optional(),
});

/**
 * 浏览: someone opened a shared card or a poster code (the opener is the caller). One visit per
 * visitor, sharer, product and China-time day: the record's `_id` says exactly that, so the one
 * write is the check — a repeat today fails as a duplicate key, and finding the record there
 * (never the error's text) answers `recorded: false`. Off the money path: the
 * code lookup and that one `add`, no counter document. The sharer's own open, and a code that names
 * no one, are not recorded — and answer the same `recorded: false`, so no one learns from it
 * whether a code exists. A visitor is new when their user record was made today (the dispatcher
 * makes it on their first call, so a first open from a share makes one): no extra read.
 */
export const shareVisit = defineAction({
  schema,
  async run(ctx, p): Promise<{ recorded: boolean }> {
    const me = ctx.user.openid;
    const code = normalizeInviteCode(p.code);
    if (!code) return { recorded: false };
    const { data } = await ctx.db.collection<InviteCodeDoc>(C.inviteCodes).where({ _id: code }).limit(1).get();
    const sharer = data[0]?.openid;
    if (!sharer || sharer === me) return { recorded: false };
    const productId = p.productId ?? null;
    const day = dayKey(ctx.now);
    const visit: VisitDoc = {
      _id: `${day}:${sharer}:${me}:${productId ?? 'shop'}`,
      day,
      sharer,
      visitor: me,
      productId,
      scene: p.scene || 'card',
      newVisitor: ctx.user.createdAt >= startOfChinaDay(ctx.now),
      at: ctx.now,
    };
    const visits = ctx.db.collection<VisitDoc>(C.visits);
    try {
      await visits.add({ data: visit });
      return { recorded: true };
    } catch (e) {
      // Through wx-server-sdk a duplicate `_id` is the generic -502001 with MongoDB's text: rather
      // than read the text, look — the record being there means this open was already counted.
      const { data: found } = await visits.where({ _id: visit._id }).limit(1).get();
      if (found[0]) return { recorded: false };
      throw e;
    }
  },
});
