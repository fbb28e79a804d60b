import type { Db } from '../db/types';
import type { UserView } from '../../typings/api';
import { bindingInForce, type BindingRules } from '../rules/binding';
import { opaqueId } from '../rules/opaque-id';
import { C, type DistributorDoc, type UserDoc } from './docs';

export function newUser(openid: string, now: number): UserDoc {
  return {
    _id: openid,
    openid,
    nickname: '',
    avatarUrl: '',
    createdAt: now,
    referrerOpenid: null,
    referrer2Openid: null,
    boundAt: null,
  };
}

/**
 * The caller's user record, created on first sight from the WeChat identity. Two first calls at
 * once both try to add; the loser's duplicate-key error is answered by reading the winner's record.
 */
export async function getOrCreateUser(db: Db, openid: string, now: number): Promise<UserDoc> {
  const users = db.collection<UserDoc>(C.users);
  const found = await users.where({ _id: openid }).limit(1).get();
  if (found.data[0]) return found.data[0];
  const user = newUser(openid, now);
  try {
    await users.add({ data: user });
    return user;
  } catch (e) {
    const again = await users.where({ _id: openid }).limit(1).get();
    if (again.data[0]) return again.data[0];
    throw e;
  }
}

/**
 * The caller's own profile. `referrerOpenid` (the contract's name) never carries the referrer's
 * openid: an opaque id while the binding is in force under the current rules, else null — what
 * the client needs (am I bound, may a new code bind me), nothing more.
 */
export function toUserView(user: UserDoc, distributor: DistributorDoc | null, rules: BindingRules, now: number): UserView {
  return {
    openid: user.openid,
    nickname: user.nickname,
    avatarUrl: user.avatarUrl,
    referrerOpenid:
      user.referrerOpenid && bindingInForce(user, rules, now) ? opaqueId('r', user.openid, user.referrerOpenid) : null,
    distributor: distributor ? { status: distributor.status, inviteCode: distributor.inviteCode } : null,
  };
}

export async function findDistributor(db: Db, openid: string): Promise<DistributorDoc | null> {
  const { data } = await db.collection<DistributorDoc>(C.distributors).where({ _id: openid }).limit(1).get();
  return data[0] ?? null;
}
