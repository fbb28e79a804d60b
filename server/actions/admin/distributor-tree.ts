import type { AdminData } from '../../../typings/admin';
import { z } from 'zod';
import { defineAction } from '../action';
import { invalid, notFound } from '../../core/errors';
import { cursor, id } from '../../core/validate';
import type { Db } from '../../db/types';
import { C, type DistributorDoc, type UserDoc } from '../../repo/docs';
import { linksInForce } from '../../repo/links-in-force';
import { pageNewestFirst } from '../../repo/paging';
import { loadSettings } from '../../repo/settings';
import { bindingInForce } from '../../rules/binding';

const schema = z.strictObject({
  openid: id(),
  /** Which downline level `cursor` pages; without it both levels' first pages come back. */
  level: z.union([z.literal(1), z.literal(2)]).optional(),
  cursor: cursor(),
});

/**
 * 团队树 for the admin: a user's upline (their referrer and that one's referrer — the two levels
 * that earn on their orders) and their downline, level 1 (referrerOpenid) and level 2
 * (referrer2Openid), with counts and pages newest first (indexes users.referrer*_created). Each
 * node says whether the link that makes it earn (or pay) is in force under the current rules
 * (rules/binding.ts): the same answer the orders' chains get.
 */
export const distributorTree = defineAction({
  schema,
  async run(ctx, p): Promise<AdminData<'distributor.tree'>> {
    if (p.cursor && !p.level) throw invalid('参数错误：翻页时需要指定 level');
    const db = ctx.db;
    const _ = db.command;
    const { data: found } = await db.collection<UserDoc>(C.users).where({ _id: p.openid }).limit(1).get();
    const user = found[0];
    if (!user) throw notFound('用户不存在');
    const uplineIds = [user.referrerOpenid, user.referrer2Openid].filter((x): x is string => !!x);
    const users = ctx.db.collection<UserDoc>(C.users);
    const [uplineUsers, count1, count2, page1, page2] = await Promise.all([
      uplineIds.length ? users.where({ _id: _.in(uplineIds) }).limit(2).get() : Promise.resolve({ data: [] as UserDoc[] }),
      users.where({ referrerOpenid: p.openid }).count(),
      users.where({ referrer2Openid: p.openid }).count(),
      !p.level || p.level === 1 ? pageNewestFirst(db, users, { referrerOpenid: p.openid }, p.cursor) : null,
      !p.level || p.level === 2 ? pageNewestFirst(db, users, { referrer2Openid: p.openid }, p.cursor) : null,
    ]);
    const members = [...(page1?.items ?? []), ...(page2?.items ?? [])];
    const dists = await distributorsById(db, [p.openid, ...uplineIds, ...members.map((m) => m.openid)]);
    const { binding } = await loadSettings(db);
    const holds = (b: UserDoc | undefined) => !!b && bindingInForce(b, binding, ctx.now);
    const [down1, down2] = await Promise.all([
      linksInForce(db, page1?.items ?? [], 1, binding, ctx.now),
      linksInForce(db, page2?.items ?? [], 2, binding, ctx.now),
    ]);
    const node = (u: UserDoc, inForce: boolean) => ({
      openid: u.openid,
      nickname: u.nickname,
      avatarUrl: u.avatarUrl,
      joinedAt: u.boundAt ?? u.createdAt,
      distributorStatus: dists.get(u.openid)?.status ?? null,
      team: dists.get(u.openid)?.team ?? null,
      lifetimeFen: dists.get(u.openid)?.lifetimeFen ?? 0,
      inForce,
    });
    const upUser = new Map(uplineUsers.data.map((u) => [u._id, u]));
    // The upline earns on the user's orders only through links in force: level 2 needs both.
    const upInForce = [holds(user), holds(user) && holds(upUser.get(user.referrerOpenid ?? ''))];
    return {
      user: node(user, holds(user)),
      upline: uplineIds.map((openid, i) => {
        const u = upUser.get(openid);
        const blank = { openid, nickname: '', avatarUrl: '', joinedAt: null, distributorStatus: null, team: null, lifetimeFen: 0, inForce: upInForce[i] };
        return { level: i + 1, ...(u ? node(u, upInForce[i]) : blank) };
      }),
      counts: { level1: count1.total, level2: count2.total },
      level1: page1 ? { items: page1.items.map((u) => node(u, down1(u))), nextCursor: page1.nextCursor } : null,
      level2: page2 ? { items: page2.items.map((u) => node(u, down2(u))), nextCursor: page2.nextCursor } : null,
    };
  },
});

async function distributorsById(db: Db, ids: string[]): Promise<Map<string, DistributorDoc>> {
  const unique = [...new Set(ids)];
  const { data } = await db
    .collection<DistributorDoc>(C.distributors)
    .where({ _id: db.command.in(unique) })
    .field({ _id: true, status: true, team: true, lifetimeFen: true })
    .limit(unique.length)
    .get();
  return new Map(data.map((d) => [d._id, d]));
}
