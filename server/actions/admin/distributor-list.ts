import { z } from 'zod';
import { defineAction } from '../action';
import { cursor, text } from '../../core/validate';
import type { Condition } from '../../db/types';
import { toAdminDistributorView } from '../../repo/distributor-view';
import { C, type DistributorDoc, type UserDoc } from '../../repo/docs';
import { newestFirst, pageNewestFirst, PAGE_SIZE } from '../../repo/paging';
import { normalizeInviteCode } from '../../../miniprogram/shared/invite-code';

const schema = z.strictObject({
  status: z.enum(['pending', 'active', 'rejected', 'disabled']).optional(),
  q: text(40).optional(),
  cursor: cursor(),
});

/** Highest code point: `prefix` ≤ s < `prefix + MAX_CHAR` is "s starts with prefix", an index range. */
const MAX_CHAR = '\uffff';

/**
 * The distributor list, newest first, by status (index distributors.status_created / created), with
 * cursor paging. `q` searches by invite code, nickname prefix or openid prefix (indexes invite_code,
 * nickname, _id): one bounded page of matches, no cursor.
 */
export const distributorList = defineAction({
  schema,
  async run(ctx, p) {
    const db = ctx.db;
    const _ = db.command;
    const dists = db.collection<DistributorDoc>(C.distributors);
    const statusCond = p.status ? { status: p.status } : {};
    let items: DistributorDoc[];
    let nextCursor: string | null = null;
    const q = p.q?.trim();
    if (q) {
      const conds: Condition[] = [
        { nickname: _.and(_.gte(q), _.lt(q + MAX_CHAR)) },
        { _id: _.and(_.gte(q), _.lt(q + MAX_CHAR)) },
      ];
      const code = normalizeInviteCode(q);
      if (code) conds.unshift({ inviteCode: code });
      const found = new Map<string, DistributorDoc>();
      for (const cond of conds) {
        const { data } = await dists.where(_.and(cond, statusCond)).limit(PAGE_SIZE).get();
        for (const d of data) found.set(d._id, d);
      }
      items = [...found.values()].sort(newestFirst).slice(0, PAGE_SIZE);
    } else {
      const page = await pageNewestFirst(db, dists, statusCond, p.cursor);
      items = page.items;
      nextCursor = page.nextCursor;
    }
    const users = new Map<string, UserDoc>();
    if (items.length) {
      const { data } = await db
        .collection<UserDoc>(C.users)
        .where({ _id: _.in(items.map((d) => d._id)) })
        .limit(items.length)
        .get();
      for (const u of data) users.set(u._id, u);
    }
    return { items: items.map((d) => toAdminDistributorView(d, users.get(d._id))), nextCursor };
  },
});
