import { z } from 'zod';
import type { DeepPartial, Settings } from '../../typings/api';
import { invalid } from '../core/errors';
import { parseParams } from '../core/validate';
import { DEFAULT_SHARE_TEMPLATE } from '../../miniprogram/shared/share-title';
import { checkGrades, defaultGrades, gradesSchema } from './grades';

/** PRODUCT.md's defaults. */
export const DEFAULT_SETTINGS: Settings = {
  rates: { level1Bps: 1000, level2Bps: 500 },
  maxTotalBps: 3000,
  selfPurchase: false,
  onboarding: { mode: 'open', thresholdFen: 0 },
  binding: { mode: 'permanent', windowDays: 30, newUsersOnly: false },
  settlement: { freezeDays: 7, autoConfirmDays: 10 },
  withdrawal: { minFen: 100, maxFen: 500000, dailyCount: 3, feeBps: 0 },
  order: { payTimeoutMinutes: 30 },
  share: { titleTemplate: DEFAULT_SHARE_TEMPLATE },
  afterSalesDays: 7,
  payout: { mode: 'manual', mchId: '', appId: '', sceneId: '1005', remark: '推广佣金提现' },
  grades: defaultGrades({ level1Bps: 1000, level2Bps: 500 }),
};

/** The compliance ceiling no setting may pass: L1 + L2 ≤ maxTotalBps ≤ 50%. */
export const MAX_TOTAL_BPS_CEILING = 5000;

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** The binding rules, partial (settings.update's `binding`, and settings.bindingImpact's params). */
export const bindingPatchSchema = z
  .strictObject({
    mode: z.enum(['permanent', 'window', 'last_click']),
    windowDays: int(1, 365),
    newUsersOnly: z.boolean(),
  })
  .partial();

/** A partial update: every field optional, every bound of PRODUCT.md enforced. */
export const settingsPatchSchema = z.strictObject({
  rates: z
    .strictObject({ level1Bps: int(0, MAX_TOTAL_BPS_CEILING), level2Bps: int(0, MAX_TOTAL_BPS_CEILING) })
    .partial()
    .optional(),
  maxTotalBps: int(0, MAX_TOTAL_BPS_CEILING).optional(),
  selfPurchase: z.boolean().optional(),
  onboarding: z
    .strictObject({ mode: z.enum(['open', 'approval', 'threshold']), thresholdFen: int(0, 100_000_000) })
    .partial()
    .optional(),
  binding: bindingPatchSchema.optional(),
  settlement: z
    .strictObject({ freezeDays: int(0, 180), autoConfirmDays: int(1, 60) })
    .partial()
    .optional(),
  withdrawal: z
    .strictObject({
      minFen: int(1, 100_000_000),
      maxFen: int(1, 100_000_000),
      dailyCount: int(1, 100),
      feeBps: int(0, 2000),
    })
    .partial()
    .optional(),
  order: z.strictObject({ payTimeoutMinutes: int(5, 1440) }).partial().optional(),
  share: z.strictObject({ titleTemplate: z.string().min(1).max(60) }).partial().optional(),
  afterSalesDays: int(0, 60).optional(),
  payout: z
    .strictObject({
      mode: z.enum(['manual', 'wechat_transfer']),
      mchId: z.string().regex(/^\d{0,32}$/),
      appId: z.string().regex(/^(wx[0-9a-f]{16})?$/),
      sceneId: z.string().regex(/^\d{0,16}$/),
      remark: z.string().max(32),
    })
    .partial()
    .optional(),
  // The whole list (rules/grades.ts): a grade list is replaced, never merged grade by grade.
  grades: gradesSchema.optional(),
});

export type SettingsPatch = DeepPartial<Settings>;

/** Words a share title must not use: it sells the product, never the sharer's reward (诱导分享). */
export const REWARD_WORDS = ['佣金', '返利', '返现', '提成', '赚钱', '奖励', '红包', '分享得', '躺赚'];

/**
 * Merges a patch into the current settings and checks the cross-field rules.
 * Pure: throws INVALID_ARGUMENT and returns nothing when anything is off, so nothing is saved.
 */
export function applySettingsPatch(current: Settings, patch: unknown): Settings {
  const p = parseParams(settingsPatchSchema, patch);
  const next: Settings = {
    rates: { ...current.rates, ...p.rates },
    maxTotalBps: p.maxTotalBps ?? current.maxTotalBps,
    selfPurchase: p.selfPurchase ?? current.selfPurchase,
    onboarding: { ...current.onboarding, ...p.onboarding },
    binding: { ...current.binding, ...p.binding },
    settlement: { ...current.settlement, ...p.settlement },
    withdrawal: { ...current.withdrawal, ...p.withdrawal },
    order: { ...current.order, ...p.order },
    share: { ...current.share, ...p.share },
    afterSalesDays: p.afterSalesDays ?? current.afterSalesDays,
    payout: { ...current.payout, ...p.payout },
    grades: p.grades ?? current.grades,
  };
  // The entry grade's rates ARE the shop's rates: a new grade list sets `rates`, new rates set the
  // entry grade (both at once must agree).
  if (p.grades) {
    const entry = p.grades[0];
    if (p.rates && (next.rates.level1Bps !== entry.level1Bps || next.rates.level2Bps !== entry.level2Bps)) {
      throw invalid('佣金比例与第一个（入门）等级的比例不一致：入门等级的比例就是店铺的佣金比例');
    }
    next.rates = { level1Bps: entry.level1Bps, level2Bps: entry.level2Bps };
  }
  next.grades = entryAtRates(next.grades, next.rates);
  checkSettings(next);
  return next;
}

export function checkSettings(s: Settings): void {
  if (s.rates.level1Bps + s.rates.level2Bps > s.maxTotalBps) {
    throw invalid(
      `一级与二级佣金比例之和（${s.rates.level1Bps + s.rates.level2Bps} 基点）不能超过总上限 ${s.maxTotalBps} 基点`,
    );
  }
  if (s.withdrawal.minFen > s.withdrawal.maxFen) {
    throw invalid('单笔最低提现金额不能大于最高提现金额');
  }
  const word = REWARD_WORDS.find((w) => s.share.titleTemplate.includes(w));
  if (word) throw invalid(`分享标题不能承诺分享奖励（含“${word}”），请只介绍商品`);
  const pay = s.payout;
  if (pay.mode === 'wechat_transfer' && (!pay.mchId || !pay.appId || !pay.sceneId || !pay.remark.trim())) {
    throw invalid('开启微信零钱自动打款前，请填写商户号、AppID、转账场景ID和转账备注');
  }
  checkGrades(s.grades, s.maxTotalBps);
}

/** The grade list with the entry grade at the shop's rates. */
function entryAtRates(grades: Settings['grades'], rates: Settings['rates']): Settings['grades'] {
  const [entry, ...rest] = grades;
  return [{ ...entry, level1Bps: rates.level1Bps, level2Bps: rates.level2Bps }, ...rest];
}

/** Settings stored before a new field existed still read with every field present. */
export function withDefaults(stored: Partial<Settings> | null): Settings {
  if (!stored) return DEFAULT_SETTINGS;
  const d = DEFAULT_SETTINGS;
  const out: Settings = {
    rates: { ...d.rates, ...stored.rates },
    maxTotalBps: stored.maxTotalBps ?? d.maxTotalBps,
    selfPurchase: stored.selfPurchase ?? d.selfPurchase,
    onboarding: { ...d.onboarding, ...stored.onboarding },
    binding: { ...d.binding, ...stored.binding },
    settlement: { ...d.settlement, ...stored.settlement },
    withdrawal: { ...d.withdrawal, ...stored.withdrawal },
    order: { ...d.order, ...stored.order },
    share: { ...d.share, ...stored.share },
    afterSalesDays: stored.afterSalesDays ?? d.afterSalesDays,
    payout: { ...d.payout, ...stored.payout },
    grades: [],
  };
  // Settings saved before grades existed: one entry grade at the stored rates.
  out.grades = entryAtRates(stored.grades?.length ? stored.grades : defaultGrades(out.rates), out.rates);
  return out;
}
