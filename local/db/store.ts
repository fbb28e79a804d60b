/**
 * The SQLite side: one table per collection (`_id TEXT PRIMARY KEY, data TEXT, rev INTEGER`),
 * created with its declared expression indexes on first use, and row-level reads and writes
 * through prepared statements cached by SQL text. Everything here is synchronous; the async
 * boundary and the cloud's semantics live in the layers above.
 */
import type Database from 'better-sqlite3';
import type { IndexSpec } from '../../server/db/indexes';
import { collectionExists, collectionNotExist, duplicateKey, invalidParam } from './errors';
import { fieldExpr, type SqlParam } from './query-sql';

export interface Row {
  _id: string;
  data: string;
  rev: number;
}

interface TableState {
  name: string;
  /**
   * Every write takes a new rev from this per-table sequence (not rev + 1), so a document deleted
   * and created again never comes back with a rev a transaction already saw.
   */
  lastRev: number;
}

const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,100}$/;
const STATEMENT_CACHE_LIMIT = 1000;

export function tableName(collection: string): string {
  if (!COLLECTION_NAME.test(collection)) throw invalidParam(`invalid collection name "${collection}"`);
  return `"c_${collection}"`;
}

/**
 * The SQL of a declared index: an expression index over the same `fieldExpr` text queries use. A
 * unique index also gets a second, constraint-only index over `ifnull(expr, x'00')`: MongoDB (the
 * cloud) counts a missing or null value as one value under a unique index, SQLite lets NULLs repeat.
 */
export function indexSql(spec: IndexSpec): Array<{ name: string; sql: string }> {
  const base = `${spec.collection}_${spec.name}`;
  if (!/^[A-Za-z0-9_-]+$/.test(base)) throw invalidParam(`invalid index name "${spec.name}"`);
  const table = tableName(spec.collection);
  const dir = (d: 'asc' | 'desc'): string => (d === 'desc' ? ' DESC' : '');
  const cols = spec.fields.map(([f, d]) => `${fieldExpr(f)}${dir(d)}`).join(', ');
  const out = [{ name: `ix_${base}`, sql: `CREATE INDEX "ix_${base}" ON ${table} (${cols})` }];
  if (spec.unique) {
    const keys = spec.fields.map(([f, d]) => `ifnull(${fieldExpr(f)}, x'00')${dir(d)}`).join(', ');
    out.push({ name: `ux_${base}`, sql: `CREATE UNIQUE INDEX "ux_${base}" ON ${table} (${keys})` });
  }
  return out;
}

export class Store {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly tables = new Map<string, TableState>();

  /**
   * `collections`: the collections that exist (as after the deploy's setup); any other name fails
   * like the cloud (DATABASE_COLLECTION_NOT_EXIST) unless created with `createCollection` or already
   * in the file. Null: every name exists (the conformance tests' scratch collections).
   */
  constructor(
    readonly sqlite: Database.Database,
    private readonly indexes: IndexSpec[],
    private readonly collections: Set<string> | null = null,
  ) {}

  /** The quoted table of a collection, created (with its indexes) on first use. */
  table(collection: string): string {
    return this.state(collection).name;
  }

  /** Whether the collection exists (declared, created, or already in the file). */
  exists(collection: string): boolean {
    if (this.tables.has(collection) || !this.collections || this.collections.has(collection)) return true;
    return !!this.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(`c_${collection}`);
  }

  /** `db.createCollection`: fails for one that exists, as the cloud does. */
  createCollection(collection: string): void {
    tableName(collection);
    if (this.exists(collection)) throw collectionExists(collection);
    this.collections?.add(collection);
    this.state(collection);
  }

  private state(collection: string): TableState {
    const known = this.tables.get(collection);
    if (known) return known;
    const name = tableName(collection);
    if (!this.exists(collection)) throw collectionNotExist(collection);
    this.sqlite.exec(`CREATE TABLE IF NOT EXISTS ${name} (_id TEXT PRIMARY KEY, data TEXT NOT NULL, rev INTEGER NOT NULL)`);
    for (const spec of this.indexes.filter((s) => s.collection === collection)) this.ensureIndex(spec);
    const max = this.sqlite.prepare(`SELECT COALESCE(MAX(rev), 0) AS m FROM ${name}`).get() as { m: number };
    const state = { name, lastRev: max.m };
    this.tables.set(collection, state);
    return state;
  }

  /** Creates the index, or recreates it when a database file holds an older definition of it. */
  private ensureIndex(spec: IndexSpec): void {
    for (const { name, sql } of indexSql(spec)) {
      const existing = this.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name) as
        | { sql: string }
        | undefined;
      if (existing?.sql === sql) continue;
      if (existing) this.sqlite.exec(`DROP INDEX "${name}"`);
      this.sqlite.exec(sql);
    }
  }

  /**
   * Seeding: inserts many rows in one SQLite transaction. When the batch is at least as large as
   * the table, the collection's indexes are dropped first and rebuilt after: building an index by
   * sorting is several times faster than inserting every row into every index at random places.
   */
  bulkInsert(collection: string, rows: Array<{ id: string; data: string }>): void {
    const table = this.table(collection);
    const specs = this.indexes.filter((s) => s.collection === collection);
    const existing = (this.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const defer = specs.length > 0 && rows.length >= 5000 && rows.length >= existing;
    this.atomically(() => {
      if (defer) for (const spec of specs) for (const { name } of indexSql(spec)) this.sqlite.exec(`DROP INDEX IF EXISTS "${name}"`);
      for (const r of rows) this.insert(collection, r.id, r.data);
      if (defer) {
        for (const spec of specs) {
          this.guardUnique(collection, '(bulk insert)', () => this.ensureIndex(spec));
        }
      }
    });
  }

  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      // Queries with `in` lists of many lengths make many texts; a full cache is simply dropped.
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      s = this.sqlite.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  nextRev(collection: string): number {
    return ++this.state(collection).lastRev;
  }

  getRow(collection: string, id: string): Row | undefined {
    return this.stmt(`SELECT _id, data, rev FROM ${this.table(collection)} WHERE _id = ?`).get(id) as Row | undefined;
  }

  all(sql: string, params: SqlParam[]): Row[] {
    return this.stmt(sql).all(...params) as Row[];
  }

  insert(collection: string, id: string, data: string): void {
    const sql = `INSERT INTO ${this.table(collection)} (_id, data, rev) VALUES (?, ?, ?)`;
    this.guardUnique(collection, id, () => this.stmt(sql).run(id, data, this.nextRev(collection)));
  }

  replace(collection: string, id: string, data: string): void {
    const sql = `UPDATE ${this.table(collection)} SET data = ?, rev = ? WHERE _id = ?`;
    this.guardUnique(collection, id, () => this.stmt(sql).run(data, this.nextRev(collection), id));
  }

  delete(collection: string, id: string): boolean {
    return this.stmt(`DELETE FROM ${this.table(collection)} WHERE _id = ?`).run(id).changes > 0;
  }

  /** Runs `fn` in one SQLite transaction: all of it or none of it (nested calls become savepoints). */
  atomically<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)();
  }

  /** Primary-key and unique-index violations become the cloud's duplicate-key error. */
  private guardUnique(collection: string, id: string, fn: () => unknown): void {
    try {
      fn();
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw duplicateKey(collection, id);
      if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const index = /index '?"?([^'"]+)/.exec(String((e as Error).message))?.[1];
        throw duplicateKey(collection, id, index ?? 'unique');
      }
      throw e;
    }
  }
}
