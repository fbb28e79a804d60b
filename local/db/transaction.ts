/**
 * Transactions as the cloud database runs them (DESIGN.md "transactions, as the cloud runs them").
 *
 * - Reads take no locks and are never checked again: a document's first read in a transaction fixes
 *   what the transaction sees of it (later reads reuse it), and nothing at commit asks whether a
 *   document only read has changed since. So write skew can happen, as in the cloud: code that must
 *   exclude it writes a document both sides would write (a shared document).
 * - A write locks its document until commit or rollback. Another transaction's write to a locked
 *   document fails AT ONCE with the cloud's conflict in the SDK's wrapped form
 *   (`TransactionWriteConflict`: errCode -501001, `ResourceUnavailable.TransactionConflict` in the
 *   message, no `code`), which runTransaction does not retry. A write outside any transaction to a
 *   locked document waits until the transaction ends (Engine.waitUnlocked).
 * - At commit, a document this transaction read and then wrote must still be as it read it: if
 *   someone changed it in between (before our write took the lock), the commit fails with
 *   `code: 'DATABASE_TRANSACTION_CONFLICT'` — the only conflict the SDK's runTransaction retries.
 *   (MongoDB reports this lost update at the write; we report it at commit, the form the SDK
 *   retries, so both of the cloud's forms are exercised here. Backend code treats them alike.)
 *
 * A transaction never writes to SQLite before commit: its writes are kept in memory, and its reads
 * see its snapshot overlaid with them; commit applies them in one synchronous SQLite transaction, so
 * no other operation ever observes half a transaction. The object lives across any number of awaited
 * calls (`get`, `write`, `commit`, `rollback`), so the wire door can drive one per request.
 */
import type {
  AddResult,
  AnyDoc,
  DocData,
  DocGetResult,
  RemoveResult,
  SetResult,
  Transaction,
  TxCollection,
  TxDocRef,
  UpdateData,
  UpdateResult,
  WriteData,
} from '../../server/db/types';
import { checkDocId, newDocId, toDoc } from './documents';
import type { Engine, LockHolder } from './engine';
import { DbError, duplicateKey, transactionConflict, TransactionWriteConflict } from './errors';
import type { Row } from './store';
import { tableName } from './store';
import { applyUpdate, assertDocData, assertUpdateData } from './update-apply';
import { parseStored, stringifyDoc, type Plain } from './values';

/** One buffered write (the wire door builds these from `modifyDocument` / `insertDocument` / `removeDocument`). */
export type TxOp =
  | { kind: 'add' | 'set'; text: string }
  | { kind: 'update'; data: UpdateData; now: () => number }
  | { kind: 'remove' };

interface Entry {
  collection: string;
  id: string;
  /** The committed row as first read by `get` (undefined row: the document did not exist). */
  read?: { row: Row | undefined };
  /** For documents written but never read: whether the document existed when first written. */
  existed?: boolean;
  ops: TxOp[];
}

type State = 'active' | 'committed' | 'rolledBack';

export class LocalTransaction implements Transaction, LockHolder {
  private state: State = 'active';
  private readonly entries = new Map<string, Entry>();
  /** Documents this transaction has written, so holds locked. */
  private readonly locked: Array<[string, string]> = [];
  private lastActive = performance.now();
  /** Rolled back by the engine for having been idle too long while holding locks. */
  expired = false;
  /** Set by `rollback(reason)`; runTransaction then rejects with `reason`, as in the cloud. */
  rolledBackByUser = false;
  rollbackReason: unknown;

  constructor(private readonly engine: Engine) {}

  get clock(): () => number {
    return this.engine.now;
  }

  get isActive(): boolean {
    return this.state === 'active';
  }

  get idleMs(): number {
    return performance.now() - this.lastActive;
  }

  expire(): void {
    if (this.state !== 'active') return;
    this.expired = true;
    this.finish('rolledBack');
  }

  /** Ends the transaction and releases its locks. */
  private finish(state: Exclude<State, 'active'>): void {
    this.state = state;
    this.engine.unlock(this.locked, this);
    this.locked.length = 0;
  }

  collection<T extends DocData = AnyDoc>(name: string): TxCollection<T> {
    tableName(name); // validates
    return {
      doc: (id: string) => new LocalTxDocRef<T>(this, name, checkDocId(id)),
      add: async (options) => this.add(name, options?.data),
    };
  }

  async commit(): Promise<void> {
    this.assertActive('commit');
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.assertActive('commit');
    const { store } = this.engine;
    try {
      store.atomically(() => {
        const current = new Map<Entry, Row | undefined>();
        for (const e of this.entries.values()) {
          // Documents only read are not checked: reads are not validated (write skew is possible).
          if (e.ops.length === 0) continue;
          const row = store.getRow(e.collection, e.id);
          current.set(e, row);
          // Read, then changed by someone else before our write locked it: a lost update.
          const changed = e.read ? row?.rev !== e.read.row?.rev : e.existed !== undefined && (row !== undefined) !== e.existed;
          if (changed) throw transactionConflict(e.collection, e.id);
        }
        for (const [e, row] of current) {
          const after = this.fold(e, row);
          if (after === null) {
            if (row) store.delete(e.collection, e.id);
            continue;
          }
          const text = stringifyDoc(after, this.engine.now);
          if (!row) store.insert(e.collection, e.id, text);
          else if (text !== row.data) store.replace(e.collection, e.id, text);
        }
      });
      this.finish('committed');
    } catch (err) {
      this.finish('rolledBack');
      throw err;
    }
  }

  async rollback(reason?: unknown): Promise<void> {
    if (this.state === 'committed') throw new DbError('TRANSACTION_FINISHED', 'rollback: the transaction is already committed');
    if (this.state === 'active') this.finish('rolledBack');
    this.rolledBackByUser = true;
    this.rollbackReason = reason;
  }

  /** Drops the buffered writes (runTransaction, when the callback throws). */
  discard(): void {
    if (this.state === 'active') this.finish('rolledBack');
  }

  private assertActive(what: string): void {
    if (this.state !== 'active') {
      const how = this.state === 'committed' ? 'committed' : this.expired ? 'rolled back (idle too long)' : 'rolled back';
      throw new DbError('TRANSACTION_FINISHED', `${what}: the transaction is already ${how}`);
    }
    this.lastActive = performance.now();
  }

  private entry(collection: string, id: string): Entry {
    const key = `${collection}\u0000${id}`;
    let e = this.entries.get(key);
    if (!e) {
      e = { collection, id, ops: [] };
      this.entries.set(key, e);
    }
    return e;
  }

  /** The document as this transaction sees it: `row` with the buffered writes applied in order. */
  private fold(e: Entry, row: Row | undefined, ops: TxOp[] = e.ops): Plain | null {
    let doc: Plain | null = row ? parseStored(row.data) : null;
    for (const op of ops) {
      if (op.kind === 'add' && doc) throw duplicateKey(e.collection, e.id);
      if (op.kind === 'add' || op.kind === 'set') doc = parseStored(op.text);
      else if (op.kind === 'remove') doc = null;
      else if (op.kind === 'update' && doc) applyUpdate(doc, op.data, op.now);
    }
    return doc;
  }

  async get(collection: string, id: string): Promise<AnyDoc | null> {
    await this.engine.begin('tx', 'tx doc.get');
    this.assertActive('doc.get');
    const e = this.entry(collection, id);
    // The first read fixes what this transaction sees of the document; later reads reuse it. It
    // takes no lock; the rev is checked at commit only if this transaction also writes the document.
    if (!e.read) e.read = { row: this.engine.store.getRow(collection, id) };
    const doc = this.fold(e, e.read.row);
    return doc ? toDoc(id, doc) : null;
  }

  /** Buffers one write; returns the document before and after it, as this transaction sees them. */
  async write(collection: string, id: string, op: TxOp, what: string): Promise<{ before: Plain | null; after: Plain | null }> {
    await this.engine.begin('tx', `tx ${what}`);
    this.assertActive(what);
    // Another open transaction wrote this document: refused at once, nothing recorded.
    const holder = this.engine.lockHolder(collection, id);
    if (holder && holder !== this) throw new TransactionWriteConflict(op.kind === 'add' ? 'collection.add' : `document.${op.kind}`, collection, id);
    const e = this.entry(collection, id);
    let base: Row | undefined;
    if (e.read) base = e.read.row;
    else {
      base = this.engine.store.getRow(collection, id);
      if (e.existed === undefined) e.existed = base !== undefined;
    }
    const before = this.fold(e, base);
    if (op.kind === 'add' && before) throw duplicateKey(collection, id);
    // Applying it now surfaces a bad update (say `_.inc` of a string) at the call, not at commit.
    const after = this.fold(e, base, [...e.ops, op]);
    if (!holder) {
      this.engine.lock(collection, id, this);
      this.locked.push([collection, id]);
    }
    e.ops.push(op);
    return { before, after };
  }

  async add(collection: string, data: unknown): Promise<AddResult> {
    assertDocData(data, true);
    const { _id, ...rest } = data;
    const id = _id === undefined ? newDocId() : checkDocId(_id);
    await this.write(collection, id, { kind: 'add', text: stringifyDoc(rest, this.engine.now) }, `collection("${collection}").add()`);
    return { _id: id };
  }
}

class LocalTxDocRef<T extends DocData> implements TxDocRef<T> {
  constructor(
    private readonly tx: LocalTransaction,
    private readonly collection: string,
    private readonly id: string,
  ) {}

  private what(op: string): string {
    return `collection("${this.collection}").doc("${this.id}").${op}()`;
  }

  async get(): Promise<DocGetResult<T | null>> {
    return { data: (await this.tx.get(this.collection, this.id)) as unknown as T | null };
  }

  async set(options: { data: WriteData }): Promise<SetResult> {
    const data: unknown = options?.data;
    assertDocData(data, false);
    const text = stringifyDoc(data, this.engineNow());
    const { before } = await this.tx.write(this.collection, this.id, { kind: 'set', text }, this.what('set'));
    return { _id: this.id, stats: { updated: before ? 1 : 0, created: before ? 0 : 1 } };
  }

  async update(options: { data: UpdateData }): Promise<UpdateResult> {
    const data: unknown = options?.data;
    assertUpdateData(data);
    // serverDate() inside the update reads the clock now, not at commit.
    const t = this.engineNow()();
    const { before, after } = await this.tx.write(this.collection, this.id, { kind: 'update', data, now: () => t }, this.what('update'));
    const now = this.engineNow();
    // Like outside a transaction, `updated` counts a document only when its content changed.
    const changed = before !== null && after !== null && stringifyDoc(before, now) !== stringifyDoc(after, now);
    return { stats: { updated: changed ? 1 : 0 } };
  }

  async remove(): Promise<RemoveResult> {
    const { before } = await this.tx.write(this.collection, this.id, { kind: 'remove' }, this.what('remove'));
    return { stats: { removed: before ? 1 : 0 } };
  }

  private engineNow(): () => number {
    return this.tx.clock;
  }
}
