import type { BindReason } from '../../typings/api';
import { notFound } from '../core/errors';
import { transact } from '../db/transact';
import type { Db } from '../db/types';
import { C, type DistributorDoc, type UserDoc } from './docs';

/** How far up the referrer chain a cycle check walks; a deeper chain is refused as a cycle. */
export const MAX_CHAIN_DEPTH = 500;

export interface MoveRequest {
  /** The user whose referrer changes. */
  openid: string;
  /** The new referrer, or null to unbind (admin only). */
  to: string | null;
  now: number;
  /** Refusals that depend on the user's current binding, decided on the record read in the transaction. */
  check?: (user: UserDoc) => BindReason | null;
}

export type MoveResult =
  | { moved: true; from: string | null; to: string | null; to2: string | null; changed: boolean }
  | { moved: false; reason: BindReason };

type Deltas = Map<string, { level1: number; level2: number }>;

function addDelta(d: Deltas, openid: string | null, level1: number, level2: number): void {
  if (!openid || (level1 === 0 && level2 === 0)) return;
  const cur = d.get(openid) ?? { level1: 0, level2: 0 };
  d.set(openid, { level1: cur.level1 + level1, level2: cur.level2 + level2 });
}

/**
 * Moves a user under a new referrer (bind, rebind, admin change) in one transaction on the user's
 * record: the write-once/replace decision, the full-depth cycle walk and the team counters all read
 * in the transaction, and it writes the user's, the old and the new referrer's records, so concurrent moves
 * that touch the same records conflict and run again (db/transact.ts) instead of counting twice or
 * closing a loop. Counters follow the tree: level1(X) = users whose referrer is X,
 * level2(X) = users whose referrer's referrer is X; the moved user's own direct team moves along.
 */
export async function moveReferrer(db: Db, req: MoveRequest): Promise<MoveResult> {
  const _ = db.command;
  const result = await transact(db, async (tx): Promise<MoveResult & { hasTeam?: boolean }> => {
    const users = tx.collection<UserDoc>(C.users);
    const dists = tx.collection<DistributorDoc>(C.distributors);
    const user = (await users.doc(req.openid).get()).data;
    if (!user) throw notFound('用户不存在');
    const refusal = req.check?.(user);
    if (refusal) return { moved: false, reason: refusal };

    let to2: string | null = null;
    if (req.to) {
      if (req.to === req.openid) return { moved: false, reason: 'SELF_REFERRAL' };
      // The new referrer's ancestors, at any depth: the user among them would close a loop.
      const seen = new Set<string>();
      let cur: string | null = req.to;
      while (cur) {
        if (cur === req.openid || seen.size >= MAX_CHAIN_DEPTH) return { moved: false, reason: 'CYCLE' };
        if (seen.has(cur)) break; // a loop above that does not involve this user (never written by us)
        seen.add(cur);
        const u: UserDoc | null = (await users.doc(cur).get()).data;
        if (seen.size === 1) to2 = u?.referrerOpenid ?? null;
        cur = u?.referrerOpenid ?? null;
      }
    }

    const from = user.referrerOpenid;
    // When the binding was made: all its force is read from this and the current settings.
    const times = { boundAt: req.now };
    if (from === req.to) {
      // Same referrer again (renewal of a lapsed window, last click on the same sharer): no counts move.
      if (req.to) await users.doc(req.openid).update({ data: times });
      return { moved: true, from, to: req.to, to2, changed: false };
    }

    // The cycle walk above only read; reads are not validated at commit, so B→A running beside A→B
    // would pass it too (write skew). Both binds write the user being bound AND the new referrer's
    // record, so two binds that could close a loop between them hold a document in common: the
    // second conflicts and reruns, and its walk then sees the first.
    if (req.to) await users.doc(req.to).update({ data: { teamChangedAt: req.now } });
    const from2 = from ? ((await users.doc(from).get()).data?.referrerOpenid ?? null) : null;
    // Leaving `from` writes its record too: `from` moving at the same moment reads its own team size
    // and writes that record, so the two conflict instead of both moving this user's level-2 count
    // (write skew: each read what the other wrote; seen as bob/erin level-2 counts off by one).
    if (from) await users.doc(from).update({ data: { teamChangedAt: req.now } });
    const mine = (await dists.doc(req.openid).get()).data;
    const teamSize = mine?.team.level1 ?? 0;
    const deltas: Deltas = new Map();
    addDelta(deltas, from, -1, -teamSize);
    addDelta(deltas, from2, 0, -1);
    addDelta(deltas, req.to, 1, teamSize);
    addDelta(deltas, to2, 0, 1);
    for (const [openid, d] of deltas) {
      if (d.level1 === 0 && d.level2 === 0) continue;
      const doc = (await dists.doc(openid).get()).data;
      if (!doc) continue; // only distributors keep counters
      await dists.doc(openid).update({
        // teamSize: the team leaderboard's sort key (ranking.list), moved with the counters.
        data: { team: { level1: _.inc(d.level1), level2: _.inc(d.level2) }, teamSize: _.inc(d.level1 + d.level2) },
      });
    }
    await users.doc(req.openid).update({
      data: req.to ? { referrerOpenid: req.to, referrer2Openid: to2, ...times } : {
        referrerOpenid: null,
        referrer2Openid: null,
        boundAt: null,
      },
    });
    return { moved: true, from, to: req.to, to2, changed: true, hasTeam: mine !== null };
  }, { busy: '绑定人数较多，请稍后重试' });

  if (result.moved && result.changed && result.hasTeam) {
    // Only distributors can have a team. Its members now have the new referrer as their level 2
    // (rewritten even when the counter says 0, so a drifted counter never leaves stale chains).
    // Members bound meanwhile read the user's new referrer in their own transaction, so they are
    // right either way.
    await db
      .collection<UserDoc>(C.users)
      .where({ referrerOpenid: req.openid })
      .update({ data: { referrer2Openid: req.to } });
  }
  if (!result.moved) return result;
  return { moved: true, from: result.from, to: result.to, to2: result.to2, changed: result.changed };
}
