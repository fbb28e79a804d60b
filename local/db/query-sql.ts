/**
 * where-conditions and orderBy → SQL over `json_extract(data, '$.path')`.
 *
 * The field expression is produced by `fieldExpr` alone, for queries and for index definitions, so
 * the text is identical and SQLite can use an expression index. Values are always bound as
 * parameters; only validated field paths reach the SQL text.
 *
 * MongoDB compares values of the same type only; SQLite compares across types (and json_extract
 * turns true/false into 1/0). So each comparison carries a type bracket: an extra term that keeps the
 * indexable `expr OP ?` first and rules out values of another JSON type.
 */
import type { Condition, SortOrder } from '../../server/db/types';
import { QueryCmd } from './commands';
import { invalidParam } from './errors';
import { jsonPath, splitPath } from './paths';
import { DATE_TAG, DATE_TAG_END, encodeDate, encodeValue, isPlainObject, type Plain } from './values';

export type SqlParam = string | number | null;
export interface Sql {
  sql: string;
  params: SqlParam[];
}

/** The SQL expression for a field: the `_id` column, or json_extract over the document. */
export function fieldExpr(path: string): string {
  if (path === '_id') return '_id';
  return `json_extract(data,'${jsonPath(path)}')`;
}

function typeExpr(path: string): string {
  return path === '_id' ? `'text'` : `json_type(data,'${jsonPath(path)}')`;
}

const NUMERIC = `IN ('integer','real')`;
const noClock = (): number => {
  throw invalidParam('db.serverDate() cannot be used in a query condition');
};

class Builder {
  readonly params: SqlParam[] = [];

  bind(v: SqlParam): string {
    this.params.push(v);
    return '?';
  }

  condition(cond: unknown): string {
    if (cond instanceof QueryCmd) {
      if (cond.op !== 'and' && cond.op !== 'or') throw invalidParam(`_.${cond.op} needs a field: use { field: _.${cond.op}(…) }`);
      return this.junction(cond.op, cond.args.map((c) => this.condition(c)));
    }
    if (!isPlainObject(cond)) throw invalidParam('a where condition must be an object');
    const terms: string[] = [];
    this.fields(cond, '', terms);
    return terms.length === 0 ? '1' : terms.join(' AND ');
  }

  /** The cloud SDK flattens nested objects in a condition: `{ a: { b: 1 } }` means `a.b == 1`. */
  private fields(obj: Plain, prefix: string, terms: string[]): void {
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined) continue; // the SDK drops undefined fields
      const path = prefix ? `${prefix}.${k}` : k;
      splitPath(path);
      if (isPlainObject(v) && Object.keys(v).length > 0) this.fields(v, path, terms);
      else terms.push(this.field(path, v));
    }
  }

  private field(path: string, v: unknown): string {
    if (!(v instanceof QueryCmd)) {
      if (isPlainObject(v) && Object.keys(v).length > 0) {
        const terms: string[] = [];
        this.fields(v, path, terms);
        return terms.join(' AND ');
      }
      return this.eq(path, v);
    }
    const [a] = v.args;
    switch (v.op) {
      case 'eq':
        return this.eq(path, a);
      case 'neq':
        // Like MongoDB's $ne, a missing field counts as "not equal".
        return `NOT COALESCE(${this.eq(path, a)},0)`;
      case 'gt':
        return this.range(path, '>', a);
      case 'gte':
        return this.range(path, '>=', a);
      case 'lt':
        return this.range(path, '<', a);
      case 'lte':
        return this.range(path, '<=', a);
      case 'in':
        return this.in(path, v.args);
      case 'nin':
        return `NOT COALESCE(${this.in(path, v.args)},0)`;
      case 'exists':
        return `${typeExpr(path)} IS ${a === true ? 'NOT NULL' : 'NULL'}`;
      case 'and':
      case 'or':
        return this.junction(v.op, v.args.map((c) => this.field(path, c)));
    }
  }

  private junction(op: 'and' | 'or', terms: string[]): string {
    if (terms.length === 0) return op === 'and' ? '1' : '0';
    return `(${terms.map((t) => `(${t})`).join(op === 'and' ? ' AND ' : ' OR ')})`;
  }

  private eq(path: string, v: unknown): string {
    const e = fieldExpr(path);
    const t = typeExpr(path);
    // MongoDB: { f: null } matches a missing field as well as null; json_extract gives NULL for both.
    if (v === null || v === undefined) return `${e} IS NULL`;
    if (typeof v === 'boolean') return `(${e} = ${v ? 1 : 0} AND ${t} = '${v ? 'true' : 'false'}')`;
    if (typeof v === 'number') {
      // json_extract reads true/false as 1/0: only then is the JSON type needed to tell them apart
      // (otherwise the comparison stays inside the index).
      if (path === '_id' || (v !== 0 && v !== 1)) return `${e} = ${this.bind(v)}`;
      return `(${e} = ${this.bind(v)} AND ${t} ${NUMERIC})`;
    }
    if (Array.isArray(v) || isPlainObject(v)) {
      // json_extract returns a container as minified JSON text, the same text JSON.stringify makes.
      const kind = Array.isArray(v) ? 'array' : 'object';
      return `(${e} = ${this.bind(JSON.stringify(encodeValue(v, noClock)))} AND ${t} = '${kind}')`;
    }
    return `${e} = ${this.bind(this.scalar(v))}`;
  }

  /**
   * A range over numbers, answered from the index alone where possible (a count of those ahead in a
   * ranking must not read every document). In SQLite every number sorts below every text, so an
   * upward range is closed with `< ''` to leave text out; a downward one never reaches text. Only
   * when the range holds 0 or 1 (how json_extract reads false/true) is the JSON type checked.
   */
  private numericRange(path: string, op: '>' | '>=' | '<' | '<=', v: number): string {
    const e = fieldExpr(path);
    const cmp = `${e} ${op} ${this.bind(v)}`;
    if (path === '_id') return cmp;
    const holds = (x: number) => (op === '>' ? x > v : op === '>=' ? x >= v : op === '<' ? x < v : x <= v);
    const terms = [cmp];
    if (op === '>' || op === '>=') terms.push(`${e} < ''`);
    if (holds(0) || holds(1)) terms.push(`${typeExpr(path)} ${NUMERIC}`);
    return `(${terms.join(' AND ')})`;
  }

  /** A string or Date as stored (tags applied); anything else is not a comparable scalar. */
  private scalar(v: unknown): string {
    if (v instanceof Date) return encodeDate(v);
    if (typeof v === 'string') return encodeValue(v, noClock) as string;
    throw invalidParam(`cannot compare with a value of type ${Object.prototype.toString.call(v).slice(8, -1)}`);
  }

  private range(path: string, op: '>' | '>=' | '<' | '<=', v: unknown): string {
    const e = fieldExpr(path);
    const upward = op === '>' || op === '>=';
    if (typeof v === 'number') return this.numericRange(path, op, v);
    if (v instanceof Date) {
      // Tagged dates occupy the text range ['$date:', '$date;').
      const cmp = `${e} ${op} ${this.bind(encodeDate(v))}`;
      return upward ? `(${cmp} AND ${e} < ${this.bind(DATE_TAG_END)})` : `(${cmp} AND ${e} >= ${this.bind(DATE_TAG)})`;
    }
    if (typeof v === 'string') {
      // Text only (json_extract gives arrays and objects as JSON text too), and not a tagged date.
      const cmp = `${e} ${op} ${this.bind(this.scalar(v))}`;
      const notDate = `(${e} < ${this.bind(DATE_TAG)} OR ${e} >= ${this.bind(DATE_TAG_END)})`;
      return `(${cmp} AND ${typeExpr(path)} = 'text' AND ${notDate})`;
    }
    throw invalidParam(`_.gt/_.gte/_.lt/_.lte need a number, string or Date`);
  }

  private in(path: string, values: unknown[]): string {
    const e = fieldExpr(path);
    const texts = values.filter((v): v is string | Date => typeof v === 'string' || v instanceof Date);
    const numbers = values.filter((v): v is number => typeof v === 'number');
    const others = values.filter((v) => typeof v !== 'string' && typeof v !== 'number' && !(v instanceof Date));
    // Parameters are bound in the order their placeholders appear in the text.
    const terms: string[] = [];
    if (texts.length) terms.push(`${e} IN (${texts.map((v) => this.bind(this.scalar(v))).join(',')})`);
    if (numbers.length) {
      const list = `${e} IN (${numbers.map((v) => this.bind(v)).join(',')})`;
      terms.push(path === '_id' ? list : `(${list} AND ${typeExpr(path)} ${NUMERIC})`);
    }
    for (const v of others) terms.push(this.eq(path, v));
    if (terms.length === 0) return '0';
    return terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`;
  }
}

export function whereSql(cond: Condition | undefined): Sql {
  const b = new Builder();
  const sql = cond === undefined ? '1' : b.condition(cond);
  return { sql, params: b.params };
}

export type OrderSpec = Array<[string, SortOrder]>;

export function orderSql(order: OrderSpec): string {
  if (order.length === 0) return '';
  return ' ORDER BY ' + order.map(([f, d]) => `${fieldExpr(f)}${d === 'desc' ? ' DESC' : ''}`).join(', ');
}

/** Whether a condition restricts anything (where().update/remove refuse an empty one). */
export function isEmptyCondition(cond: Condition | undefined): boolean {
  if (cond === undefined) return true;
  if (cond instanceof QueryCmd) return false;
  return Object.values(cond).every((v) => v === undefined);
}
