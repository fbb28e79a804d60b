/**
 * Collections, queries and document references outside transactions. Each operation awaits the
 * engine's boundary, then does its SQLite work synchronously (one statement or one SQLite
 * transaction), so no other caller ever sees it half done.
 */
import type {
  AddResult,
  Collection,
  Condition,
  CountResult,
  AnyDoc,
  DocData,
  DocGetResult,
  DocRef,
  GetResult,
  Query,
  RemoveResult,
  SetResult,
  SortOrder,
  UpdateData,
  UpdateResult,
  WriteData,
} from '../../server/db/types';
import { QueryCmd } from './commands';
import { checkDocId, newDocId, project, rowToDoc, type Projection } from './documents';
import type { Engine } from './engine';
import { DbError, invalidParam } from './errors';
import { splitPath } from './paths';
import { isEmptyCondition, orderSql, whereSql, type OrderSpec, type Sql } from './query-sql';
import { tableName } from './store';
import { applyUpdate, assertDocData, assertUpdateData } from './update-apply';
import { isPlainObject, parseStored, stringifyDoc, type Plain } from './values';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export interface QueryState {
  collection: string;
  where?: Condition;
  order: OrderSpec;
  skip: number;
  limit?: number;
  projection?: Projection;
}

/** The SELECT a `get` runs; `explain` uses the same text. */
export function selectSql(engine: Engine, q: QueryState): Sql {
  const w = whereSql(q.where);
  const limit = Math.min(q.limit || DEFAULT_LIMIT, MAX_LIMIT);
  return {
    sql: `SELECT _id, data, rev FROM ${engine.store.table(q.collection)} WHERE ${w.sql}${orderSql(q.order)} LIMIT ? OFFSET ?`,
    params: [...w.params, limit, q.skip],
  };
}

function checkCount(name: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalidParam(`${name} must be a non-negative integer`);
  return n;
}

export class LocalQuery<T extends DocData = AnyDoc> implements Query<T> {
  constructor(
    protected readonly engine: Engine,
    protected readonly q: QueryState,
  ) {}

  protected with(change: Partial<QueryState>): LocalQuery<T> {
    return new LocalQuery<T>(this.engine, { ...this.q, ...change });
  }

  /** As in the cloud SDK, a second `where` replaces the first. */
  where(condition: Condition): Query<T> {
    if (!(condition instanceof QueryCmd) && !isPlainObject(condition)) throw invalidParam('where needs an object');
    if (isPlainObject(condition)) {
      const keys = Object.keys(condition);
      if (keys.length > 0 && keys.every((k) => condition[k] === undefined)) throw invalidParam('where: every field is undefined');
    }
    whereSql(condition); // validate now, where the mistake is
    return this.with({ where: condition });
  }

  orderBy(field: string, order: SortOrder): Query<T> {
    splitPath(field);
    if (order !== 'asc' && order !== 'desc') throw invalidParam(`orderBy direction must be 'asc' or 'desc'`);
    // The SDK keeps orders in an object keyed by field: ordering a field again changes its direction in place.
    const i = this.q.order.findIndex(([f]) => f === field);
    const next: OrderSpec = i >= 0 ? this.q.order.map((o, j) => (j === i ? [field, order] : o)) : [...this.q.order, [field, order]];
    return this.with({ order: next });
  }

  skip(n: number): Query<T> {
    return this.with({ skip: checkCount('skip', n) });
  }

  /** 0 means the default (the SDK sends 100 for a falsy limit); more than 1000 is capped at 1000. */
  limit(n: number): Query<T> {
    return this.with({ limit: checkCount('limit', n) });
  }

  field(projection: { [field: string]: boolean }): Query<T> {
    if (!isPlainObject(projection)) throw invalidParam('field needs an object');
    return this.with({ projection: { ...projection } });
  }

  async get(): Promise<GetResult<T>> {
    await this.engine.begin('read', 'get');
    const { sql, params } = selectSql(this.engine, this.q);
    const rows = this.engine.store.all(sql, params);
    // The stored JSON is trusted to have the shape the caller names as T (as the cloud SDK does).
    return { data: rows.map((r) => project(rowToDoc(r), this.q.projection) as unknown as T) };
  }

  async count(): Promise<CountResult> {
    await this.engine.begin('read', 'count');
    const w = whereSql(this.q.where);
    const sql = `SELECT COUNT(*) AS total FROM ${this.engine.store.table(this.q.collection)} WHERE ${w.sql}`;
    const row = this.engine.store.stmt(sql).get(...w.params) as { total: number };
    return { total: row.total };
  }

  /** Updates every matching document (not limited by skip/limit, as in the cloud). */
  async update(options: { data: UpdateData }): Promise<UpdateResult> {
    await this.engine.begin('write', `collection("${this.q.collection}").where(…).update()`);
    this.requireCondition('update');
    assertUpdateData(options?.data);
    const { store, now } = this.engine;
    const w = whereSql(this.q.where);
    await this.waitForMatches(w);
    const updated = store.atomically(() => {
      const rows = store.all(`SELECT _id, data, rev FROM ${store.table(this.q.collection)} WHERE ${w.sql}`, w.params);
      let n = 0;
      for (const row of rows) {
        const doc = parseStored(row.data);
        applyUpdate(doc, options.data, now);
        const text = stringifyDoc(doc, now);
        // The cloud counts modified documents: a no-op update reports 0.
        if (text === row.data) continue;
        store.replace(this.q.collection, row._id, text);
        n++;
      }
      return n;
    });
    return { stats: { updated } };
  }

  async remove(): Promise<RemoveResult> {
    await this.engine.begin('write', `collection("${this.q.collection}").where(…).remove()`);
    this.requireCondition('remove');
    const w = whereSql(this.q.where);
    await this.waitForMatches(w);
    const sql = `DELETE FROM ${this.engine.store.table(this.q.collection)} WHERE ${w.sql}`;
    const removed = this.engine.store.stmt(sql).run(...w.params).changes;
    return { stats: { removed } };
  }

  /** A write waits for open transactions holding any document it matches (Engine.waitUnlocked). */
  private async waitForMatches(w: Sql): Promise<void> {
    const { store } = this.engine;
    await this.engine.waitUnlocked(this.q.collection, () =>
      store.all(`SELECT _id, data, rev FROM ${store.table(this.q.collection)} WHERE ${w.sql}`, w.params).map((r) => r._id),
    );
  }

  private requireCondition(what: string): void {
    if (isEmptyCondition(this.q.where)) throw invalidParam(`where(…).${what}() needs a non-empty condition`);
  }
}

export class LocalCollection<T extends DocData = AnyDoc> extends LocalQuery<T> implements Collection<T> {
  constructor(engine: Engine, name: string) {
    super(engine, { collection: name, order: [], skip: 0 });
    // Validates the name and creates the table (with its indexes) of a collection that exists; one
    // that does not fails at its first operation, as in the cloud (naming it is no error).
    if (engine.store.exists(tableName(name) && name)) engine.store.table(name);
  }

  doc(id: string): DocRef<T> {
    return new LocalDocRef<T>(this.engine, this.q.collection, checkDocId(id));
  }

  async add(options: { data: WriteData }): Promise<AddResult> {
    await this.engine.begin('write', `collection("${this.q.collection}").add()`);
    const data: unknown = options?.data;
    assertDocData(data, true);
    const { _id, ...rest } = data;
    const id = _id === undefined ? newDocId() : checkDocId(_id);
    await this.engine.waitUnlocked(this.q.collection, () => [id]);
    this.engine.store.insert(this.q.collection, id, stringifyDoc(rest, this.engine.now));
    return { _id: id };
  }
}

export class LocalDocRef<T extends DocData = AnyDoc> implements DocRef<T> {
  constructor(
    private readonly engine: Engine,
    private readonly collection: string,
    private readonly id: string,
  ) {}

  private get what(): string {
    return `collection("${this.collection}").doc("${this.id}")`;
  }

  async get(): Promise<DocGetResult<T>> {
    await this.engine.begin('read', 'doc.get');
    const row = this.engine.store.getRow(this.collection, this.id);
    if (!row) {
      throw new DbError('DOCUMENT_NOT_FOUND', `document.get:fail document with _id ${this.id} does not exist`);
    }
    return { data: rowToDoc(row) as unknown as T };
  }

  async set(options: { data: WriteData }): Promise<SetResult> {
    await this.engine.begin('write', `${this.what}.set()`);
    await this.engine.waitUnlocked(this.collection, () => [this.id]);
    const data: unknown = options?.data;
    assertDocData(data, false);
    const { store, now } = this.engine;
    const text = stringifyDoc(data, now);
    const stats = store.atomically(() => {
      const row = store.getRow(this.collection, this.id);
      if (!row) {
        store.insert(this.collection, this.id, text);
        return { updated: 0, created: 1 };
      }
      // Documented: updated is 1 when the _id existed, whether or not the content changed.
      if (row.data !== text) store.replace(this.collection, this.id, text);
      return { updated: 1, created: 0 };
    });
    return { _id: this.id, stats };
  }

  async update(options: { data: UpdateData }): Promise<UpdateResult> {
    await this.engine.begin('write', `${this.what}.update()`);
    await this.engine.waitUnlocked(this.collection, () => [this.id]);
    assertUpdateData(options?.data);
    const { store, now } = this.engine;
    const updated = store.atomically(() => {
      const row = store.getRow(this.collection, this.id);
      if (!row) return 0;
      const doc: Plain = parseStored(row.data);
      applyUpdate(doc, options.data, now);
      const text = stringifyDoc(doc, now);
      if (text === row.data) return 0;
      store.replace(this.collection, this.id, text);
      return 1;
    });
    return { stats: { updated } };
  }

  async remove(): Promise<RemoveResult> {
    await this.engine.begin('write', `${this.what}.remove()`);
    await this.engine.waitUnlocked(this.collection, () => [this.id]);
    return { stats: { removed: this.engine.store.delete(this.collection, this.id) ? 1 : 0 } };
  }
}
