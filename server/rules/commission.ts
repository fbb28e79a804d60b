import type { CommissionOverride, Settings } from '../../typings/api';
import type { CommissionRule, OrderLine } from '../repo/docs';

/**
 * The money rules of a commission, pure. Per unit = floor(unit paid price × rate / 10000), or a
 * fixed fen amount; line = per unit × quantity. Never more than two levels, never more in total
 * than the cap (maxTotalBps of the unit price).
 */

export function perUnitFen(unitFen: number, rule: CommissionRule): number {
  return rule.mode === 'rate' ? Math.floor((unitFen * rule.bps) / 10000) : rule.fen;
}

/** The most both levels together may earn on one unit. */
export function capPerUnitFen(unitFen: number, maxTotalBps: number): number {
  return Math.floor((unitFen * maxTotalBps) / 10000);
}

/**
 * The rules for one product line under the shop's settings: the product's override, or the shop's
 * rates. Whatever the override says, level 2 is cut so both levels fit under the cap.
 */
export function rulesFor(
  unitFen: number,
  override: CommissionOverride,
  settings: Pick<Settings, 'rates' | 'maxTotalBps'>,
): OrderLine['rules'] {
  let level1: CommissionRule;
  let level2: CommissionRule;
  if (override.mode === 'fixed') {
    level1 = { mode: 'fixed', fen: override.level1Fen };
    level2 = { mode: 'fixed', fen: override.level2Fen };
  } else {
    const r = override.mode === 'rate' ? override : settings.rates;
    level1 = { mode: 'rate', bps: r.level1Bps };
    level2 = { mode: 'rate', bps: r.level2Bps };
  }
  const cap = capPerUnitFen(unitFen, settings.maxTotalBps);
  const l1 = Math.min(perUnitFen(unitFen, level1), cap);
  if (perUnitFen(unitFen, level1) > cap) level1 = { mode: 'fixed', fen: l1 };
  if (l1 + perUnitFen(unitFen, level2) > cap) level2 = { mode: 'fixed', fen: cap - l1 };
  return {
    level1: perUnitFen(unitFen, level1) > 0 ? level1 : null,
    level2: perUnitFen(unitFen, level2) > 0 ? level2 : null,
  };
}

export interface PlannedCommission {
  lineIndex: number;
  level: 1 | 2;
  beneficiaryOpenid: string;
  rule: CommissionRule;
  perUnitFen: number;
  quantity: number;
  amountFen: number;
}

/**
 * Who earns what on a paid order: one entry per beneficiary per line. A beneficiary not active at
 * payment time earns nothing, and their share is not passed up (`active` says who is).
 */
export function planCommissions(
  lines: OrderLine[],
  chain: { level1: string | null; level2: string | null },
  active: (openid: string) => boolean,
): PlannedCommission[] {
  const out: PlannedCommission[] = [];
  const levels: Array<[1 | 2, string | null]> = [
    [1, chain.level1],
    [2, chain.level2],
  ];
  lines.forEach((line, lineIndex) => {
    for (const [level, openid] of levels) {
      const rule = level === 1 ? line.rules.level1 : line.rules.level2;
      if (!openid || !rule || !active(openid)) continue;
      const unit = perUnitFen(line.unitFen, rule);
      const quantity = line.quantity - line.refundedQuantity;
      if (unit <= 0 || quantity <= 0) continue;
      out.push({ lineIndex, level, beneficiaryOpenid: openid, rule, perUnitFen: unit, quantity, amountFen: unit * quantity });
    }
  });
  return out;
}

export function commissionId(orderId: string, lineIndex: number, level: 1 | 2): string {
  return `${orderId}-${lineIndex}-L${level}`;
}
