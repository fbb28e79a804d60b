import { BUSY, transact } from '../db/transact';
import type { Db } from '../db/types';
import type { Cloud } from '../platform/cloud';
import { C, type DistributorDoc } from '../repo/docs';
import { figuresOf, settledSpendFen } from '../repo/grade-figures';
import { upgradeTarget } from '../rules/grades';
import type { Settings } from '../../typings/api';
import { type Budget, type JobReport, sweep } from './budget';

type Flagged = Pick<DistributorDoc, '_id' | 'gradeSeq'>;

/**
 * Automatic upgrades (分销等级): the distributors flagged by the unfreeze job (an order they
 * promoted or bought was settled), by activation or by a change of the grade list are looked at
 * again — own spend recounted from their settled orders, the promoted figures read from their
 * record — and moved up to the highest grade the figures reach. Never down: a grade set by hand
 * (or a grade whose condition was raised later) stays. Each record in one guarded transaction that
 * clears the flag only if no new flag came since it was read (`gradeSeq`), so a repeated,
 * overlapping or cut-off run upgrades once and misses nothing.
 */
export function checkGrades(cloud: Cloud, settings: Settings, now: number, budget: Budget): Promise<JobReport> {
  const db = cloud.db;
  return sweep<Flagged>(
    'grades',
    budget,
    async (limit) =>
      (
        await db
          .collection<DistributorDoc>(C.distributors)
          .where({ gradeCheck: true })
          .limit(limit)
          .field({ _id: true, gradeSeq: true })
          .get()
      ).data,
    async (d) => ((await regrade(db, settings, d._id, d.gradeSeq ?? 0, now)) ? 'done' : 'skipped'),
  );
}

/** Looks at one flagged distributor; false when another run did (or a new flag came in meanwhile). */
export async function regrade(db: Db, settings: Settings, openid: string, seq: number, now: number): Promise<boolean> {
  // Counted outside the transaction (a query); any settle after this bumps gradeSeq, and then the
  // transaction below writes nothing and the next sweep counts again.
  const spendFen = await settledSpendFen(db, openid);
  return transact(db, async (tx) => {
    const ref = tx.collection<DistributorDoc>(C.distributors).doc(openid);
    const { data: d } = await ref.get();
    if (!d || d.gradeCheck !== true || (d.gradeSeq ?? 0) !== seq) return false;
    const target = upgradeTarget(settings.grades, d.gradeId, { ...figuresOf(d), spendFen });
    await ref.update({
      data: {
        gradeCheck: false,
        'settled.spendFen': spendFen,
        ...(target ? { gradeId: target.id, gradeSource: 'auto', gradeAt: now } : {}),
      },
    });
    return true;
  }, { busy: BUSY });
}
