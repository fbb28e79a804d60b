/**
 * Test and benchmark instruments: an operation counter (overall and per async context, so two
 * concurrent calls are measured separately) and fault injection (fail the N-th operation before it
 * has any effect, to prove that a run cut off anywhere and retried neither loses nor doubles money).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Scope {
  count: number;
  parent: Scope | undefined;
}

export class OpsCounter {
  /** Database operations since open (or the last reset). */
  total = 0;
  private readonly scopes = new AsyncLocalStorage<Scope>();

  reset(): void {
    this.total = 0;
  }

  /** Counts only the operations made inside `fn`'s async context (nested measures count in each). */
  async measure<T>(fn: () => Promise<T>): Promise<{ result: T; ops: number }> {
    const scope: Scope = { count: 0, parent: this.scopes.getStore() };
    const result = await this.scopes.run(scope, fn);
    return { result, ops: scope.count };
  }

  record(): void {
    this.total++;
    for (let s = this.scopes.getStore(); s; s = s.parent) s.count++;
  }
}

export class Faults {
  private remaining = 0;
  private armedAt = 0;

  /** The n-th operation from now (1 = the very next) throws before it has any effect. */
  failAt(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('failAt needs an integer n >= 1');
    this.remaining = n;
    this.armedAt = n;
  }

  clear(): void {
    this.remaining = 0;
  }

  /** Called at the start of every operation. */
  check(): void {
    if (this.remaining === 0) return;
    this.remaining--;
    if (this.remaining === 0) throw new Error(`injected fault at database operation ${this.armedAt}`);
  }
}
