import type { LocalCloud } from '../../local/runtime';
import { C } from '../../server/repo/docs';

/**
 * Every table of the local cloud's SQLite file (app collections and WeChat Pay's side), rows as
 * stored, straight from SQLite: the "nothing changed" check. `exclude` names collections that
 * legitimately grow on a refused call (say why at the call site). The `rev` column is left out: a
 * write of the same value is not a changed record.
 */
export function rawTables(local: LocalCloud, exclude: string[] = []): Record<string, Array<[string, string]>> {
  const sqlite = local.db.sqlite;
  const skip = new Set(exclude.map((c) => `c_${c}`));
  const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>)
    .map((t) => t.name)
    .filter((n) => !n.startsWith('sqlite_') && !skip.has(n));
  const out: Record<string, Array<[string, string]>> = {};
  for (const name of tables) {
    const cols = (sqlite.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string }>).map((c) => c.name);
    const key = cols[0];
    const data = cols.includes('data') ? 'data' : cols[1];
    out[name] = (sqlite.prepare(`SELECT "${key}" AS k, "${data}" AS d FROM "${name}" ORDER BY "${key}"`).all() as Array<{ k: string; d: string }>).map(
      (r) => [r.k, r.d],
    );
  }
  return out;
}

/** The collections the money lives in, as compared between two runs of the same story. */
export const MONEY_COLLECTIONS = [C.orders, C.commissions, C.distributors, C.withdrawals, C.refunds, C.statsDaily, C.products, C.rankingStats];

/** Keys whose values differ between two runs of the same story (times, WeChat's random ids, codes). */
const VOLATILE_KEY = /(At|^at|Deadline|^transactionId|^refundId|^inviteCode|^time)$/;

/**
 * The money state, normalised so two runs of the same story compare equal: times and WeChat's ids
 * become presence markers, generated order and product ids become labels by creation order
 * (`orders#1`, ...) wherever they appear (commission ids, refund ids, `orderId` fields), and each
 * collection is sorted by content. What is left is every amount, status, counter and event.
 */
export async function moneySnapshot(local: LocalCloud, collections: string[] = MONEY_COLLECTIONS): Promise<Record<string, unknown[]>> {
  const raw: Record<string, Array<Record<string, unknown>>> = {};
  for (const c of collections) raw[c] = docsOf(local, c);
  // Generated ids (random parts): labelled by creation order, ties by id.
  const labels = new Map<string, string>();
  for (const c of [C.orders, C.products]) {
    [...(raw[c] ?? docsOf(local, c))]
      .sort((a, b) => Number(a.createdAt ?? 0) - Number(b.createdAt ?? 0) || (String(a._id) < String(b._id) ? -1 : 1))
      .forEach((d, i) => labels.set(String(d._id), `${c}#${i + 1}`));
  }
  const ids = [...labels.keys()].sort((a, b) => b.length - a.length);
  const relabel = (s: string) => {
    for (const id of ids) if (s.includes(id)) s = s.split(id).join(labels.get(id)!);
    return s;
  };
  const norm = (v: unknown, key = ''): unknown => {
    if (VOLATILE_KEY.test(key)) return v == null || v === '' ? v : '<set>';
    if (typeof v === 'string') return relabel(v);
    if (Array.isArray(v)) return v.map((x) => norm(x));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[relabel(k)] = norm((v as Record<string, unknown>)[k], k);
      return out;
    }
    return v;
  };
  const out: Record<string, unknown[]> = {};
  for (const c of collections) {
    out[c] = raw[c].map((d) => norm(d)).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  return out;
}

/** A collection's documents from SQLite (none when its table was never created). */
function docsOf(local: LocalCloud, collection: string): Array<Record<string, unknown>> {
  const exists = local.db.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(`c_${collection}`);
  if (!exists) return [];
  const rows = local.db.sqlite.prepare(`SELECT _id, data FROM "c_${collection}"`).all() as Array<{ _id: string; data: string }>;
  return rows.map((r) => ({ ...(JSON.parse(r.data) as Record<string, unknown>), _id: r._id }));
}
