import { notEligible } from '../core/errors';
import type { Db } from '../db/types';
import type { DistributorDoc } from './docs';
import { findDistributor } from './users';

/**
 * The caller's distributor record for the 推广中心 views. Active and disabled distributors see their
 * numbers (a disabled one keeps old earnings); someone who never became one (no record, pending or
 * rejected) is NOT_ELIGIBLE.
 */
export async function getDistributorOrThrow(db: Db, openid: string): Promise<DistributorDoc> {
  const d = await findDistributor(db, openid);
  if (!d || (d.status !== 'active' && d.status !== 'disabled')) throw notEligible('你还不是分销员');
  return d;
}
