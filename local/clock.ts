/**
 * The local runtime's clock: the wall clock plus an offset that `/__dev/clock` moves forward, so
 * freeze days and pay timeouts can be lived through in a demo or a test. Backend code reads time only
 * from `cloud.now()`, which is this.
 */
/** How far the local clock may be moved ahead of the wall clock: 10 years (with their leap days). */
export const MAX_CLOCK_OFFSET_MS = 3653 * 86_400_000;

/** Why an offset cannot be the clock's (not a finite number, or beyond ±10 years); null when fine. */
export function offsetProblem(offsetMs: unknown): string | null {
  if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs)) return 'the offset is not a finite number';
  if (Math.abs(offsetMs) > MAX_CLOCK_OFFSET_MS) return 'the offset is more than 10 years';
  return null;
}

/**
 * The offset a stored clock file holds, or 0 with a `warn` saying why when it cannot be read or is
 * absurd: a damaged file must not keep the local cloud from starting, nor move its time by ages.
 */
export function readClockOffset(read: () => string | null, warn: (message: string) => void): number {
  let offsetMs: unknown;
  try {
    const content = read();
    if (content === null) return 0;
    offsetMs = (JSON.parse(content) as { offsetMs?: unknown } | null)?.offsetMs;
  } catch {
    warn('clock.json cannot be read as JSON: ignored, the clock starts at the wall clock');
    return 0;
  }
  const problem = offsetProblem(offsetMs);
  if (problem) {
    warn(`clock.json: ${problem}: ignored, the clock starts at the wall clock`);
    return 0;
  }
  return offsetMs as number;
}

export class LocalClock {
  private offsetMs: number;

  constructor(
    offsetMs = 0,
    private readonly onChange?: (offsetMs: number) => void,
    private readonly wall: () => number = Date.now,
  ) {
    if (offsetProblem(offsetMs)) throw new RangeError(`clock offset ${offsetMs}: ${offsetProblem(offsetMs)}`);
    this.offsetMs = offsetMs;
  }

  now(): number {
    return this.wall() + this.offsetMs;
  }

  /** Forward only, by a finite amount, and never more than 10 years ahead of the wall clock in all. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceMs must be a non-negative number');
    if (this.offsetMs + ms > MAX_CLOCK_OFFSET_MS) {
      throw new RangeError('advanceMs would move the clock more than 10 years ahead');
    }
    this.offsetMs += ms;
    this.onChange?.(this.offsetMs);
    return this.now();
  }

  get offset(): number {
    return this.offsetMs;
  }
}
