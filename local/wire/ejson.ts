/**
 * Extended JSON as the SDK writes it (@cloudbase/database `utils.stringifyByEJSON`, canonical bson
 * EJSON: `{"$numberInt":"1"}`, `{"$date":{"$numberLong":"0"}}`) and as it reads our answers
 * (document.js: `res.data.list.map(item => EJSON.parse(item))`, relaxed: plain numbers, `$date`).
 */
/** The database's server-date marker for an offset in ms (LocalDb.serverDate). */
export type ServerDateOf = (offsetMs: number) => unknown;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * EJSON text → JS values: numbers, Dates, and the SDK's `{"$tcb_server_date":{"offset":n}}`
 * (@cloudbase/database serverDate) as the database's own server-date marker. Operator keys
 * (`$gt`, `$set`, …) stay as they are: the query and update translators read them.
 */
export function parseEjson(text: string, serverDate: ServerDateOf): unknown {
  return revive(JSON.parse(text) as Json, serverDate);
}

function revive(v: Json, serverDate: ServerDateOf): unknown {
  if (Array.isArray(v)) return v.map((x) => revive(x, serverDate));
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v);
  if (keys.length === 1) {
    const k = keys[0];
    const x = v[k];
    if (k === '$numberInt' || k === '$numberDouble' || k === '$numberLong' || k === '$numberDecimal') return Number(x);
    if (k === '$date') {
      if (typeof x === 'string' || typeof x === 'number') return new Date(x);
      if (x && typeof x === 'object' && !Array.isArray(x) && '$numberLong' in x) return new Date(Number(x.$numberLong));
    }
    if (k === '$tcb_server_date') {
      const offset = x && typeof x === 'object' && !Array.isArray(x) ? Number(revive(x.offset ?? 0, serverDate)) : 0;
      return serverDate(offset);
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = revive(v[k], serverDate);
  return out;
}

/** A stored document → the relaxed EJSON text the SDK parses (Dates as `{"$date":{"$numberLong"}}`). */
export function stringifyEjson(doc: unknown): string {
  return JSON.stringify(toEjson(doc));
}

function toEjson(v: unknown): unknown {
  if (v instanceof Date) return { $date: { $numberLong: String(v.getTime()) } };
  if (Array.isArray(v)) return v.map(toEjson);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toEjson(x);
    return out;
  }
  return v;
}
