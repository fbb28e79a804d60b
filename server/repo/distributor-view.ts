import type { Balance } from '../../typings/api';
import type { AdminDistributorView } from '../../typings/admin';
import type { DistributorDoc, UserDoc } from './docs';

/** A distributor as the admin list shows it, with the user's avatar and referrer. */
export function toAdminDistributorView(d: DistributorDoc, user: UserDoc | undefined): AdminDistributorView {
  return {
    openid: d.openid,
    nickname: d.nickname || user?.nickname || '',
    avatarUrl: user?.avatarUrl ?? '',
    status: d.status,
    inviteCode: d.inviteCode,
    realName: d.realName,
    phone: d.phone,
    referrerOpenid: user?.referrerOpenid ?? null,
    createdAt: d.createdAt,
    appliedAt: d.appliedAt,
    activatedAt: d.activatedAt,
    team: d.team,
    promoted: d.promoted,
    balance: balanceOf(d),
    lifetimeFen: d.lifetimeFen,
    gradeId: d.gradeId ?? null,
    gradeManual: d.gradeSource === 'manual',
  };
}

/** The four balances of a distributor record, as every view shows them. */
export function balanceOf(d: DistributorDoc): Balance {
  return {
    frozenFen: d.frozenFen,
    availableFen: d.availableFen,
    withdrawingFen: d.withdrawingFen,
    withdrawnFen: d.withdrawnFen,
  };
}
