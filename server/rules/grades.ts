/**
 * 分销等级, pure. A shop has 1..5 grades; the first is the entry grade (its rates are the shop's
 * `rates`), each later one raises the rates (within maxTotalBps) and is reached automatically when
 * the distributor's own SETTLED figures meet its upgrade condition — promoted sales, promoted
 * orders, own spend. Never on recruits or team size (拉人头 is illegal), never downwards.
 */
import { z } from 'zod';
import type { Grade, GradeFigures, GradeMetric, GradeProgress, GradeUpgrade, Settings } from '../../typings/api';
import { invalid } from '../core/errors';

export const MAX_GRADES = 5;
export const GRADE_METRICS: readonly GradeMetric[] = ['salesFen', 'orders', 'spendFen'];
export const METRIC_NAMES: Record<GradeMetric, string> = {
  salesFen: '推广销售额',
  orders: '推广订单数',
  spendFen: '自购金额',
};
/** Condition keys that count people, not sales: refused with the reason, wherever they appear. */
const RECRUIT_WORDS = /team|recruit|invit|member|referr|downline|fans|people|person|level[12]|size|user|friend|child/i;
export const ENTRY_GRADE_ID = 'g1';

export const emptyFigures = (): GradeFigures => ({ salesFen: 0, orders: 0, spendFen: 0 });

/** Why an upgrade condition key is not allowed (null: it is one of the three). */
export function conditionKeyProblem(key: string): string | null {
  if (key === 'match' || (GRADE_METRICS as readonly string[]).includes(key)) return null;
  if (RECRUIT_WORDS.test(key)) {
    return `升级条件不能按人数设置（${key}）：按团队人数或邀请人数升级属于拉人头，违法；只能按推广销售额、推广订单数或自购金额`;
  }
  return `不支持的升级条件：${key}（可用：salesFen 推广销售额、orders 推广订单数、spendFen 自购金额）`;
}

const int = (max: number) => z.number().int().min(0).max(max);

const upgradeSchema = z
  .looseObject({
    match: z.enum(['any', 'all']),
    salesFen: int(100_000_000_00).optional(),
    orders: int(1_000_000).optional(),
    spendFen: int(100_000_000_00).optional(),
  })
  .superRefine((u, ctx) => {
    for (const key of Object.keys(u)) {
      const problem = conditionKeyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [key] });
    }
  });

export const gradeSchema = z.strictObject({
  id: z.string().min(1).max(16).regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().trim().min(1).max(8),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  level1Bps: int(5000),
  level2Bps: int(5000),
  upgrade: upgradeSchema,
});

export const gradesSchema = z.array(gradeSchema).min(1).max(MAX_GRADES);

/** The default: one entry grade at the shop's rates. */
export function defaultGrades(rates: Settings['rates']): Grade[] {
  return [{ id: ENTRY_GRADE_ID, name: '普通分销商', level1Bps: rates.level1Bps, level2Bps: rates.level2Bps, upgrade: { match: 'any' } }];
}

/** The conditions a grade sets (metric and target), in a fixed order. */
export function conditionsOf(u: GradeUpgrade): Array<{ metric: GradeMetric; target: number }> {
  return GRADE_METRICS.filter((m) => typeof u[m] === 'number').map((m) => ({ metric: m, target: u[m] as number }));
}

const pct = (bps: number) => `${bps / 100}%`;

/**
 * The cross-field rules of a grade list (throws INVALID_ARGUMENT, nothing saved): 1..5 grades,
 * unique ids and names, each within the cap, later grades with at least one condition, rates and
 * targets that never fall from one grade to the next (a higher grade that pays less, or is reached
 * sooner, makes no sense when grades never go down).
 */
export function checkGrades(grades: Grade[], maxTotalBps: number): void {
  if (grades.length < 1 || grades.length > MAX_GRADES) throw invalid(`分销等级应为 1 到 ${MAX_GRADES} 个`);
  const ids = new Set<string>();
  const names = new Set<string>();
  grades.forEach((g, i) => {
    const label = `第 ${i + 1} 个等级“${g.name}”`;
    if (ids.has(g.id)) throw invalid(`${label}的编号与前面的等级重复`);
    if (names.has(g.name)) throw invalid(`${label}与前面的等级重名`);
    ids.add(g.id);
    names.add(g.name);
    for (const key of Object.keys(g.upgrade)) {
      const problem = conditionKeyProblem(key);
      if (problem) throw invalid(`${label}：${problem}`);
    }
    if (g.level1Bps + g.level2Bps > maxTotalBps) {
      throw invalid(`${label}的一级 ${pct(g.level1Bps)} + 二级 ${pct(g.level2Bps)} 超过总上限 ${pct(maxTotalBps)}`);
    }
    if (i === 0) return;
    const prev = grades[i - 1];
    const conds = conditionsOf(g.upgrade);
    if (!conds.length) throw invalid(`${label}需要至少一个升级条件（推广销售额、推广订单数或自购金额）`);
    if (conds.some((c) => c.target <= 0)) throw invalid(`${label}的升级条件须大于 0`);
    if (g.level1Bps < prev.level1Bps || g.level2Bps < prev.level2Bps) {
      throw invalid(`${label}的佣金比例不能低于上一等级“${prev.name}”`);
    }
    for (const c of conds) {
      const before = prev.upgrade[c.metric];
      if (i > 1 && typeof before === 'number' && c.target < before) {
        throw invalid(`${label}的${METRIC_NAMES[c.metric]}条件不能低于上一等级“${prev.name}”`);
      }
    }
  });
}

/** Whether figures meet a grade's condition (a grade without conditions is reached by hand only). */
export function qualifies(u: GradeUpgrade, f: GradeFigures): boolean {
  const conds = conditionsOf(u);
  if (!conds.length) return false;
  const met = conds.map((c) => f[c.metric] >= c.target);
  return u.match === 'all' ? met.every(Boolean) : met.some(Boolean);
}

/** The grade's place in the list; an unknown or absent id (a deleted grade) is the entry grade. */
export function gradeIndex(grades: Grade[], gradeId: string | null | undefined): number {
  const i = gradeId ? grades.findIndex((g) => g.id === gradeId) : -1;
  return i < 0 ? 0 : i;
}

/** The highest grade the figures reach on their own. */
export function pickGrade(grades: Grade[], f: GradeFigures): number {
  for (let i = grades.length - 1; i >= 1; i--) if (qualifies(grades[i].upgrade, f)) return i;
  return 0;
}

/** The grade to move to from the current one, or null: only ever upwards. */
export function upgradeTarget(grades: Grade[], currentId: string | null | undefined, f: GradeFigures): Grade | null {
  const reached = pickGrade(grades, f);
  return reached > gradeIndex(grades, currentId) ? grades[reached] : null;
}

/** Progress towards a grade's condition. */
export function progressTo(u: GradeUpgrade, f: GradeFigures): GradeProgress {
  const conditions = conditionsOf(u).map((c) => ({
    metric: c.metric,
    current: f[c.metric],
    target: c.target,
    remaining: Math.max(0, c.target - f[c.metric]),
  }));
  const ratios = conditions.map((c) => (c.target > 0 ? Math.min(1, c.current / c.target) : 1));
  const ratio = !ratios.length ? 0 : u.match === 'all' ? Math.min(...ratios) : Math.max(...ratios);
  return { ratio: Math.round(ratio * 1000) / 1000, match: u.match, conditions };
}

/** The grade after the current one and the progress towards it; null at the top. */
export function nextGradeOf(
  grades: Grade[],
  currentId: string | null | undefined,
  f: GradeFigures,
): { grade: Grade; progress: GradeProgress } | null {
  const next = grades[gradeIndex(grades, currentId) + 1];
  return next ? { grade: next, progress: progressTo(next.upgrade, f) } : null;
}

/** The rates of a distributor at a grade (the entry grade when unknown). */
export function gradeRates(grades: Grade[], gradeId: string | null | undefined): { level1Bps: number; level2Bps: number } {
  const g = grades[gradeIndex(grades, gradeId)];
  return { level1Bps: g.level1Bps, level2Bps: g.level2Bps };
}

/** Grade problems in stored data (older settings, a lowered cap) for the compliance self-check. */
export function gradeProblems(grades: Grade[], maxTotalBps: number): string[] {
  const out: string[] = [];
  for (const g of grades) {
    const bad = Object.keys(g.upgrade ?? {}).filter((k) => conditionKeyProblem(k));
    if (bad.length) out.push(`“${g.name}”的升级条件含人数（${bad.join('、')}），属于拉人头`);
    if (g.level1Bps + g.level2Bps > maxTotalBps) {
      out.push(`“${g.name}”的一级 ${pct(g.level1Bps)} + 二级 ${pct(g.level2Bps)} 超过总上限 ${pct(maxTotalBps)}`);
    }
  }
  return out;
}
