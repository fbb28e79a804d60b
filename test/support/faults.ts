import type { LocalCloud } from '../../local/runtime';

export interface FaultSweep<W extends { local: LocalCloud; close(): void }> {
  /** A fresh world, the same story every time (the clean run gets one, then each cut-off run). */
  setup(): Promise<W>;
  /** The step under test: its database operations are the ones failed in turn. */
  act(w: W): Promise<unknown>;
  /** What happens next in real life (WeChat's retry, the next timer run, the user tapping again). Default: `act`. */
  retry?(w: W): Promise<unknown>;
  /** The state compared with the clean run's (normalised: no generated ids or times). */
  snapshot(w: W): Promise<unknown>;
  /**
   * Leading operations of `act` that are not under test (e.g. the admin's refund request before
   * WeChat's notification), known once the clean run has run.
   */
  skip?: (clean: W) => number;
  /** Checked right after the cut-off attempt, before the retry (e.g. nothing half-done is visible). */
  afterCut?(w: W, n: number, result: unknown): Promise<void>;
  /** More invariants, checked on every run after the retry (e.g. `reconcile`). */
  check?(w: W, n: number): Promise<void>;
}

/**
 * Cut off at each database operation in turn, then retried: every run must end exactly as the clean
 * run. The clean run counts the operations (K); run n fails the n-th one before it has any effect,
 * `act` ends however it ends (a throw, an error answer, a partial report), then `retry` runs
 * without faults. Returns K, so callers can also bound it.
 */
export async function failEachOpThenRetry<W extends { local: LocalCloud; close(): void }>(spec: FaultSweep<W>): Promise<{ ops: number }> {
  const clean = await spec.setup();
  // Counted at the engine over the whole step (not by async context): calls that go through the
  // function instances reach the database from the wire server's requests, outside this context.
  const start = clean.local.db.ops.total;
  await spec.act(clean);
  await clean.local.pay.idle();
  const total = clean.local.db.ops.total - start;
  const skip = spec.skip?.(clean) ?? 0;
  const expected = await spec.snapshot(clean);
  await spec.check?.(clean, 0);
  clean.close();
  const K = total - skip;
  if (K < 1) throw new Error(`nothing to fail: ${total} operations, ${skip} skipped`);

  // The cut-off runs log their injected faults, as they should; keep the test output readable.
  const quiet = [jest.spyOn(console, 'error').mockImplementation(() => {}), jest.spyOn(console, 'warn').mockImplementation(() => {})];
  try {
    for (let n = 1; n <= K; n++) {
      const w = await spec.setup();
      try {
        w.local.db.faults.failAt(skip + n);
        const result = await spec.act(w).catch((e: unknown) => e);
        await w.local.pay.idle();
        // The fault did fire: its countdown reached zero inside `act`.
        expect({ n, fired: (w.local.db.faults as unknown as { remaining: number }).remaining === 0 }).toEqual({ n, fired: true });
        w.local.db.faults.clear();
        await spec.afterCut?.(w, n, result);
        await (spec.retry ?? spec.act)(w);
        await w.local.pay.idle();
        expect({ n, state: await spec.snapshot(w) }).toEqual({ n, state: expected });
        await spec.check?.(w, n);
      } finally {
        w.local.db.faults.clear();
        w.close();
      }
    }
  } finally {
    quiet.forEach((q) => q.mockRestore());
  }
  return { ops: K };
}
