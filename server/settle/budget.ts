import { FUNCTION_TIMEOUT_S } from '../entries/function-settings';

/**
 * How much one settle run may do. A cloud function is cut off at its timeout (60 s as deployed,
 * entries/function-settings.ts; `SETTLE_TIMEOUT_S` tells a run another one): a run stops taking new
 * records well before it — a quarter of the timeout, at least 5 s, is left for the record in hand
 * (a refund check asks WeChat Pay up to a few times) — and the next run continues, since every job
 * picks its work by a query on the records' own state.
 */
export const BATCH_SIZE = 100;
export const MAX_BATCHES_PER_JOB = 5;

/** The time budget for a function cut off after `timeoutS` seconds. */
export function budgetMs(timeoutS: number): number {
  const ms = timeoutS * 1000;
  return Math.max(ms - Math.max(5_000, ms / 4), ms / 2);
}

/** `SETTLE_TIMEOUT_S` when set to a sane value, else the declared settle timeout. */
export function settleTimeoutS(env: (name: string) => string | undefined): number {
  const v = Number(env('SETTLE_TIMEOUT_S'));
  return Number.isInteger(v) && v >= 1 && v <= 900 ? v : FUNCTION_TIMEOUT_S.settle;
}

export const TIME_BUDGET_MS = budgetMs(FUNCTION_TIMEOUT_S.settle);

export class Budget {
  private readonly deadline: number;
  constructor(
    private readonly clock: () => number,
    ms = TIME_BUDGET_MS,
  ) {
    this.deadline = clock() + ms;
  }
  get exhausted(): boolean {
    return this.clock() >= this.deadline;
  }
}

export interface JobReport {
  /** Records this run changed. */
  done: number;
  /** Records another run (or a repeat) had already handled, or that were left for later. */
  skipped: number;
  failed: number;
  /** Stopped with work possibly left (a full last batch or the time budget): the next run goes on. */
  more: boolean;
}

export const emptyJobReport = (): JobReport => ({ done: 0, skipped: 0, failed: 0, more: false });

/**
 * Runs `handle` on the records `fetch` returns, batch by batch, until a batch comes back short, the
 * batch limit or the time budget is reached. One record's failure is logged and does not stop the rest.
 */
export async function sweep<T extends { _id: string }>(
  name: string,
  budget: Budget,
  fetch: (limit: number) => Promise<T[]>,
  handle: (record: T) => Promise<'done' | 'skipped'>,
): Promise<JobReport> {
  const report = emptyJobReport();
  for (let batch = 0; batch < MAX_BATCHES_PER_JOB; batch++) {
    if (budget.exhausted) return { ...report, more: true };
    const records = await fetch(BATCH_SIZE);
    const before = report.done;
    for (const r of records) {
      if (budget.exhausted) return { ...report, more: true };
      try {
        report[await handle(r)]++;
      } catch (e) {
        report.failed++;
        console.error(`[settle] ${name} ${r._id} failed`, e);
      }
    }
    if (records.length < BATCH_SIZE) return report;
    // A full batch in which nothing changed would come back the same: leave it to the next run.
    if (report.done === before) return { ...report, more: true };
  }
  return { ...report, more: true };
}
