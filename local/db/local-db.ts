/**
 * The local cloud database: the `Db` interface on SQLite, plus the instruments tests and
 * benchmarks use (`ops`, `faults`, `sqlite`, `explain`, `bulkInsert`).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { INDEXES, type IndexSpec } from '../../server/db/indexes';
import type { AnyDoc, Collection, Condition, Db, DocData, ServerDate, SortOrder, Transaction } from '../../server/db/types';
import { command, ServerDateMarker } from './commands';
import { checkDocId, newDocId } from './documents';
import { Engine } from './engine';
import { isDbError } from './errors';
import { Faults, OpsCounter } from './instrumentation';
import { LocalCollection, selectSql } from './query';
import { Store } from './store';
import { LocalTransaction } from './transaction';
import { assertDocData } from './update-apply';
import { stringifyDoc } from './values';

export interface LocalDbOptions {
  /** A file path, or ':memory:'. */
  file: string;
  /** The clock `db.serverDate()` reads; the wall clock by default. */
  now?: () => number;
  /** The indexes to create; `INDEXES` from server/db/indexes.ts by default. */
  indexes?: IndexSpec[];
  /**
   * The collections that exist, as the cloud's after the deploy's setup (`COLLECTIONS`, for the
   * local cloud): any other fails with DATABASE_COLLECTION_NOT_EXIST (-502005) until created with
   * `createCollection`. Omitted: every name exists (scratch databases of the conformance tests).
   */
  collections?: readonly string[];
  /** How long an open transaction may sit idle holding locks before it counts as abandoned (Engine). */
  txIdleLimitMs?: number;
}

export class LocalDb implements Db {
  readonly command = command;
  readonly ops = new OpsCounter();
  readonly faults = new Faults();
  readonly sqlite: Database.Database;
  private readonly store: Store;
  private readonly engine: Engine;
  private readonly now: () => number;

  constructor(opts: LocalDbOptions) {
    const memory = opts.file === ':memory:' || opts.file === '';
    if (!memory) mkdirSync(dirname(opts.file), { recursive: true });
    this.sqlite = new Database(opts.file);
    if (!memory) {
      // WAL: readers never wait for the writer, and a commit is one append (fsync at checkpoints).
      this.sqlite.pragma('journal_mode = WAL');
      this.sqlite.pragma('synchronous = NORMAL');
      // A million documents with a dozen expression indexes outgrow the default 2 MB page cache.
      this.sqlite.pragma('cache_size = -65536');
    }
    this.now = opts.now ?? Date.now;
    this.store = new Store(this.sqlite, opts.indexes ?? INDEXES, opts.collections ? new Set(opts.collections) : null);
    this.engine = new Engine(this.store, this.now, this.ops, this.faults, opts.txIdleLimitMs);
  }

  collection<T extends DocData = AnyDoc>(name: string): Collection<T> {
    return new LocalCollection<T>(this.engine, name);
  }

  /** `db.createCollection(name)`: creates it; one that exists is an error, as in the cloud. */
  async createCollection(name: string): Promise<{ errMsg: string }> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.faults.check();
    this.ops.record();
    this.store.createCollection(name);
    return { errMsg: 'createCollection:ok' };
  }

  /** A marker the database replaces by its clock's time when it writes; `offset` in ms, as in the cloud. */
  serverDate(options?: { offset?: number }): ServerDate {
    return new ServerDateMarker(options?.offset ?? 0);
  }

  /**
   * Runs `fn` in a transaction and commits it, as the SDK's runTransaction does
   * (@cloudbase/database 1.4.3, dist/commonjs/transaction/index.js, which wx-server-sdk 4.0.2 calls
   * through): the whole callback runs again, up to `times` more times, only for an error whose
   * `code` is DATABASE_TRANSACTION_CONFLICT — in practice a conflict found at commit. A write
   * conflict met inside `fn` (TransactionWriteConflict, the SDK's wrapped form without `code`) is NOT
   * retried: like anything else `fn` throws, it rolls the transaction back and is rethrown. So is a
   * duplicate key. `tx.rollback(reason)` makes this reject with `reason`. While `fn` runs, a
   * non-transactional write from its async context throws (see Engine.begin).
   */
  async runTransaction<R>(fn: (tx: Transaction) => Promise<R>, times = 3): Promise<R> {
    for (let left = times; ; left--) {
      const tx = new LocalTransaction(this.engine);
      try {
        const result = await this.engine.txContext.run(tx, () => fn(tx));
        if (tx.rolledBackByUser) throw tx.rollbackReason;
        if (tx.isActive) await tx.commit();
        return result;
      } catch (e) {
        tx.discard();
        if (tx.rolledBackByUser) throw tx.rollbackReason;
        if (left > 0 && isDbError(e, 'DATABASE_TRANSACTION_CONFLICT')) continue;
        throw e;
      }
    }
  }

  async startTransaction(): Promise<Transaction> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return new LocalTransaction(this.engine);
  }

  /**
   * The SQLite query plan (EXPLAIN QUERY PLAN details, one per line) of the SELECT that
   * `collection(c).where(condition).orderBy(…).limit(limit).get()` runs.
   */
  explain(collection: string, condition?: Condition, orderBy: Array<[string, SortOrder]> = [], limit = 20): string {
    const { sql, params } = selectSql(this.engine, { collection, where: condition, order: orderBy, skip: 0, limit });
    const rows = this.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('\n');
  }

  /**
   * Seeding: inserts documents (generating missing `_id`s) in one SQLite transaction, without the
   * async boundary or the instruments. Returns the number inserted; a duplicate `_id` inserts none.
   */
  bulkInsert(collection: string, docs: Array<Record<string, unknown>>): number {
    const rows = docs.map((doc) => {
      assertDocData(doc, true);
      const { _id, ...rest } = doc;
      return { id: _id === undefined ? newDocId() : checkDocId(_id), data: stringifyDoc(rest, this.now) };
    });
    this.store.bulkInsert(collection, rows);
    return rows.length;
  }

  close(): void {
    this.sqlite.close();
  }
}

export function openLocalDb(opts: LocalDbOptions): LocalDb {
  return new LocalDb(opts);
}
