/**
 * What every operation shares: the store, the clock, the instruments, and the marker of the
 * runTransaction callback being executed in the current async context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DbError } from './errors';
import type { Faults, OpsCounter } from './instrumentation';
import type { Store } from './store';

export interface ActiveTx {
  readonly isActive: boolean;
}

export type OpKind = 'read' | 'write' | 'tx';

const macrotask = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

export class Engine {
  /** Set by runTransaction around its callback, to catch writes that would escape the transaction. */
  readonly txContext = new AsyncLocalStorage<ActiveTx>();

  constructor(
    readonly store: Store,
    readonly now: () => number,
    readonly ops: OpsCounter,
    readonly faults: Faults,
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
}
