import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import type { Db } from '../../db/types';
import { getDistributorOrThrow } from '../../repo/distributor-access';
import { C, type CommissionDoc, type DistributorDoc, type UserDoc } from '../../repo/docs';
import { linksInForce } from '../../repo/links-in-force';
import { pageNewestFirst } from '../../repo/paging';
import { loadSettings } from '../../repo/settings';
import { opaqueId } from '../../rules/opaque-id';

/**
 * My level-1 (referrerOpenid = me) or level-2 (referrer2Openid = me) members, newest first, with
 * what I earned on each one's own purchases and whether their link to me is in force (rules/binding.ts).
 * Per page: the members (index users.referrer*_created), their distributor records (by _id), my
 * commissions on them (index commissions.beneficiary_buyer), summed here, and — level 2 in window
 * mode only — the bindings of their referrers (by _id).
 */
export const distributorTeam = defineAction({
  schema: z.strictObject({ level: z.union([z.literal(1), z.literal(2)]), cursor: cursor() }),
  async run(ctx, p) {
    const me = ctx.user.openid;
    await getDistributorOrThrow(ctx.db, me);
    const _ = ctx.db.command;
    const base = p.level === 1 ? { referrerOpenid: me } : { referrer2Openid: me };
    const page = await pageNewestFirst(ctx.db, ctx.db.collection<UserDoc>(C.users), base, p.cursor);
    const openids = page.items.map((u) => u.openid);
    const [distributors, contribution] = openids.length
      ? await Promise.all([
          ctx.db
            .collection<DistributorDoc>(C.distributors)
            .where({ _id: _.in(openids) })
            .field({ _id: true, status: true })
            .limit(openids.length)
            .get(),
          contributionByBuyer(ctx.db, me, openids),
        ])
      : [{ data: [] }, new Map<string, number>()];
    const active = new Set(distributors.data.filter((d) => d.status === 'active').map((d) => d._id));
    const { binding } = await loadSettings(ctx.db);
    const inForce = await linksInForce(ctx.db, page.items, p.level, binding, ctx.now);
    return {
      // No openids of the members: an opaque id, stable for me, serves the client's list keys.
      items: page.items.map((u) => ({
        memberId: opaqueId('m', me, u.openid),
        nickname: u.nickname,
        avatarUrl: u.avatarUrl,
        joinedAt: u.boundAt ?? u.createdAt,
        isDistributor: active.has(u.openid),
        contributionFen: contribution.get(u.openid) ?? 0,
        inForce: inForce(u),
      })),
      nextCursor: page.nextCursor,
    };
  },
});

/**
 * Net commission `beneficiary` earned on purchases by each of `buyers` (amountFen is already net
 * of refunds). Usually one query; members with more than 1000 records between them take further
 * batches of 1000 (keyed on _id), so the sum is always complete.
 */
async function contributionByBuyer(
  db: Db,
  beneficiary: string,
  buyers: string[],
): Promise<Map<string, number>> {
  const _ = db.command;
  const sums = new Map<string, number>();
  const BATCH = 1000;
  let after: string | null = null;
  for (;;) {
    const cond: Record<string, unknown> = { beneficiaryOpenid: beneficiary, buyerOpenid: _.in(buyers) };
    if (after !== null) cond._id = _.gt(after);
    const { data } = await db
      .collection<CommissionDoc>(C.commissions)
      .where(cond)
      .field({ _id: true, buyerOpenid: true, amountFen: true })
      .orderBy('_id', 'asc')
      .limit(BATCH)
      .get();
    for (const c of data) sums.set(c.buyerOpenid, (sums.get(c.buyerOpenid) ?? 0) + c.amountFen);
    if (data.length < BATCH) return sums;
    after = data[data.length - 1]._id;
  }
}
