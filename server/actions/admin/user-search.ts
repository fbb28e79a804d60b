import type { PersonMatch } from '../../../typings/admin';
import { z } from 'zod';
import { defineAction } from '../action';
import { text } from '../../core/validate';
import type { Condition } from '../../db/types';
import { C, type DistributorDoc, type UserDoc } from '../../repo/docs';
import { newestFirst, pageNewestFirst, PAGE_SIZE } from '../../repo/paging';
import { normalizeInviteCode } from '../../../miniprogram/shared/invite-code';

const schema = z.strictObject({
  q: text(40).optional(),
  /** Only people who are distributors (an upline must be one). */
  distributorsOnly: z.boolean().optional(),
});

/** Highest code point: `prefix` ≤ s < `prefix + MAX_CHAR` is "s starts with prefix", an index range. */
const MAX_CHAR = '\uffff';

/**
 * The admin's people picker: who matches `q` — an invite code, a phone number, a nickname prefix
 * (users.nickname, distributors.nickname) or an openid prefix — one bounded page, each with the
 * name, avatar, code and phone an admin recognises a person by. Without `q`: the newest
 * distributors. Every query is indexed and limited to a page.
 */
export const userSearch = defineAction({
  schema,
  async run(ctx, p): Promise<{ items: PersonMatch[] }> {
    const db = ctx.db;
    const _ = db.command;
    const q = p.q?.trim() ?? '';
    const users = db.collection<UserDoc>(C.users);
    const dists = db.collection<DistributorDoc>(C.distributors);
    const byId = new Map<string, { user?: UserDoc; dist?: DistributorDoc; createdAt: number }>();
    const addDist = (d: DistributorDoc) => byId.set(d._id, { ...byId.get(d._id), dist: d, createdAt: d.createdAt });
    const addUser = (u: UserDoc) => byId.set(u._id, { ...byId.get(u._id), user: u, createdAt: byId.get(u._id)?.createdAt ?? u.createdAt });

    if (!q) {
      (await pageNewestFirst(db, dists, {}, undefined)).items.forEach(addDist);
    } else {
      const prefix = (field: string): Condition => ({ [field]: _.and(_.gte(q), _.lt(q + MAX_CHAR)) });
      const distConds: Condition[] = [prefix('nickname'), prefix('_id')];
      const code = normalizeInviteCode(q);
      if (code) distConds.unshift({ inviteCode: code });
      if (/^\d{3,11}$/.test(q)) distConds.unshift({ phone: q });
      for (const cond of distConds) (await dists.where(cond).limit(PAGE_SIZE).get()).data.forEach(addDist);
      if (!p.distributorsOnly) {
        for (const cond of [prefix('nickname'), prefix('_id')]) (await users.where(cond).limit(PAGE_SIZE).get()).data.forEach(addUser);
      }
    }
    let rows = [...byId.entries()].map(([_id, r]) => ({ _id, ...r }));
    if (p.distributorsOnly) rows = rows.filter((r) => r.dist);
    rows = rows.sort(newestFirst).slice(0, PAGE_SIZE);

    // Fill in the other half of each person (users for distributors found, distributors for users).
    const needUsers = rows.filter((r) => !r.user).map((r) => r._id);
    const needDists = rows.filter((r) => !r.dist).map((r) => r._id);
    const [u2, d2] = await Promise.all([
      needUsers.length ? users.where({ _id: _.in(needUsers) }).limit(needUsers.length).get() : Promise.resolve({ data: [] as UserDoc[] }),
      needDists.length ? dists.where({ _id: _.in(needDists) }).limit(needDists.length).get() : Promise.resolve({ data: [] as DistributorDoc[] }),
    ]);
    const moreUsers = new Map(u2.data.map((u) => [u._id, u]));
    const moreDists = new Map(d2.data.map((d) => [d._id, d]));
    return {
      items: rows.map((r) => {
        const user = r.user ?? moreUsers.get(r._id);
        const dist = r.dist ?? moreDists.get(r._id);
        return {
          openid: r._id,
          nickname: user?.nickname || dist?.nickname || '',
          avatarUrl: user?.avatarUrl ?? '',
          inviteCode: dist?.inviteCode ?? null,
          phone: dist?.phone ?? '',
          realName: dist?.realName ?? '',
          distributorStatus: dist?.status ?? null,
        };
      }),
    };
  },
});
