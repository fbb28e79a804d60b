import { defineAction } from '../action';
import { empty } from '../../core/validate';
import { dayKey, monthKey } from '../../core/time';
import { getDistributorOrThrow } from '../../repo/distributor-access';
import { balanceOf } from '../../repo/distributor-view';
import { nextUnfreeze } from '../../repo/next-unfreeze';
import { loadSettings } from '../../repo/settings';
import { figuresOf } from '../../repo/grade-figures';
import { gradeIndex, nextGradeOf } from '../../rules/grades';

/**
 * The 推广中心 header: every number comes from the distributor record itself (balances, lifetime,
 * day and month counters, team and promoted counters kept on the money path), so this is one
 * document read however many commission records exist — plus, while money is frozen, one bounded
 * indexed query for when the next of it unfreezes.
 */
export const distributorSummary = defineAction({
  schema: empty(),
  async run(ctx) {
    const d = await getDistributorOrThrow(ctx.db, ctx.user.openid);
    const next = d.frozenFen > 0 ? await nextUnfreeze(ctx.db, d.openid) : null;
    // 分销等级: the grade on the record and the progress from its settled figures (plus settings).
    const { grades } = await loadSettings(ctx.db);
    const grade = grades[gradeIndex(grades, d.gradeId)];
    const up = nextGradeOf(grades, d.gradeId, figuresOf(d));
    return {
      status: d.status,
      inviteCode: d.inviteCode,
      balance: balanceOf(d),
      lifetimeFen: d.lifetimeFen,
      todayFen: d.earnByDay?.[dayKey(ctx.now)] ?? 0,
      monthFen: d.earnByMonth?.[monthKey(ctx.now)] ?? 0,
      team: { level1: d.team?.level1 ?? 0, level2: d.team?.level2 ?? 0 },
      promoted: { orders: d.promoted?.orders ?? 0, salesFen: d.promoted?.salesFen ?? 0 },
      nextUnfreeze: next,
      grade: { id: grade.id, name: grade.name, color: grade.color ?? null },
      nextGrade: up ? { id: up.grade.id, name: up.grade.name, color: up.grade.color ?? null, progress: up.progress } : null,
    };
  },
});
