import { randomInt as cryptoRandomInt } from 'node:crypto';
import { AppError } from '../core/errors';
import type { Transaction } from '../db/types';
import { generateInviteCode, type RandomInt } from '../../miniprogram/shared/invite-code';
import { C } from './docs';

/** `invite_codes` document: `_id` = the code, so a code can belong to one distributor only. */
export interface InviteCodeDoc {
  _id: string;
  openid: string;
  createdAt: number;
}

const ATTEMPTS = 12;

/**
 * Reserves a fresh code for `openid` inside the caller's transaction: read the code's document,
 * write it when free. A code taken meanwhile by another transaction makes this one conflict and
 * run again with a new code, so two distributors can never share one.
 */
export async function reserveInviteCodeInTx(
  tx: Transaction,
  openid: string,
  now: number,
  randomInt: RandomInt = cryptoRandomInt,
): Promise<string> {
  const codes = tx.collection<InviteCodeDoc>(C.inviteCodes);
  for (let i = 0; i < ATTEMPTS; i++) {
    const code = generateInviteCode(randomInt);
    const { data } = await codes.doc(code).get();
    if (data) continue;
    await codes.doc(code).set({ data: { openid, createdAt: now } });
    return code;
  }
  // 31^6 codes: reaching this means the random source is broken, not that codes ran out.
  throw new AppError('INTERNAL', '邀请码生成失败，请稍后再试');
}
