import type { BindingImpact } from '../../typings/admin';
import type { Settings } from '../../typings/api';
import type { Db } from '../db/types';
import { lapsedUpTo, type BindingRules } from '../rules/binding';
import { describeBindingImpact } from '../rules/binding-impact';
import { C, type UserDoc } from './docs';

/** How many bindings exist, and how many are in force under `rules` now (index users.bound_at). */
async function countInForce(db: Db, rules: BindingRules, now: number, bound: number): Promise<number> {
  const cut = lapsedUpTo(rules, now);
  if (cut === null) return bound;
  const _ = db.command;
  return (await db.collection<UserDoc>(C.users).where({ boundAt: _.gt(cut), referrerOpenid: _.neq(null) }).count()).total;
}

/**
 * What changing the binding rules from `before` to `after` does to the bindings that exist now.
 * Every rule's set of bindings in force is "made after some instant" (no instant for permanent and
 * last click), so the sets are nested and the differences of their sizes are exactly how many
 * bindings lapse or come back. At most three counts, and none when nothing changes.
 */
export async function bindingImpact(
  db: Db,
  before: Settings['binding'],
  after: Settings['binding'],
  now: number,
): Promise<BindingImpact> {
  const changed =
    before.mode !== after.mode ||
    before.newUsersOnly !== after.newUsersOnly ||
    (before.windowDays !== after.windowDays && (before.mode === 'window' || after.mode === 'window'));
  const bound = (await db.collection<UserDoc>(C.users).where({ referrerOpenid: db.command.neq(null) }).count()).total;
  const inForceBefore = await countInForce(db, before, now, bound);
  const inForceAfter = changed ? await countInForce(db, after, now, bound) : inForceBefore;
  const counts = {
    bound,
    inForceBefore,
    inForceAfter,
    lapse: Math.max(0, inForceBefore - inForceAfter),
    revive: Math.max(0, inForceAfter - inForceBefore),
  };
  return { before, after, changed, ...counts, summary: describeBindingImpact(before, after, changed, counts) };
}
