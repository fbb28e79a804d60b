/**
 * The compliance self-check the settings page shows: which hard rules of PRODUCT.md the current
 * settings keep, and softer warnings. Pure.
 */
import type { Settings } from '../../typings/api';
import type { ComplianceReport } from '../../typings/admin';
import { MAX_TOTAL_BPS_CEILING, REWARD_WORDS } from './settings';
import { gradeProblems } from './grades';

export type { ComplianceReport };
type ComplianceCheck = ComplianceReport['checks'][number];

const pct = (bps: number) => `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}%`;

export function complianceReport(s: Settings): ComplianceReport {
  const sum = s.rates.level1Bps + s.rates.level2Bps;
  const word = REWARD_WORDS.find((w) => s.share.titleTemplate.includes(w));
  const gradeIssues = gradeProblems(s.grades, s.maxTotalBps);
  const checks: ComplianceCheck[] = [
    {
      id: 'levels',
      title: '佣金最多两级',
      ok: true,
      detail: '只有买家的上级（一级）和上级的上级（二级）可获佣金，第三级及以上永不结算',
    },
    {
      id: 'rate_cap',
      title: '佣金比例不超过总上限',
      ok: sum <= s.maxTotalBps,
      detail: `一级 ${pct(s.rates.level1Bps)} + 二级 ${pct(s.rates.level2Bps)} = ${pct(sum)}，上限 ${pct(s.maxTotalBps)}`,
    },
    {
      id: 'cap_ceiling',
      title: '总上限不超过 50%',
      ok: s.maxTotalBps <= MAX_TOTAL_BPS_CEILING,
      detail: `总上限 ${pct(s.maxTotalBps)}，不得超过 ${pct(MAX_TOTAL_BPS_CEILING)}`,
    },
    {
      id: 'paid_sales_only',
      title: '只对真实付款订单计佣',
      ok: true,
      detail: '佣金只来自已付款订单，退款即冲正；邀请他人加入没有任何奖励（无拉人头奖励）',
    },
    {
      id: 'grades',
      title: '分销等级只看销售，不看人数',
      ok: gradeIssues.length === 0,
      detail: gradeIssues.length
        ? gradeIssues.join('；')
        : `${s.grades.length} 个等级，升级只看推广销售额、推广订单数或自购金额，比例都在总上限内`,
    },
    {
      id: 'no_entry_fee',
      title: '成为分销商不收费',
      ok: true,
      detail: '申请成为分销商不收取任何入门费或押金',
    },
    {
      id: 'share_text',
      title: '分享文案不诱导分享',
      ok: word === undefined,
      detail: word ? `分享标题含“${word}”，请只介绍商品` : '分享标题只介绍商品，不承诺分享奖励',
    },
  ];
  const warnings: string[] = [];
  if (s.settlement.freezeDays < 7) {
    warnings.push(`佣金冻结期 ${s.settlement.freezeDays} 天短于 7 天的售后期，退款时可能需要追回已结算佣金`);
  }
  if (s.onboarding.mode === 'threshold' && s.onboarding.thresholdFen === 0) {
    warnings.push('消费门槛为 0，任何用户申请即可成为分销商（与开放模式相同）');
  }
  if (s.binding.mode === 'last_click') {
    warnings.push('最后点击模式下每次扫码都会改绑上级，分销商之间可能互相“抢客”');
  }
  if (s.selfPurchase) {
    warnings.push('已开启自购返佣：分销商自己下单也可获得一级佣金');
  }
  return { ok: checks.every((c) => c.ok), checks, warnings };
}
