import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import type { Db } from '../../db/types';
import { getDistributorOrThrow } from '../../repo/distributor-access';
import { C, type CommissionDoc, type DistributorDoc, type OrderDoc, type UserDoc } from '../../repo/docs';
import { linksInForce } from '../../repo/links-in-force';
import { pageNewestFirst } from '../../repo/paging';
import { loadSettings } from '../../repo/settings';
import { opaqueId } from '../../rules/opaque-id';

/**
 * My level-1 (referrerOpenid = me) or level-2 (referrer2Openid = me) members, newest first, with
 * what I earned on each one's own purchases and whether their link to me is in force (rules/binding.ts).
 * Per page: the members (index users.referrer*_created), their distributor records (by _id), my
 * commissions on them (index commissions.beneficiary_buyer), summed here, and — level 2 in window
 * mode only — the bindings of their referrers (by _id). A level-1 member's team earns me level-2
 * commission through them: those orders (index orders.chain2_chain1) and my commissions on them
 * (commissions.beneficiary_order) are summed as the member's team contribution.
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
    const [distributors, contribution, viaTeam] = openids.length
      ? await Promise.all([
          ctx.db
            .collection<DistributorDoc>(C.distributors)
            .where({ _id: _.in(openids) })
            .field({ _id: true, status: true })
            .limit(openids.length)
            .get(),
          contributionByBuyer(ctx.db, me, openids),
          p.level === 1 ? contributionViaTeam(ctx.db, me, openids) : Promise.resolve(new Map<string, number>()),
        ])
      : [{ data: [] }, new Map<string, number>(), new Map<string, number>()];
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
        teamContributionFen: viaTeam.get(u.openid) ?? 0,
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

/**
 * Net level-2 commission `beneficiary` earned on orders whose level 1 was one of `members` (the
 * chain fixed on each order): the orders by chain, then my commissions on them, in batches of 1000.
 */
async function contributionViaTeam(db: Db, beneficiary: string, members: string[]): Promise<Map<string, number>> {
  const _ = db.command;
  const viaByOrder = new Map<string, string>();
  const BATCH = 1000;
  let after: string | null = null;
  for (;;) {
    const cond: Record<string, unknown> = { 'chain.level2': beneficiary, 'chain.level1': _.in(members) };
    if (after !== null) cond._id = _.gt(after);
    const { data } = await db
      .collection<OrderDoc>(C.orders)
      .where(cond)
      .field({ _id: true, chain: true })
      .orderBy('_id', 'asc')
      .limit(BATCH)
      .get();
    for (const o of data) if (o.chain.level1) viaByOrder.set(o._id, o.chain.level1);
    if (data.length < BATCH) break;
    after = data[data.length - 1]._id;
  }
  const sums = new Map<string, number>();
  const orderIds = [...viaByOrder.keys()];
  for (let i = 0; i < orderIds.length; i += BATCH) {
    const chunk = orderIds.slice(i, i + BATCH);
    let afterId: string | null = null;
    for (;;) {
      const cond: Record<string, unknown> = { beneficiaryOpenid: beneficiary, orderId: _.in(chunk), level: 2 };
      if (afterId !== null) cond._id = _.gt(afterId);
      const { data } = await db
        .collection<CommissionDoc>(C.commissions)
        .where(cond)
        .field({ _id: true, orderId: true, amountFen: true })
        .orderBy('_id', 'asc')
        .limit(BATCH)
        .get();
      for (const c of data) {
        const via = viaByOrder.get(c.orderId);
        if (via) sums.set(via, (sums.get(via) ?? 0) + c.amountFen);
      }
      if (data.length < BATCH) break;
      afterId = data[data.length - 1]._id;
    }
  }
  return sums;
}
