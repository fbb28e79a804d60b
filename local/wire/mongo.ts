/**
 * The SDK's wire queries and updates (MongoDB operators, what @cloudbase/database's QuerySerializer
 * and UpdateSerializer emit) turned back into the `Condition` / `UpdateData` of server/db/types.ts
 * with the local database's own `db.command` markers, so the same engine answers both doors.
 *
 * What the SDK sends (node_modules/@cloudbase/database/dist/commonjs/serializer/*.js): nested
 * objects flattened to dotted paths (`{"chain.level1":"B"}`), field commands as `{"a":{"$gt":1}}`,
 * `_.and/_.or` as `{"$and":[…]}` / `{"$or":[…]}` at the top or per field; updates grouped by
 * operator: `$set` (plain values, flattened; `_.set(v)` kept whole), `$inc`, `$mul`, `$min`,
 * `$max`, `$unset`, `$push: {f: {$each, $position?, $slice?}}`, `$pull`, `$addToSet`.
 */
import type { Condition, QueryCommand, SortOrder, UpdateData } from '../../server/db/types';
import { command as _ } from '../db/commands';
import { invalidParam } from '../db/errors';
import { isPlainObject } from '../db/values';

type Plain = Record<string, unknown>;

const FIELD_OPS: Record<string, (v: unknown) => QueryCommand> = {
  $eq: (v) => _.eq(v),
  $ne: (v) => _.neq(v),
  $gt: (v) => _.gt(v),
  $gte: (v) => _.gte(v),
  $lt: (v) => _.lt(v),
  $lte: (v) => _.lte(v),
  $in: (v) => _.in(v as unknown[]),
  $nin: (v) => _.nin(v as unknown[]),
  $exists: (v) => _.exists(v === true),
};

const isOperatorObject = (v: unknown): v is Plain =>
  isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));

/** A whole query document → a Condition (a plain object, or one `_.and`/`_.or` command). */
export function toCondition(q: unknown): Condition {
  if (!isPlainObject(q)) throw invalidParam('query must be an object');
  const plain: Plain = {};
  const extra: Condition[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (k === '$and' || k === '$or') {
      if (!Array.isArray(v)) throw invalidParam(`${k} needs an array`);
      const subs = v.map(toCondition);
      extra.push(k === '$and' ? _.and(subs) : _.or(subs));
    } else if (k.startsWith('$')) {
      throw invalidParam(`unsupported query operator ${k}`);
    } else {
      plain[k] = isOperatorObject(v) ? fieldCommand(v) : v;
    }
  }
  if (extra.length === 0) return plain;
  const parts: Condition[] = Object.keys(plain).length ? [plain, ...extra] : extra;
  return parts.length === 1 ? parts[0] : _.and(parts);
}

/** `{ $gt: 1, $lt: 5 }` or `{ $and: [{ $gt: 1 }, …] }` on one field → one query command. */
function fieldCommand(ops: Plain): QueryCommand {
  const cmds: QueryCommand[] = [];
  for (const [op, v] of Object.entries(ops)) {
    if (op === '$and' || op === '$or') {
      if (!Array.isArray(v)) throw invalidParam(`${op} needs an array`);
      const subs = v.map((x) => (isOperatorObject(x) ? fieldCommand(x) : _.eq(x)));
      cmds.push(op === '$and' ? _.and(subs as never) : _.or(subs as never));
    } else {
      const make = FIELD_OPS[op];
      if (!make) throw invalidParam(`unsupported query operator ${op}`);
      cmds.push(make(v));
    }
  }
  return cmds.length === 1 ? cmds[0] : _.and(cmds as never);
}

/** An update document (operators) → UpdateData with update commands at dotted paths. */
export function toUpdateData(u: unknown): UpdateData {
  if (!isPlainObject(u)) throw invalidParam('update data must be an object');
  const out: UpdateData = {};
  for (const [op, fields] of Object.entries(u)) {
    if (!isPlainObject(fields)) throw invalidParam(`${op} needs an object`);
    for (const [path, v] of Object.entries(fields)) out[path] = updateCommand(op, v);
  }
  return out;
}

function updateCommand(op: string, v: unknown): unknown {
  switch (op) {
    case '$set':
      // The SDK flattened plain objects into dotted paths already: what is left replaces whole.
      return _.set(v);
    case '$unset':
      return _.remove();
    case '$inc':
      return _.inc(v as number);
    case '$mul':
      return _.mul(v as number);
    case '$min':
      return _.min(v as number);
    case '$max':
      return _.max(v as number);
    case '$push': {
      if (isPlainObject(v) && Array.isArray(v.$each)) {
        return _.push({ each: v.$each, ...(v.$position !== undefined && { position: v.$position }), ...(v.$slice !== undefined && { slice: v.$slice }) });
      }
      return _.push([v]);
    }
    case '$addToSet':
      return _.addToSet(isPlainObject(v) && Array.isArray(v.$each) ? { each: v.$each } : v);
    case '$pull':
      return _.pull(isOperatorObject(v) ? fieldCommand(v) : isPlainObject(v) ? toCondition(v) : v);
    default:
      throw invalidParam(`unsupported update operator ${op}`);
  }
}

/** `{"createdAt":-1,"_id":1}` → orderBy pairs, in the order the SDK wrote them. */
export function toOrder(o: unknown): Array<[string, SortOrder]> {
  if (!isPlainObject(o)) return [];
  return Object.entries(o).map(([f, d]) => [f, Number(d) < 0 ? 'desc' : 'asc']);
}

/** `{"a":1,"b":0}` → `field({ a: true, b: false })`. */
export function toProjection(p: unknown): Record<string, boolean> | undefined {
  if (!isPlainObject(p)) return undefined;
  return Object.fromEntries(Object.entries(p).map(([f, on]) => [f, Number(on) > 0 || on === true]));
}
