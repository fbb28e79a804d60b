import type { Db } from '../db/types';
import { chinaDay } from '../core/time';
import { C, type CommissionDoc } from './docs';

/** How many dated frozen commissions one summary looks at (the earliest day is all it needs). */
const SCAN = 200;

/**
 * The next frozen commission to unfreeze for `openid`: the earliest `availableAt` (set at receipt)
 * and what unfreezes that same China-time day. One indexed query
 * (commissions.beneficiary_status_available), bounded; null when nothing frozen has a date yet.
 */
export async function nextUnfreeze(db: Db, openid: string): Promise<{ atMs: number; amountFen: number } | null> {
  const _ = db.command;
  const { data } = await db
    .collection<CommissionDoc>(C.commissions)
    .where({ beneficiaryOpenid: openid, status: 'frozen', availableAt: _.gt(0) })
    .field({ _id: true, availableAt: true, amountFen: true })
    .orderBy('availableAt', 'asc')
    .limit(SCAN)
    .get();
  const first = data.find((c) => c.amountFen > 0);
  if (!first || !first.availableAt) return null;
  const day = chinaDay(first.availableAt);
  let amountFen = 0;
  for (const c of data) if (c.availableAt && chinaDay(c.availableAt) === day) amountFen += c.amountFen;
  return { atMs: first.availableAt, amountFen };
}
