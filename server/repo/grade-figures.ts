import type { Db } from '../db/types';
import { C, type DistributorDoc, type OrderDoc } from './docs';
import type { Grade, GradeFigures } from '../../typings/api';

const PAGE = 1000;
/** Pages of a buyer's settled orders read at most (200,000 orders): bounded whatever the data. */
const MAX_PAGES = 200;

/**
 * A buyer's own settled spend: orders whose commission window has passed (`commissionSettled`),
 * total − refunded, by the `buyer_settled` index in pages of 1000 by `_id`. Only orders received and
 * past their refund window count, like the promoted figures.
 */
export async function settledSpendFen(db: Db, openid: string): Promise<number> {
  const _ = db.command;
  let sum = 0;
  let after = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data } = await db
      .collection<OrderDoc>(C.orders)
      .where({ buyerOpenid: openid, commissionSettled: true, ...(after ? { _id: _.gt(after) } : {}) })
      .orderBy('_id', 'asc')
      .limit(PAGE)
      .field({ _id: true, totalFen: true, refundedFen: true })
      .get();
    for (const o of data) sum += Math.max(0, o.totalFen - (o.refundedFen ?? 0));
    if (data.length < PAGE) break;
    after = data[data.length - 1]._id;
  }
  return sum;
}

/** The grade figures on a distributor record (own spend as last recounted by the grades job). */
export function figuresOf(d: Pick<DistributorDoc, 'settled'>): GradeFigures {
  return { salesFen: d.settled?.salesFen ?? 0, orders: d.settled?.orders ?? 0, spendFen: d.settled?.spendFen ?? 0 };
}

/**
 * A new grade list may put some distributors over a condition: every distributor is flagged for
 * the grades job (one update outside any transaction, after the settings are saved; if it is cut
 * off, the next settings save or settled order flags them again).
 */
export async function flagAllForGrades(db: Db): Promise<void> {
  const _ = db.command;
  await db
    .collection(C.distributors)
    .where({ status: _.in(['active', 'disabled']) })
    .update({ data: { gradeCheck: true, gradeSeq: _.inc(1) } });
}

/**
 * Active distributors per grade for the dashboard: one indexed count per grade above the entry
 * grade, and the entry grade is the rest of the active ones (records with no grade, or a deleted
 * one, are at the entry grade). At most 5 counts.
 */
export async function countByGrade(
  db: Db,
  grades: Grade[],
): Promise<Array<{ id: string; name: string; color: string | null; count: number }>> {
  const col = db.collection(C.distributors);
  const [all, ...above] = await Promise.all([
    col.where({ status: 'active' }).count(),
    ...grades.slice(1).map((g) => col.where({ status: 'active', gradeId: g.id }).count()),
  ]);
  const counts = above.map((c) => c.total);
  const entry = Math.max(0, all.total - counts.reduce((a, b) => a + b, 0));
  return grades.map((g, i) => ({ id: g.id, name: g.name, color: g.color ?? null, count: i === 0 ? entry : counts[i - 1] }));
}
