import type { Db } from '../db/types';
import { bindingInForce, type Binding, type BindingRules } from '../rules/binding';
import { C, type UserDoc } from './docs';

/**
 * For team views (the distributor's and the admin tree): whether a downline member's link to the
 * viewer is in force. Level 1: the member's own binding. Level 2: theirs and their referrer's, since a
 * lapsed link pays no one above it. Only window mode can lapse a binding, so only then are the
 * referrers' bindings read (one query by _id for the page).
 */
export async function linksInForce(
  db: Db,
  members: UserDoc[],
  level: 1 | 2,
  rules: BindingRules,
  now: number,
): Promise<(member: UserDoc) => boolean> {
  const own = (m: Binding) => bindingInForce(m, rules, now);
  if (level === 1 || rules.mode !== 'window') return own;
  const mids = await bindingsById(db, members.filter(own).map((m) => m.referrerOpenid as string));
  return (m) => {
    const mid = own(m) ? mids.get(m.referrerOpenid as string) : undefined;
    return !!mid && own(mid);
  };
}

/** The bindings of some users, by openid (missing users are left out). */
export async function bindingsById(db: Db, openids: string[]): Promise<Map<string, Binding>> {
  const unique = [...new Set(openids)];
  if (!unique.length) return new Map();
  const { data } = await db
    .collection<UserDoc>(C.users)
    .where({ _id: db.command.in(unique) })
    .field({ _id: true, referrerOpenid: true, boundAt: true })
    .limit(unique.length)
    .get();
  return new Map(data.map((u) => [u._id, { referrerOpenid: u.referrerOpenid, boundAt: u.boundAt }]));
}
