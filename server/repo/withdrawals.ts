import type { ApiData } from '../../typings/api';
import type { AdminWithdrawalView, PersonRef } from '../../typings/admin';
import { transact } from '../db/transact';
import type { Db, Transaction } from '../db/types';
import { C, type WithdrawalDoc } from './docs';

type WithdrawalView = ApiData<'withdrawal.list'>['items'][number];

export function toWithdrawalView(w: WithdrawalDoc): WithdrawalView {
  return {
    withdrawalId: w._id,
    amountFen: w.amountFen,
    feeFen: w.feeFen,
    netFen: w.netFen,
    channel: w.channel,
    status: w.status,
    createdAt: w.createdAt,
    reviewedAt: w.reviewedAt,
    paidAt: w.paidAt,
    note: w.note,
  };
}

export function toAdminWithdrawalView(w: WithdrawalDoc, person: PersonRef = { nickname: '', avatarUrl: '' }): AdminWithdrawalView {
  const t = w.transfer;
  return {
    ...toWithdrawalView(w),
    openid: w.openid,
    account: w.account,
    reviewedBy: w.reviewedBy,
    person,
    transfer: t ? { outBillNo: t.outBillNo, state: t.state, failReason: t.failReason } : null,
  };
}

/**
 * Transactions on one distributor's balance may all arrive at once (a double tap, twenty requests):
 * each one that meets another runs again on the fresh record; if contention outlasts every attempt,
 * the caller hears CONFLICT (try again), never a half-done or overdrawn hold. A withdrawal is named
 * by the distributor's request count (`W<seq>-<openid>`), so a duplicate key is contention too.
 */
export function runBalanceTransaction<R>(db: Db, fn: (tx: Transaction) => Promise<R>): Promise<R> {
  return transact(db, fn, { busy: '操作过于频繁，请稍后重试', derivedIds: true });
}

/** A withdrawal by id inside a transaction; NOT_FOUND-able by the caller. */
export async function getWithdrawalInTx(tx: Transaction, withdrawalId: string): Promise<WithdrawalDoc | null> {
  return (await tx.collection<WithdrawalDoc>(C.withdrawals).doc(withdrawalId).get()).data;
}
