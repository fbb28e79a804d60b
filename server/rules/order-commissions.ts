import type { OrderDoc } from '../repo/docs';
import { commissionId } from './commission';

export interface CommissionSlot {
  id: string;
  lineIndex: number;
  level: 1 | 2;
  beneficiaryOpenid: string;
}

/**
 * The commission records an order may have: one per line per level whose beneficiary and rule were
 * fixed on the order. Their ids are derived, so settlement and refunds reach them with document
 * operations inside a transaction (no query); a slot whose beneficiary earned nothing simply has no
 * document (a paid order lists the ones written in `commissionIds`). `lineIndexes` narrows to some lines.
 */
export function commissionSlots(
  order: Pick<OrderDoc, '_id' | 'lines' | 'chain' | 'commissionIds'>,
  lineIndexes?: number[],
): CommissionSlot[] {
  // A paid order names the commissions its payment wrote; only those exist.
  const written = order.commissionIds ? new Set(order.commissionIds) : null;
  const slots: CommissionSlot[] = [];
  order.lines.forEach((line, lineIndex) => {
    if (lineIndexes && !lineIndexes.includes(lineIndex)) return;
    for (const level of [1, 2] as const) {
      const beneficiary = level === 1 ? order.chain.level1 : order.chain.level2;
      const rule = level === 1 ? line.rules.level1 : line.rules.level2;
      const id = commissionId(order._id, lineIndex, level);
      if (written && !written.has(id)) continue;
      if (beneficiary && rule) slots.push({ id, lineIndex, level, beneficiaryOpenid: beneficiary });
    }
  });
  return slots;
}
