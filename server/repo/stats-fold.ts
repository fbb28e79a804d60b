import { BUSY, transact } from '../db/transact';
import type { Db } from '../db/types';
import { emptyDay, toUpdate, type DailyIncrements } from './daily-stats';
import { C, type DailyStatsDoc, type OrderDoc, type PendingStats, type RefundDoc } from './docs';

/** Records folded per transaction: one write per record plus one per day touched. */
export const FOLD_BATCH = 20;

export interface FoldReport {
  /** Records whose pending counters this call added to `stats_daily`. */
  folded: number;
  /** Stopped with records possibly left (`shouldStop`, or the batch limit). */
  more: boolean;
}

/**
 * Adds the day counters that payments and refunds left on their own records (`statsPending`) to
 * `stats_daily`, so no money transaction writes the day's document (every payment of the day would
 * otherwise meet on it). Exactly once: each batch is one transaction that reads the records, adds
 * their counters to the days' documents and removes `statsPending` from each. A record already folded
 * (by a rival fold) reads without it and is skipped; two folds of one record both write that record,
 * so the second conflicts and reruns on fresh data. A fold cut off anywhere committed nothing; the
 * counters stay on the records, and the next fold (the settle run, the dashboard, stats.rebuild)
 * adds them. Nothing is lost by a process that dies after the money commit: the counters are part
 * of it.
 */
export async function foldPendingStats(
  db: Db,
  opts: { shouldStop?: () => boolean; maxBatches?: number } = {},
): Promise<FoldReport> {
  const _ = db.command;
  let folded = 0;
  let batches = 0;
  for (const collection of [C.orders, C.refunds]) {
    for (;;) {
      if (opts.shouldStop?.() || batches >= (opts.maxBatches ?? 50)) return { folded, more: true };
      batches++;
      const { data: ids } = await db
        .collection<OrderDoc | RefundDoc>(collection)
        .where({ 'statsPending.day': _.gt('') })
        .field({ _id: true })
        .limit(FOLD_BATCH)
        .get();
      if (!ids.length) break;
      folded += await transact(
        db,
        async (tx) => {
          const byDay = new Map<string, DailyIncrements>();
          const mine: string[] = [];
          for (const { _id } of ids) {
            const rec = (await tx.collection<OrderDoc | RefundDoc>(collection).doc(_id).get()).data;
            const pending: PendingStats | undefined = rec?.statsPending;
            if (!pending) continue; // folded meanwhile
            const sum = byDay.get(pending.day) ?? {};
            for (const [k, v] of Object.entries(pending.incs) as Array<[keyof DailyIncrements, number]>) sum[k] = (sum[k] ?? 0) + v;
            byDay.set(pending.day, sum);
            mine.push(_id);
          }
          for (const [day, incs] of byDay) {
            const ref = tx.collection<DailyStatsDoc>(C.statsDaily).doc(day);
            const cur = (await ref.get()).data;
            if (cur) {
              const data = toUpdate(db, incs);
              if (Object.keys(data).length) await ref.update({ data });
            } else {
              const { _id: _ignored, ...fresh } = emptyDay(day);
              for (const [k, v] of Object.entries(incs) as Array<[keyof DailyIncrements, number]>) fresh[k] += v;
              await ref.set({ data: fresh });
            }
          }
          for (const id of mine) await tx.collection(collection).doc(id).update({ data: { statsPending: _.remove() } });
          return mine.length;
        },
        { busy: BUSY },
      );
      if (ids.length < FOLD_BATCH) break;
    }
  }
  return { folded, more: false };
}
