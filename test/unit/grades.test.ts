import type { Grade } from '../../typings/api';
import {
  checkGrades,
  gradeIndex,
  gradeRates,
  nextGradeOf,
  pickGrade,
  progressTo,
  qualifies,
  upgradeTarget,
} from '../../server/rules/grades';
import { applySettingsPatch, DEFAULT_SETTINGS, withDefaults } from '../../server/rules/settings';
import { complianceReport } from '../../server/rules/compliance';
import { AppError } from '../../server/core/errors';

const GRADES: Grade[] = [
  { id: 'g1', name: '普通', level1Bps: 1000, level2Bps: 500, upgrade: { match: 'any' } },
  { id: 'g2', name: '银牌', level1Bps: 1200, level2Bps: 600, upgrade: { match: 'any', salesFen: 100_000, orders: 10 } },
  { id: 'g3', name: '金牌', level1Bps: 1500, level2Bps: 800, upgrade: { match: 'all', salesFen: 500_000, orders: 30 } },
];
const f = (salesFen: number, orders: number, spendFen = 0) => ({ salesFen, orders, spendFen });

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('INVALID_ARGUMENT');
    return (e as AppError).message;
  }
  throw new Error('not refused');
};

describe('grade rules', () => {
  test.each([
    ['nothing yet', f(0, 0), 0],
    ['silver by sales alone (any)', f(100_000, 0), 1],
    ['silver by orders alone (any)', f(0, 10), 1],
    ['gold needs both (all): sales only', f(900_000, 12), 1],
    ['gold with both', f(500_000, 30), 2],
    ['own spend is not a condition of these grades', f(0, 0, 9_999_999), 0],
  ])('pickGrade: %s', (_label, figures, expected) => {
    expect(pickGrade(GRADES, figures)).toBe(expected);
  });

  test('never downwards: a gold distributor whose figures only reach silver stays gold', () => {
    expect(upgradeTarget(GRADES, 'g3', f(100_000, 10))).toBeNull();
    expect(upgradeTarget(GRADES, 'g2', f(0, 0))).toBeNull();
    expect(upgradeTarget(GRADES, 'g2', f(500_000, 30))?.id).toBe('g3');
    // A grade set by hand (silver) is kept, and the figures may still lift it to gold.
    expect(upgradeTarget(GRADES, undefined, f(100_000, 0))?.id).toBe('g2');
    // A deleted grade reads as the entry grade.
    expect(gradeIndex(GRADES, 'gone')).toBe(0);
  });

  test('a grade without conditions is reached by hand only', () => {
    expect(qualifies({ match: 'any' }, f(1e9, 1e6, 1e9))).toBe(false);
  });

  test('progress: remaining per condition, ratio by match', () => {
    const p = progressTo(GRADES[2].upgrade, f(375_000, 3));
    expect(p).toEqual({
      ratio: 0.1, // all: the least advanced (3 of 30 orders)
      match: 'all',
      conditions: [
        { metric: 'salesFen', current: 375_000, target: 500_000, remaining: 125_000 },
        { metric: 'orders', current: 3, target: 30, remaining: 27 },
      ],
    });
    expect(progressTo(GRADES[1].upgrade, f(75_000, 2)).ratio).toBe(0.75); // any: the most advanced
    expect(nextGradeOf(GRADES, 'g3', f(0, 0))).toBeNull();
    expect(nextGradeOf(GRADES, undefined, f(0, 0))?.grade.id).toBe('g2');
  });

  test('rates per grade; the entry grade for unknown ids', () => {
    expect(gradeRates(GRADES, 'g3')).toEqual({ level1Bps: 1500, level2Bps: 800 });
    expect(gradeRates(GRADES, null)).toEqual({ level1Bps: 1000, level2Bps: 500 });
  });

  test.each([
    ['more than five', [...GRADES, { ...GRADES[2], id: 'g4', name: '钻石' }, { ...GRADES[2], id: 'g5', name: '皇冠' }, { ...GRADES[2], id: 'g6', name: '王者' }], /1 到 5/],
    ['duplicate id', [GRADES[0], { ...GRADES[1], id: 'g1' }], /编号.*重复/],
    ['duplicate name', [GRADES[0], { ...GRADES[1], name: '普通' }], /重名/],
    ['above the cap', [GRADES[0], { ...GRADES[1], level1Bps: 2500, level2Bps: 600 }], /超过总上限/],
    ['a later grade without a condition', [GRADES[0], { ...GRADES[1], upgrade: { match: 'any' } }], /至少一个升级条件/],
    ['a later grade paying less', [GRADES[0], { ...GRADES[1], level1Bps: 900 }], /不能低于上一等级/],
    ['a higher grade reached sooner', [GRADES[0], GRADES[1], { ...GRADES[2], upgrade: { match: 'all', salesFen: 50_000 } }], /销售额条件不能低于/],
    ['a zero target', [GRADES[0], { ...GRADES[1], upgrade: { match: 'any', orders: 0 } }], /须大于 0/],
    ['a team-size condition (拉人头)', [GRADES[0], { ...GRADES[1], upgrade: { match: 'any', teamSize: 10 } as never }], /拉人头/],
  ])('checkGrades refuses %s', (_label, grades, message) => {
    expect(refusal(() => checkGrades(grades as Grade[], 3000))).toMatch(message);
  });

  test('checkGrades accepts a sensible list', () => {
    expect(() => checkGrades(GRADES, 3000)).not.toThrow();
  });
});

describe('grades in the settings', () => {
  test('default: one entry grade at the shop rates', () => {
    expect(DEFAULT_SETTINGS.grades).toEqual([{ id: 'g1', name: '普通分销商', level1Bps: 1000, level2Bps: 500, upgrade: { match: 'any' } }]);
    const old = withDefaults({ rates: { level1Bps: 1200, level2Bps: 300 } });
    expect(old.grades).toHaveLength(1);
    expect(old.grades[0]).toMatchObject({ level1Bps: 1200, level2Bps: 300 });
  });

  test('the entry grade is the shop rates, both ways', () => {
    const s = applySettingsPatch(DEFAULT_SETTINGS, { grades: GRADES.map((g, i) => (i === 0 ? { ...g, level1Bps: 800, level2Bps: 400 } : g)) });
    expect(s.rates).toEqual({ level1Bps: 800, level2Bps: 400 });
    const t = applySettingsPatch(s, { rates: { level1Bps: 900 } });
    expect(t.grades[0]).toMatchObject({ level1Bps: 900, level2Bps: 400 });
    expect(t.grades.slice(1)).toEqual(GRADES.slice(1));
    expect(refusal(() => applySettingsPatch(s, { rates: { level1Bps: 1000 }, grades: GRADES.map((g, i) => (i === 0 ? { ...g, level1Bps: 700 } : g)) }))).toMatch(/不一致/);
    // Rates that would lift the entry grade above a later one are refused too.
    expect(refusal(() => applySettingsPatch(s, { rates: { level1Bps: 1300 } }))).toMatch(/不能低于上一等级/);
    // Lowering the cap under a grade is refused.
    expect(refusal(() => applySettingsPatch(s, { maxTotalBps: 2000 }))).toMatch(/超过总上限/);
  });

  test.each(['teamSize', 'recruits', 'invites', 'level1', 'members'])('a %s condition is refused with the reason', (key) => {
    const grades = [GRADES[0], { ...GRADES[1], upgrade: { match: 'any', [key]: 5 } }];
    const message = refusal(() => applySettingsPatch(DEFAULT_SETTINGS, { grades }));
    expect(message).toContain('拉人头');
    expect(message).toContain(key);
  });

  test('an unknown condition is refused, naming the three allowed', () => {
    const grades = [GRADES[0], { ...GRADES[1], upgrade: { match: 'any', salesFen: 1, points: 5 } }];
    expect(refusal(() => applySettingsPatch(DEFAULT_SETTINGS, { grades }))).toMatch(/不支持的升级条件：points.*salesFen/);
  });

  test('compliance self-check flags stored recruit conditions and grades above the cap', () => {
    const stored = withDefaults({
      ...DEFAULT_SETTINGS,
      grades: [GRADES[0], { ...GRADES[1], upgrade: { match: 'any', recruits: 20 } as never }, { ...GRADES[2], level1Bps: 2500 }],
    });
    const report = complianceReport(stored);
    const check = report.checks.find((c) => c.id === 'grades')!;
    expect(report.ok).toBe(false);
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('recruits');
    expect(check.detail).toContain('超过总上限');
    expect(complianceReport(applySettingsPatch(DEFAULT_SETTINGS, { grades: GRADES })).checks.find((c) => c.id === 'grades')!.ok).toBe(true);
  });
});
