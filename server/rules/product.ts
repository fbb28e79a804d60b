import type { CommissionOverride } from '../../typings/api';
import { invalid } from '../core/errors';
import { capPerUnitFen } from './commission';

/**
 * A product's commission override must respect the compliance cap on its own, not only after
 * `rulesFor` trims it at order time: an admin should be told, not silently overruled.
 * rate: L1 + L2 ≤ maxTotalBps; fixed: L1 + L2 ≤ floor(price × maxTotalBps / 10000) fen per unit.
 */
export function checkOverride(override: CommissionOverride, priceFen: number, maxTotalBps: number): void {
  if (override.mode === 'rate') {
    const total = override.level1Bps + override.level2Bps;
    if (total > maxTotalBps) {
      throw invalid(`一级与二级佣金比例之和（${total} 基点）不能超过总上限 ${maxTotalBps} 基点`);
    }
  } else if (override.mode === 'fixed') {
    const total = override.level1Fen + override.level2Fen;
    const cap = capPerUnitFen(priceFen, maxTotalBps);
    if (total > cap) {
      throw invalid(`一级与二级固定佣金之和（${total} 分）不能超过售价的 ${maxTotalBps / 100}%（${cap} 分）`);
    }
  }
}
