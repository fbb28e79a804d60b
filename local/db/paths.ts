/**
 * Field paths (`a.b.0.c`): validation, their JSON path for SQL, and reading/writing them in a
 * document. Field names are restricted to `[A-Za-z0-9_]` because they are spliced into SQL text
 * (as JSON paths); values never are.
 */
import { invalidParam } from './errors';
import { isPlainObject, type Plain } from './values';

const SEGMENT = /^[A-Za-z0-9_]+$/;
const INDEX = /^(0|[1-9][0-9]*)$/;

export function splitPath(path: string): string[] {
  const segs = path.split('.');
  if (path === '' || !segs.every((s) => SEGMENT.test(s))) {
    throw invalidParam(`invalid field path "${path}": only [A-Za-z0-9_] names separated by dots`);
  }
  return segs;
}

/** `a.b.0` → `$.a.b[0]`: numeric segments address array elements, as in MongoDB. */
export function jsonPath(path: string): string {
  return '$' + splitPath(path).map((s) => (INDEX.test(s) ? `[${s}]` : `.${s}`)).join('');
}

/** The value at a path, or undefined when any step is missing. */
export function getAt(doc: unknown, segs: string[]): unknown {
  let cur: unknown = doc;
  for (const s of segs) {
    if (Array.isArray(cur) && INDEX.test(s)) cur = cur[Number(s)];
    else if (isPlainObject(cur)) cur = Object.prototype.hasOwnProperty.call(cur, s) ? cur[s] : undefined;
    else return undefined;
  }
  return cur;
}

/** Sets a path, creating missing objects on the way; fails where a step is a scalar (as MongoDB does). */
export function setAt(doc: Plain, segs: string[], value: unknown): void {
  let cur: unknown = doc;
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i];
    let next: unknown;
    if (Array.isArray(cur) && INDEX.test(s)) next = cur[Number(s)];
    else if (isPlainObject(cur)) next = cur[s];
    else throw invalidParam(`cannot create field "${s}" in path ${segs.join('.')}: the parent is not an object`);
    if (next === undefined || next === null) {
      next = {};
      assign(cur, s, next, segs);
    }
    cur = next;
  }
  assign(cur, segs[segs.length - 1], value, segs);
}

function assign(container: unknown, key: string, value: unknown, segs: string[]): void {
  if (Array.isArray(container) && INDEX.test(key)) {
    const i = Number(key);
    while (container.length < i) container.push(null);
    container[i] = value;
  } else if (isPlainObject(container)) {
    container[key] = value;
  } else {
    throw invalidParam(`cannot set field "${key}" in path ${segs.join('.')}: the parent is not an object`);
  }
}

export function unsetAt(doc: Plain, segs: string[]): void {
  const parent = getAt(doc, segs.slice(0, -1));
  const last = segs[segs.length - 1];
  // MongoDB's $unset of an array element sets it to null rather than shifting the array.
  if (Array.isArray(parent) && INDEX.test(last)) {
    if (Number(last) < parent.length) parent[Number(last)] = null;
  } else if (isPlainObject(parent)) {
    delete parent[last];
  }
}
