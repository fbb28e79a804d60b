import type { z } from 'zod';

/**
 * Malformed params, generated from an action's own zod schema: a valid base (real ids by key
 * name), then each field (nested ones too) replaced in turn by values its type can never accept,
 * plus whole-object cases (smuggled keys) and seeded random combinations. Deterministic: the same
 * schema and seed give the same cases.
 */

/** mulberry32: small, seeded, good enough to pick cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Schema = z.ZodType & { _zod: { def: Record<string, any> } };
type Path = Array<string | number>;

interface Field {
  path: Path;
  schema: Schema;
  nullable: boolean;
}

const def = (s: Schema) => s._zod.def;

/** The schema under optional / nullable / default / pipe wrappers, and whether null is allowed. */
function unwrap(s: Schema): { core: Schema; nullable: boolean; optional: boolean } {
  let nullable = false;
  let optional = false;
  for (;;) {
    const d = def(s);
    if (d.type === 'optional') optional = true;
    else if (d.type === 'nullable') nullable = true;
    else if (d.type === 'default' || d.type === 'prefault') optional = true;
    if (d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'prefault') s = d.innerType;
    else if (d.type === 'pipe') s = d.in;
    else return { core: s, nullable, optional };
  }
}

/** Well-formed values for keys that name records: real ones, so the rest of a case is valid. */
export type RealIds = Record<string, unknown>;

/** A valid value for a schema (required fields only unless `full`); null when none is known. */
export function validValue(s: Schema, real: RealIds, key = '', full = false): unknown {
  const { core, optional } = unwrap(s);
  if (key in real) return real[key];
  const d = def(core);
  switch (d.type) {
    case 'string': {
      const c = core as unknown as z.ZodString;
      return 'a1'.padEnd(Math.max(2, c.minLength ?? 0), 'x');
    }
    case 'number': {
      const c = core as unknown as z.ZodNumber;
      return Math.max(c.minValue ?? 1, Math.min(1, c.maxValue ?? 1));
    }
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(d.entries)[0];
    case 'literal':
      return d.values[0];
    case 'array': {
      const c = core as unknown as z.ZodArray<z.ZodType>;
      const min = (c as unknown as { _zod: { bag: { minimum?: number } } })._zod.bag.minimum ?? 0;
      return Array.from({ length: Math.max(min, full ? 1 : 0) }, () => validValue(d.element, real, '', full));
    }
    case 'object':
      return validObject(core, real, full);
    case 'union':
      return validValue(d.options[d.options.length - 1], real, key, full);
    default:
      return optional ? undefined : null;
  }
}

function validObject(s: Schema, real: RealIds, full: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(def(s).shape as Record<string, Schema>)) {
    if (!full && unwrap(v).optional) continue;
    const value = validValue(v, real, k, full);
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** A valid params object for the schema: required fields only, else every field. Null if neither parses. */
export function validParams(schema: Schema, real: RealIds): Record<string, unknown> | null {
  for (const full of [false, true]) {
    const base = validObject(schema, real, full);
    if (schema.safeParse(base).success) return base;
  }
  return null;
}

/** Every field of the params (nested objects, and array elements through index 0), with its schema. */
export function fieldsOf(schema: Schema, base: unknown, path: Path = []): Field[] {
  const out: Field[] = [];
  for (const [k, v] of Object.entries(def(schema).shape as Record<string, Schema>)) {
    const { core, nullable } = unwrap(v);
    const p = [...path, k];
    out.push({ path: p, schema: v, nullable });
    const here = get(base, p);
    if (def(core).type === 'object' && here && typeof here === 'object') out.push(...fieldsOf(core, base, p));
    if (def(core).type === 'array' && Array.isArray(here) && here.length) {
      const el = unwrap(def(core).element).core;
      if (def(el).type === 'object') out.push(...fieldsOf(el, base, [...p, 0]));
    }
  }
  return out;
}

const HUGE = 'x'.repeat(100_000);
/** What a query-operator object looks like, as JSON and as the local database's own command objects. */
const OPERATORS: unknown[] = [
  { $gt: '' },
  { _id: { $ne: null } },
  { $regex: '.*', $options: 'i' },
  { __queryCommand: true, op: 'neq', args: [null] },
  { __updateCommand: true, op: 'inc', value: 1e9 },
];

/** Values of the wrong type or out of range for a field: the field's schema can never accept them. */
export function badValuesFor(field: Field, commandObjects: unknown[] = []): unknown[] {
  const { core } = unwrap(field.schema);
  const d = def(core);
  const notNull = field.nullable ? [] : [null];
  const ops = [...OPERATORS, ...commandObjects];
  switch (d.type) {
    case 'string': {
      const c = core as unknown as z.ZodString;
      const tooLong = c.maxLength != null ? ['y'.repeat(c.maxLength + 1)] : [];
      return [1e308, 2 ** 53, -1, 0, true, ...ops, ['a'], {}, HUGE, ...tooLong, ...notNull];
    }
    case 'number': {
      const c = core as unknown as z.ZodNumber;
      const out: unknown[] = ['NaN', 'Infinity', '1e3', '1', '', NaN, Infinity, -Infinity, ...ops, [1], true, ...notNull];
      if (c.maxValue != null && c.maxValue < 1e308) out.push(1e308, c.maxValue + 1);
      if (c.maxValue != null && c.maxValue < 2 ** 53) out.push(2 ** 53);
      if (c.minValue != null && c.minValue > -1) out.push(-1, c.minValue - 1);
      if (c.isInt) out.push(0.5, (c.minValue ?? 0) + 0.5);
      return out;
    }
    case 'boolean':
      return ['true', 'false', 1, 0, '', { $ne: false }, [true], ...notNull];
    case 'enum': {
      const v = String(Object.values(d.entries)[0]);
      const upper = v.toUpperCase() !== v ? [v.toUpperCase()] : [];
      return [...upper, `${v}\u200b`, `\u202e${v}`, ` ${v}`, 'NaN', '', 1, { $in: Object.values(d.entries) }, [v], ...notNull];
    }
    case 'literal':
      return [String(d.values[0]), 0, -1, 1.5, 2 ** 53, 1e308, 'NaN', { $gt: 0 }, [d.values[0]], ...notNull];
    case 'array': {
      const c = core as unknown as { _zod: { bag: { maximum?: number } } };
      const max = c._zod.bag.maximum;
      const el = validValue(d.element, {}, '', true);
      const tooMany = max != null ? [Array.from({ length: max + 1 }, () => el)] : [];
      return [{ 0: el }, 'x', 1, { $size: 0 }, [1e308, { $gt: '' }], ...tooMany, ...notNull];
    }
    case 'object':
      return [[], 'x', 1, [{}], { __extra: 1 }, JSON.parse('{"__proto__": {"polluted": true}}'), ...notNull];
    case 'union': {
      // Options differ (literals, objects): keep the candidates no option accepts.
      const candidates = [[], 'x', '1', 1, 0, -1, 3, 1.5, 2 ** 53, 1e308, 'NaN', { mode: 'bogus' }, { $or: [] }, { $gt: 0 }, ...notNull];
      return candidates.filter((v) => !core.safeParse(v).success);
    }
    default:
      return [];
  }
}

/** Keys smuggled next to valid params: identity, operators, prototype tricks. */
export const SMUGGLED: Array<Record<string, unknown>> = [
  { openid: 'alice' },
  { _openid: 'alice' },
  { OPENID: 'alice' },
  { $where: 'this.availableFen > 0' },
  { constructor: { prototype: { isAdmin: true } } },
  JSON.parse('{"__proto__": {"isAdmin": true}}') as Record<string, unknown>,
  // An own `__proto__` key (JSON.parse makes one) naming nothing new: still a key the schema does not have.
  JSON.parse('{"__proto__": {}}') as Record<string, unknown>,
  { ['k'.repeat(10_000)]: 1 },
  { '': 1 },
];

/** Strings of the right type that may or may not name something: they must never crash anything. */
export const ODD_STRINGS = [
  'NaN',
  'Infinity',
  '1e3',
  '-1',
  '😀👨‍👩‍👧‍👦',
  '\u202eevil\u202c',
  'a\u200bb\u200d',
  'a\u0000b',
  '𠮷野家',
  '   ',
  "' OR '1'='1",
  '../../etc/passwd',
  '__proto__',
  'constructor',
  '$gt',
];

export function get(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const k of path) cur = cur == null ? undefined : (cur as Record<string | number, unknown>)[k];
  return cur;
}

/** A deep copy of `obj` with the value at `path` replaced (own data properties only). */
export function withValue(obj: unknown, path: Path, value: unknown): Record<string, unknown> {
  const copy = clone(obj) as Record<string, unknown>;
  let cur = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    const next = cur[k];
    if (!next || typeof next !== 'object') return copy; // an earlier mutation replaced the parent
    cur = next as Record<string | number, unknown>;
  }
  Object.defineProperty(cur, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: clone(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

export interface Case {
  label: string;
  params: Record<string, unknown>;
}

/** Every malformed case of one action: field by field, smuggled keys, and `random` seeded combinations. */
export function malformedCases(schema: Schema, base: Record<string, unknown>, seed: number, random = 6, commandObjects: unknown[] = []): Case[] {
  const fields = fieldsOf(schema, base);
  const cases: Case[] = [];
  const pools = fields.map((f) => ({ f, bad: badValuesFor(f, commandObjects) }));
  for (const { f, bad } of pools) {
    bad.forEach((v, i) => cases.push({ label: `${f.path.join('.')} ← bad #${i}`, params: withValue(base, f.path, v) }));
  }
  const shape = def(schema).shape as Record<string, unknown>;
  SMUGGLED.forEach((extra, i) => {
    if (Object.keys(extra).some((k) => Object.prototype.hasOwnProperty.call(shape, k))) return; // a real field, not smuggled
    const params = clone(base) as Record<string, unknown>;
    for (const [k, v] of Object.entries(extra)) Object.defineProperty(params, k, { value: v, enumerable: true, writable: true, configurable: true });
    cases.push({ label: `smuggled key #${i}`, params });
  });
  // Arrays and primitives where the params object goes arrive as index keys / nothing: refused as a whole.
  cases.push({ label: 'params as an array', params: { ...[base, base] } as Record<string, unknown> });
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const usable = pools.filter((p) => p.bad.length);
  for (let i = 0; i < random && usable.length; i++) {
    let params: Record<string, unknown> = base;
    const n = 1 + Math.floor(rnd() * Math.min(3, usable.length));
    for (let j = 0; j < n; j++) {
      const { f, bad } = pick(usable);
      params = withValue(params, f.path, pick(bad));
    }
    const extra = pick(['openid', '_openid', 'x']);
    if (rnd() < 0.3 && !Object.prototype.hasOwnProperty.call(shape, extra)) params = withValue(params, [extra], pick(ODD_STRINGS));
    cases.push({ label: `random #${i}`, params });
  }
  return cases;
}

/** Well-typed odd strings in each string field (the rest valid): any answer but a crash. */
export function oddStringCases(schema: Schema, base: Record<string, unknown>): Case[] {
  const cases: Case[] = [];
  for (const f of fieldsOf(schema, base)) {
    if (def(unwrap(f.schema).core).type !== 'string') continue;
    for (const v of ODD_STRINGS) cases.push({ label: `${f.path.join('.')} ← ${JSON.stringify(v)}`, params: withValue(base, f.path, v) });
  }
  return cases;
}
