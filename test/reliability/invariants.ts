import type { LocalCloud } from '../../local/runtime';
import { C, type DistributorDoc, type UserDoc } from '../../server/repo/docs';

/** All documents of a collection, straight from SQLite (unbounded: for checks, not for the app). */
export function all<T>(local: LocalCloud, collection: string): T[] {
  if (!local.db.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(`c_${collection}`)) return [];
  const rows = local.db.sqlite.prepare(`SELECT _id, data FROM "c_${collection}"`).all() as Array<{ _id: string; data: string }>;
  return rows.map((r) => ({ ...(JSON.parse(r.data) as T), _id: r._id }));
}

/**
 * The referral tree's counters against the tree itself (what `reconcile` does for money): every
 * distributor's team.level1 is the number of users whose referrer they are, team.level2 the number
 * whose referrer's referrer they are, and every user's referrer2Openid is their referrer's referrer.
 * Returns the differences (empty when all hold).
 */
export async function counterMismatches(t: { local: LocalCloud }): Promise<string[]> {
  const users = all<UserDoc>(t.local, C.users);
  const byId = new Map(users.map((u) => [u._id, u]));
  const out: string[] = [];
  for (const d of all<DistributorDoc>(t.local, C.distributors)) {
    const l1 = users.filter((u) => u.referrerOpenid === d._id).length;
    const l2 = users.filter((u) => u.referrerOpenid && byId.get(u.referrerOpenid)?.referrerOpenid === d._id).length;
    if (d.team.level1 !== l1) out.push(`${d._id}.team.level1 = ${d.team.level1}, users under it: ${l1}`);
    if (d.team.level2 !== l2) out.push(`${d._id}.team.level2 = ${d.team.level2}, users two levels under it: ${l2}`);
  }
  for (const u of users) {
    const expected = u.referrerOpenid ? (byId.get(u.referrerOpenid)?.referrerOpenid ?? null) : null;
    if ((u.referrer2Openid ?? null) !== expected) out.push(`${u._id}.referrer2Openid = ${u.referrer2Openid}, expected ${expected}`);
  }
  return out;
}
