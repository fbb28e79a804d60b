import type { Settings } from '../../typings/api';
import type { Db } from '../db/types';
import { orderChain, bindingInForce, type Binding } from '../rules/binding';
import { C, type DistributorDoc, type UserDoc } from './docs';
import { gradeRates } from '../rules/grades';
import { findDistributor } from './users';

/**
 * The referrer chain to fix onto a new order (rules/binding.ts orderChain) with what it needs read:
 * the buyer's distributor record when self-purchase is on, and — in window mode, where the link
 * above can lapse on its own — the referrer's binding. In the other modes every binding holds, and
 * the referrer's referrer is the buyer's referrer2Openid (kept in step), so nothing more is read.
 */
export async function chainForOrder(
  db: Db,
  buyer: UserDoc,
  settings: Settings,
  now: number,
): Promise<{ level1: string | null; level2: string | null }> {
  const rules = settings.binding;
  const buyerDistributor = settings.selfPurchase ? await findDistributor(db, buyer.openid) : null;
  let referrer: Binding | null = buyer.referrerOpenid ? { referrerOpenid: buyer.referrer2Openid, boundAt: null } : null;
  if (rules.mode === 'window' && buyer.referrerOpenid && bindingInForce(buyer, rules, now)) {
    const { data } = await db
      .collection<UserDoc>(C.users)
      .where({ _id: buyer.referrerOpenid })
      .field({ _id: true, referrerOpenid: true, boundAt: true })
      .limit(1)
      .get();
    referrer = data[0] ? { referrerOpenid: data[0].referrerOpenid, boundAt: data[0].boundAt } : null;
  }
  return orderChain(buyer, referrer, {
    selfPurchase: settings.selfPurchase,
    buyerIsActiveDistributor: buyerDistributor?.status === 'active',
    rules,
    now,
  });
}

/**
 * The shop rates an order's beneficiaries earn at (分销等级): level 1 at the level-1 referrer's
 * grade, level 2 at the level-2 referrer's grade (rules/grades.ts; the entry grade is the shop's
 * `rates`). One query for both records, and none while the shop has only the entry grade. Product
 * overrides still win and the cap still cuts level 2 (rules/commission.ts rulesFor).
 */
export async function ratesForChain(
  db: Db,
  chain: { level1: string | null; level2: string | null },
  settings: Settings,
): Promise<Settings['rates']> {
  const ids = [chain.level1, chain.level2].filter((x): x is string => !!x);
  if (settings.grades.length < 2 || !ids.length) return settings.rates;
  const { data } = await db
    .collection<DistributorDoc>(C.distributors)
    .where({ _id: db.command.in(ids) })
    .field({ _id: true, gradeId: true })
    .limit(2)
    .get();
  const gradeOf = (openid: string | null) => data.find((d) => d._id === openid)?.gradeId;
  return {
    level1Bps: gradeRates(settings.grades, gradeOf(chain.level1)).level1Bps,
    level2Bps: gradeRates(settings.grades, gradeOf(chain.level2)).level2Bps,
  };
}
