import type { Cloud } from '../platform/cloud';
import { C, type DistributorDoc, type InsightDoc, type JobStateDoc } from '../repo/docs';
import { computeInsightDoc, loadCatalog } from '../repo/insights';
import { type Budget, type JobReport, sweep } from './budget';

const STATE_ID = 'insights';

/**
 * 推广建议: each run recomputes the insights of the next active distributors in `_id` order after
 * where the last run stopped (job_state `insights`), wrapping round at the end — so every
 * distributor is refreshed in turn, the least recently computed first, and a run does at most
 * sweep's batches within its time budget. Each distributor's document is computed from their
 * records and `set` whole (or left alone when nothing in it changed but the time): a repeated, overlapping or cut-off run writes the same documents (a run
 * cut off before saving its place only makes the next run redo some of them).
 */
export async function updateInsights(cloud: Cloud, now: number, budget: Budget): Promise<JobReport> {
  const db = cloud.db;
  const _ = db.command;
  const state = (await db.collection<JobStateDoc>(C.jobState).where({ _id: STATE_ID }).limit(1).get()).data[0];
  let after = state?.feeds.distributors?.id ?? '';
  const catalog = await loadCatalog(db);
  let wrapped = false;
  const save = () =>
    db.collection(C.jobState).doc(STATE_ID).set({ data: { feeds: { distributors: { at: now, id: after, complete: wrapped } }, updatedAt: now } });

  const report = await sweep<DistributorDoc>(
    'insights',
    budget,
    async (limit) => {
      const { data } = await db
        .collection<DistributorDoc>(C.distributors)
        .where(after ? _.and({ status: 'active' }, { _id: _.gt(after) }) : { status: 'active' })
        .orderBy('_id', 'asc')
        .field({ _id: true })
        .limit(limit)
        .get();
      return data;
    },
    async (d) => {
      const [doc, stored] = await Promise.all([
        computeInsightDoc(db, d._id, now, catalog),
        db.collection<InsightDoc>(C.insights).where({ _id: d._id }).limit(1).get(),
      ]);
      after = d._id;
      // Unchanged since the last run: left as it is (a quiet shop's runs write nothing).
      if (stored.data[0] && sameInsights(stored.data[0], doc)) return 'skipped';
      await db.collection(C.insights).doc(d._id).set({ data: strip(doc) });
      return 'done';
    },
  );
  // Reached the end of the list: the next run starts again from the first distributor.
  if (!report.more) {
    after = '';
    wrapped = true;
  }
  await save();
  return report;
}

/** The same suggestions, hours and numbers (whenever they were computed). */
export function sameInsights(a: InsightDoc, b: InsightDoc): boolean {
  return canonical({ ...a, computedAt: 0 }) === canonical({ ...b, computedAt: 0 });
}

/** JSON with object keys sorted, so a stored document whose fields came back in another order compares equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** `set` takes the fields without `_id`. */
function strip<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}
