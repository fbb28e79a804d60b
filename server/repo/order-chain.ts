import type { Settings } from '../../typings/api';
import type { Db } from '../db/types';
import { orderChain, bindingInForce, type Binding } from '../rules/binding';
import { C, type UserDoc } from './docs';
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
