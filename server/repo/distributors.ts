import type { DistributorStatus } from '../../typings/api';
import type { Transaction } from '../db/types';
import { C, type DistributorDoc } from './docs';
import { reserveInviteCodeInTx } from './invite-codes';

/** A fresh distributor record: every balance and counter starts at zero. */
export function newDistributorDoc(
  openid: string,
  now: number,
  f: { status: DistributorStatus; inviteCode: string | null; realName: string; phone: string; nickname: string },
): DistributorDoc {
  return {
    _id: openid,
    openid,
    status: f.status,
    inviteCode: f.inviteCode,
    realName: f.realName,
    phone: f.phone,
    nickname: f.nickname,
    createdAt: now,
    appliedAt: now,
    activatedAt: f.status === 'active' ? now : null,
    frozenFen: 0,
    availableFen: 0,
    withdrawingFen: 0,
    withdrawnFen: 0,
    lifetimeFen: 0,
    team: { level1: 0, level2: 0 },
    teamSize: 0,
    promoted: { orders: 0, salesFen: 0 },
    earnByDay: {},
    earnByMonth: {},
    // Own spend from before joining may already reach a grade: the grades job looks once.
    gradeCheck: true,
    gradeSeq: 1,
  };
}

/**
 * Makes an existing (pending or rejected) record active inside the caller's transaction, with an
 * invite code reserved in the same transaction (a record that somehow kept its code keeps it).
 */
export async function activateInTx(tx: Transaction, doc: DistributorDoc, now: number): Promise<DistributorDoc> {
  const inviteCode = doc.inviteCode ?? (await reserveInviteCodeInTx(tx, doc.openid, now));
  // Flagged for the grades job (own spend from before may already reach a grade).
  const patch = { status: 'active' as const, inviteCode, activatedAt: now, gradeCheck: true, gradeSeq: (doc.gradeSeq ?? 0) + 1 };
  await tx.collection(C.distributors).doc(doc._id).update({ data: patch });
  return { ...doc, ...patch };
}
