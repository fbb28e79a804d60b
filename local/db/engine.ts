/**
 * What every operation shares: the store, the clock, the instruments, the marker of the
 * runTransaction callback being executed in the current async context, and the document locks
 * open transactions hold.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DbError } from './errors';
import type { Faults, OpsCounter } from './instrumentation';
import type { Store } from './store';

export interface ActiveTx {
  readonly isActive: boolean;
}

/** An open transaction as the lock table sees it. */
export interface LockHolder {
  readonly isActive: boolean;
  /** Real milliseconds since its last operation. */
  readonly idleMs: number;
  /** Rolls it back because it was abandoned (see TX_IDLE_LIMIT_MS). */
  expire(): void;
}

export type OpKind = 'read' | 'write' | 'tx';

/**
 * A transaction idle this long (real time, no operation) while holding locks is taken for abandoned
 * (a caller that died between its writes and its commit) and rolled back when someone meets one of
 * its locks — as the cloud ends a transaction that outlives its limit, instead of locking a
 * document for good. Far above any transaction of the backend (a few milliseconds of work).
 */
export const TX_IDLE_LIMIT_MS = 10_000;

const macrotask = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

const lockKey = (collection: string, id: string): string => `${collection}\u0000${id}`;

export class Engine {
  /** Set by runTransaction around its callback, to catch writes that would escape the transaction. */
  readonly txContext = new AsyncLocalStorage<ActiveTx>();
  /** Document → the open transaction that wrote it (and holds it until commit or rollback). */
  private readonly locks = new Map<string, LockHolder>();
  private readonly lockedPerCollection = new Map<string, number>();
  private waiters: Array<() => void> = [];

  constructor(
    readonly store: Store,
    readonly now: () => number,
    readonly ops: OpsCounter,
    readonly faults: Faults,
    readonly txIdleLimitMs = TX_IDLE_LIMIT_MS,
  ) {}

  /**
   * The start of every operation. It yields a macrotask first, so concurrent callers really
   * interleave (as with a network database); the caller then does its SQLite work synchronously,
   * in one go. Then it counts the operation and lets an injected fault fire before any effect.
   */
  async begin(kind: OpKind, what: string): Promise<void> {
    if (kind === 'write' && this.txContext.getStore()?.isActive) {
      throw new DbError(
        'WRITE_OUTSIDE_TRANSACTION',
        `${what} called inside a runTransaction callback would run outside the transaction ` +
          `(the cloud silently does so); use tx.collection(name).doc(id) or tx.collection(name).add`,
      );
    }
    await macrotask();
    this.ops.record();
    this.faults.check();
  }

  /** The open transaction holding this document, if any (an abandoned one is rolled back here). */
  lockHolder(collection: string, id: string): LockHolder | undefined {
    const holder = this.locks.get(lockKey(collection, id));
    if (!holder) return undefined;
    if (holder.isActive && holder.idleMs > this.txIdleLimitMs) holder.expire();
    return holder.isActive ? holder : undefined;
  }

  lock(collection: string, id: string, holder: LockHolder): void {
    const key = lockKey(collection, id);
    if (this.locks.get(key) === holder) return;
    this.locks.set(key, holder);
    this.lockedPerCollection.set(collection, (this.lockedPerCollection.get(collection) ?? 0) + 1);
  }

  /** Releases a finished transaction's locks and wakes the writes waiting for them. */
  unlock(documents: Iterable<[collection: string, id: string]>, holder: LockHolder): void {
    for (const [collection, id] of documents) {
      const key = lockKey(collection, id);
      if (this.locks.get(key) !== holder) continue;
      this.locks.delete(key);
      const n = (this.lockedPerCollection.get(collection) ?? 1) - 1;
      if (n > 0) this.lockedPerCollection.set(collection, n);
      else this.lockedPerCollection.delete(collection);
    }
    const woken = this.waiters;
    this.waiters = [];
    for (const wake of woken) wake();
  }

  /**
   * A write outside any transaction to a document an open transaction holds waits until that
   * transaction ends (MongoDB, which the cloud database runs on: "when a write outside the
   * transaction tries to modify the same document, the write waits until the transaction ends" —
   * production considerations, in-progress transactions and write conflicts). It then applies to
   * the committed result. `ids` names the documents the write would touch, asked again after each
   * wait; it runs only while the collection has locks at all.
   */
  async waitUnlocked(collection: string, ids: () => string[]): Promise<void> {
    for (;;) {
      if (!this.lockedPerCollection.has(collection)) return;
      let blocking: LockHolder | undefined;
      for (const id of ids()) {
        blocking = this.lockHolder(collection, id);
        if (blocking) break;
      }
      if (!blocking) return;
      const idle = blocking.idleMs;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== wake);
          resolve();
        };
        // Wakes at the latest when the holder would count as abandoned.
        const timer = setTimeout(wake, Math.max(1, this.txIdleLimitMs - idle + 1));
        this.waiters.push(wake);
      });
    }
  }
}
