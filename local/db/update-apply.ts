/**
 * Applying update data to a document, with the cloud's rules: a nested plain object merges field by
 * field (`{ a: { b: 1 } }` sets a.b, keeps a.c); `_.set` replaces a field whole; dotted keys address
 * nested fields; `_id` cannot be updated. Works on decoded documents (Dates as Date objects).
 */
import type { UpdateData } from '../../server/db/types';
import { QueryCmd, UpdateCmd } from './commands';
import { invalidParam } from './errors';
import { getAt, setAt, splitPath, unsetAt } from './paths';
import { compareValues, deepEqual, isPlainObject, resolveValue, type Plain } from './values';

type Clock = () => number;

export function assertUpdateData(data: unknown): asserts data is UpdateData {
  if (!isPlainObject(data) || Object.keys(data).length === 0) throw invalidParam('update data must be a non-empty object');
}

/** Mutates `doc` (which has no `_id` field). */
export function applyUpdate(doc: Plain, data: UpdateData, now: Clock): void {
  assertUpdateData(data);
  walk(doc, data, '', now);
}

function walk(doc: Plain, data: Plain, prefix: string, now: Clock): void {
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    const segs = splitPath(path);
    if (segs[0] === '_id') throw invalidParam('不能更新_id的值: _id cannot be updated');
    if (v instanceof UpdateCmd) applyCommand(doc, segs, v, now);
    else if (v instanceof QueryCmd) throw invalidParam(`a query command cannot be used in update data (field ${path})`);
    else if (isPlainObject(v) && Object.keys(v).length > 0) walk(doc, v, path, now);
    else setAt(doc, segs, resolveValue(v, now));
  }
}

function applyCommand(doc: Plain, segs: string[], cmd: UpdateCmd, now: Clock): void {
  const cur = getAt(doc, segs);
  const path = segs.join('.');
  const nonNumeric = (): never => {
    throw invalidParam(`cannot apply _.${cmd.op} to the non-numeric field ${path}`);
  };
  switch (cmd.op) {
    case 'inc':
    case 'mul': {
      const by = cmd.value as number;
      if (cur === undefined) return setAt(doc, segs, cmd.op === 'inc' ? by : 0);
      if (typeof cur !== 'number') return nonNumeric();
      return setAt(doc, segs, cmd.op === 'inc' ? cur + by : cur * by);
    }
    case 'min':
    case 'max': {
      const v = resolveValue(cmd.value, now);
      if (cur === undefined || cur === null) return setAt(doc, segs, v);
      const c = compareValues(v, cur);
      if (c === undefined) throw invalidParam(`_.${cmd.op} cannot compare the field ${path} with the given value`);
      if (cmd.op === 'min' ? c < 0 : c > 0) setAt(doc, segs, v);
      return;
    }
    case 'set': {
      const v = resolveValue(cmd.value, now);
      return setAt(doc, segs, v === undefined ? null : v);
    }
    case 'remove':
      return unsetAt(doc, segs);
    case 'push':
      return push(doc, segs, cur, cmd.value, now);
    case 'pull': {
      if (cur === undefined) return;
      if (!Array.isArray(cur)) throw invalidParam(`cannot apply _.pull to the non-array field ${path}`);
      return setAt(doc, segs, cur.filter((el) => !matchValue(el, cmd.value)));
    }
    case 'addToSet': {
      const arr = arrayAt(cur, 'addToSet', path);
      const v = cmd.value;
      // `{ each: [...] }` adds several; any other value (an array too) is one element, as in MongoDB.
      const items = isPlainObject(v) && Array.isArray(v.each) ? v.each : [v];
      for (const item of items.map((x) => resolveValue(x, now))) if (!arr.some((el) => deepEqual(el, item))) arr.push(item);
      return setAt(doc, segs, arr);
    }
  }
}

function arrayAt(cur: unknown, op: string, path: string): unknown[] {
  if (cur === undefined || cur === null) return [];
  if (!Array.isArray(cur)) throw invalidParam(`cannot apply _.${op} to the non-array field ${path}`);
  return cur;
}

/** `_.push(v)`: an array appends each element (the cloud's rule); `{ each, position, slice }` as in MongoDB. */
function push(doc: Plain, segs: string[], cur: unknown, value: unknown, now: Clock): void {
  const arr = arrayAt(cur, 'push', segs.join('.'));
  let items: unknown[];
  let position: number | undefined;
  let slice: number | undefined;
  if (isPlainObject(value) && Array.isArray(value.each)) {
    items = value.each;
    if (typeof value.position === 'number') position = value.position;
    if (typeof value.slice === 'number') slice = value.slice;
  } else {
    items = Array.isArray(value) ? value : [value];
  }
  const resolved = items.map((x) => resolveValue(x, now) ?? null);
  const at = position === undefined ? arr.length : position < 0 ? Math.max(0, arr.length + position) : Math.min(position, arr.length);
  arr.splice(at, 0, ...resolved);
  let out = arr;
  if (slice !== undefined) out = slice >= 0 ? arr.slice(0, slice) : arr.slice(slice);
  setAt(doc, segs, out);
}

/** Whether an array element matches a `_.pull` argument: a value, a query command, or a sub-condition. */
export function matchValue(value: unknown, cond: unknown): boolean {
  if (cond instanceof QueryCmd) {
    const [a] = cond.args;
    const c = compareValues(value, a);
    switch (cond.op) {
      case 'eq':
        return matchValue(value, a);
      case 'neq':
        return !matchValue(value, a);
      case 'gt':
        return c !== undefined && c > 0;
      case 'gte':
        return c !== undefined && c >= 0;
      case 'lt':
        return c !== undefined && c < 0;
      case 'lte':
        return c !== undefined && c <= 0;
      case 'in':
        return cond.args.some((x) => matchValue(value, x));
      case 'nin':
        return !cond.args.some((x) => matchValue(value, x));
      case 'exists':
        return (value !== undefined) === (a === true);
      case 'and':
        return cond.args.every((x) => matchValue(value, x));
      case 'or':
        return cond.args.some((x) => matchValue(value, x));
    }
  }
  if (isPlainObject(cond) && Object.keys(cond).length > 0) {
    if (!isPlainObject(value)) return false;
    return Object.entries(cond).every(([k, v]) => matchValue(getAt(value, splitPath(k)), v));
  }
  if (cond === null) return value === null || value === undefined;
  return deepEqual(value, cond);
}

/** `doc.set` / `add` data: a plain object with no update commands (the cloud refuses them). */
export function assertDocData(data: unknown, allowId: boolean): asserts data is Plain {
  if (!isPlainObject(data)) throw invalidParam('data must be an object');
  if (!allowId && Object.prototype.hasOwnProperty.call(data, '_id')) throw invalidParam('不能更新_id的值: data must not contain _id');
  const check = (v: unknown): void => {
    if (v instanceof UpdateCmd) throw invalidParam('update operator complicit: set/add data cannot contain update commands');
    if (Array.isArray(v)) v.forEach(check);
    else if (isPlainObject(v)) Object.values(v).forEach(check);
  };
  check(data);
}
