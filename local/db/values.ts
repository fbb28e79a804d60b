/**
 * How document values are stored as JSON text.
 *
 * A `Date` is stored as the tagged string `"$date:<ISO 8601>"` rather than `{"$date": ms}`: an ISO
 * string sorts and compares correctly as plain text, so `json_extract` comparisons, `ORDER BY` and
 * expression indexes on date fields work with no special SQL (an object would compare as its JSON
 * text, which sorts `{"$date":999}` after `{"$date":1000}`). A user string that happens to start with
 * one of the tags is escaped with `"$str:"`, so every string round-trips.
 */
import { UpdateCmd, QueryCmd, ServerDateMarker } from './commands';
import { invalidParam } from './errors';

export const DATE_TAG = '$date:';
/** The first string after every tagged date (`;` follows `:`), for type-bracketed range queries. */
export const DATE_TAG_END = '$date;';
const ESCAPE_TAG = '$str:';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Plain = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Plain {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function encodeDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw invalidParam('invalid Date value');
  return DATE_TAG + d.toISOString();
}

function encodeString(s: string): string {
  return s.startsWith(DATE_TAG) || s.startsWith(ESCAPE_TAG) ? ESCAPE_TAG + s : s;
}

/**
 * A JS value → its stored JSON form. `serverDate()` markers become the clock's time; `undefined`
 * object fields are dropped (as JSON does). Update and query commands are not storable values.
 */
export function encodeValue(v: unknown, now: () => number): Json | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalidParam(`cannot store the number ${v}`);
    return v;
  }
  if (typeof v === 'string') return encodeString(v);
  if (v instanceof Date) return encodeDate(v);
  if (v instanceof ServerDateMarker) return encodeDate(new Date(now() + v.offsetMs));
  if (Array.isArray(v)) return v.map((x) => encodeValue(x, now) ?? null);
  if (isPlainObject(v)) {
    const out: { [key: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) {
      const e = encodeValue(x, now);
      if (e !== undefined) out[k] = e;
    }
    return out;
  }
  if (v instanceof UpdateCmd || v instanceof QueryCmd) throw invalidParam('a db.command cannot be stored as a value here');
  throw invalidParam(`cannot store a value of type ${Object.prototype.toString.call(v).slice(8, -1)}`);
}

function reviveString(s: string): unknown {
  if (s.startsWith(DATE_TAG)) return new Date(s.slice(DATE_TAG.length));
  if (s.startsWith(ESCAPE_TAG)) return s.slice(ESCAPE_TAG.length);
  return s;
}

function reviver(_key: string, v: unknown): unknown {
  // '$' is 36: only strings starting with it can carry a tag; the check keeps parsing cheap.
  return typeof v === 'string' && v.charCodeAt(0) === 36 ? reviveString(v) : v;
}

export function parseStored(text: string): Plain {
  // Only a string starting with '$' can carry a tag; without one, the faster reviver-less parse.
  return (text.includes('"$') ? JSON.parse(text, reviver) : JSON.parse(text)) as Plain;
}

export function stringifyDoc(doc: Plain, now: () => number): string {
  return JSON.stringify(encodeValue(doc, now));
}

/** Resolves `serverDate()` markers and validates, returning plain JS values (Dates stay Dates). */
export function resolveValue(v: unknown, now: () => number): unknown {
  const e = encodeValue(v, now);
  return e === undefined ? undefined : JSON.parse(JSON.stringify(e), reviver);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Order of two comparable values of the same kind (number, string, Date), else undefined. */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return undefined;
}
