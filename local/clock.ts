/**
 * The local runtime's clock: the wall clock plus an offset that `/__dev/clock` moves forward, so
 * freeze days and pay timeouts can be lived through in a demo or a test. Backend code reads time only
 * from `cloud.now()`, which is this.
 */
export class LocalClock {
  private offsetMs: number;

  constructor(
    offsetMs = 0,
    private readonly onChange?: (offsetMs: number) => void,
    private readonly wall: () => number = Date.now,
  ) {
    this.offsetMs = offsetMs;
  }

  now(): number {
    return this.wall() + this.offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceMs must be a non-negative number');
    this.offsetMs += ms;
    this.onChange?.(this.offsetMs);
    return this.now();
  }

  get offset(): number {
    return this.offsetMs;
  }
}
