import { C, type DistributorDoc, type OrderDoc, type UserDoc } from '../../server/repo/docs';
import type { TestCloud } from '../support/local';
import { foldPendingStats } from '../../server/repo/stats-fold';

/** Reads a stored document (null when missing). */
export async function userDoc(t: TestCloud, openid: string): Promise<UserDoc | null> {
  const { data } = await t.db.collection<UserDoc>(C.users).where({ _id: openid }).limit(1).get();
  return data[0] ?? null;
}
export async function distDoc(t: TestCloud, openid: string): Promise<DistributorDoc | null> {
  const { data } = await t.db.collection<DistributorDoc>(C.distributors).where({ _id: openid }).limit(1).get();
  return data[0] ?? null;
}
export async function team(t: TestCloud, openid: string): Promise<{ level1: number; level2: number } | null> {
  return (await distDoc(t, openid))?.team ?? null;
}

/** An active distributor through the real actions (open onboarding); returns the invite code. */
export async function becomeDistributor(t: TestCloud, openid: string): Promise<string> {
  const res = await t.api(openid, 'distributor.apply', {});
  if (res.status !== 'active') throw new Error(`${openid} not active: ${res.status}`);
  return res.inviteCode as string;
}

/** `openid` becomes a distributor bound under `referrer` (by its code, when given). */
export async function distributorUnder(t: TestCloud, openid: string, referrerCode: string | null): Promise<string> {
  if (referrerCode) {
    const b = await t.api(openid, 'referral.bind', { code: referrerCode });
    if (!b.bound) throw new Error(`${openid} not bound: ${b.reason}`);
  }
  return becomeDistributor(t, openid);
}

let seq = 0;
/** An order in a given state, written straight into the database (the payment flow is tested elsewhere). */
export async function plantOrder(
  t: TestCloud,
  buyer: string,
  status: OrderDoc['status'],
  totalFen: number,
  refundedFen = 0,
): Promise<void> {
  const now = t.local.clock.now();
  const id = `T${now}${String(++seq).padStart(6, '0')}`;
  const order: OrderDoc = {
    _id: id,
    outTradeNo: id,
    buyerOpenid: buyer,
    buyerNickname: buyer,
    status,
    totalFen,
    refundedFen,
    lines: [],
    chain: { level1: null, level2: null },
    firstOrder: true,
    createdAt: now,
    payDeadline: now + 30 * 60_000,
    paidAt: status === 'pending' || status === 'closed' ? null : now,
    shippedAt: null,
    receivedAt: null,
    closedAt: null,
    transactionId: null,
  };
  await t.db.collection(C.orders).add({ data: order });
}

export async function dailyStats(t: TestCloud): Promise<Record<string, number>> {
  await foldPendingStats(t.db); // payments and refunds leave their counters on their records until folded
  const { data } = await t.db.collection(C.statsDaily).limit(10).get();
  const sum: Record<string, number> = {};
  for (const d of data) for (const [k, v] of Object.entries(d)) if (typeof v === 'number') sum[k] = (sum[k] ?? 0) + v;
  return sum;
}
