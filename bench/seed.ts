import type { LocalCloud } from '../local/runtime';
import { C, type CommissionDoc, type DistributorDoc, type UserDoc } from '../server/repo/docs';
import { newUser } from '../server/repo/users';
import { dayKey, monthKey } from '../server/core/time';
import { Progress } from './progress';

/**
 * A shop of `users` users of whom every tenth is a distributor, each user bound to a distributor,
 * and `commissions` commission records spread over the distributors — written straight into
 * SQLite in batches (the benchmark measures reads at scale, not how fast seeding is).
 */
export function seedShop(local: LocalCloud, users: number, commissions: number, label: string): string[] {
  const now = local.clock.now();
  const distributorCount = Math.max(10, Math.floor(users / 10));
  const distributors = Array.from({ length: distributorCount }, (_, i) => `d${i}`);
  const progress = new Progress(`seed ${label}`, users + commissions);
  const batch = 5000;
  for (let from = 0; from < users; from += batch) {
    const docs: UserDoc[] = [];
    for (let i = from; i < Math.min(users, from + batch); i++) {
      const openid = i < distributorCount ? distributors[i] : `u${i}`;
      // Distributors form a tree (each under an earlier one); other users hang under a distributor.
      const referrer = i === 0 ? null : distributors[i < distributorCount ? Math.floor((i - 1) / 4) : i % distributorCount];
      const referrer2 = referrer && referrer !== 'd0' ? distributors[Math.floor((Number(referrer.slice(1)) - 1) / 4)] : null;
      docs.push({ ...newUser(openid, now - (users - i) * 1000), nickname: `用户${i}`, referrerOpenid: referrer, referrer2Openid: referrer2, boundAt: now - (users - i) * 1000 });
    }
    local.db.bulkInsert(C.users, docs as unknown as Array<Record<string, unknown>>);
    progress.add(docs.length);
  }
  const perDistributor = Math.ceil(commissions / distributorCount);
  const dists: DistributorDoc[] = distributors.map((openid, i) => ({
    _id: openid,
    openid,
    status: 'active',
    inviteCode: `B${i.toString(36).toUpperCase().padStart(5, '2')}`,
    realName: '',
    phone: '',
    nickname: `用户${i}`,
    createdAt: now - i,
    appliedAt: now,
    activatedAt: now,
    frozenFen: perDistributor * 100,
    availableFen: 0,
    withdrawingFen: 0,
    withdrawnFen: 0,
    lifetimeFen: perDistributor * 100 + i,
    team: { level1: Math.floor(users / distributorCount), level2: 4 },
    promoted: { orders: perDistributor, salesFen: perDistributor * 1000 },
    earnByDay: { [dayKey(now)]: 100 },
    earnByMonth: { [monthKey(now)]: 1000 },
  }));
  for (let from = 0; from < dists.length; from += batch) {
    local.db.bulkInsert(C.distributors, dists.slice(from, from + batch) as unknown as Array<Record<string, unknown>>);
  }
  for (let from = 0; from < commissions; from += batch) {
    const docs: CommissionDoc[] = [];
    for (let i = from; i < Math.min(commissions, from + batch); i++) {
      const beneficiary = distributors[i % distributorCount];
      const orderId = `BO${i}`;
      docs.push({
        _id: `${orderId}-0-L1`,
        orderId,
        lineIndex: 0,
        productId: 'p1',
        productTitle: '商品',
        level: 1,
        beneficiaryOpenid: beneficiary,
        buyerOpenid: `u${distributorCount + (i % Math.max(1, users - distributorCount))}`,
        buyerNickname: '买家',
        rule: { mode: 'rate', bps: 1000 },
        perUnitFen: 100,
        quantity: 1,
        refundedQuantity: 0,
        amountFen: 100,
        status: i % 3 === 0 ? 'available' : 'frozen',
        createdAt: now - (commissions - i) * 10,
        availableAt: null,
        events: [{ type: 'credit', at: now - (commissions - i) * 10, frozenFen: 100 }],
      });
    }
    local.db.bulkInsert(C.commissions, docs as unknown as Array<Record<string, unknown>>);
    progress.add(docs.length);
  }
  progress.done();
  return distributors;
}
