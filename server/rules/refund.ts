import { invalid } from '../core/errors';
import type { CommissionDoc, LedgerEvent, OrderLine } from '../repo/docs';

export interface RefundLinePlan {
  lineIndex: number;
  productId: string;
  quantity: number;
  unitFen: number;
}

/**
 * What a refund request takes: the asked units per line (all units not yet held by another refund
 * when `asked` is absent), checked against what is left. Pure; throws INVALID_ARGUMENT.
 * `whole` when afterwards no unit is left to refund; the fee of a whole refund is everything not yet
 * held, so the order's total is always refunded exactly (nothing more, nothing less).
 */
export function planRefund(
  lines: OrderLine[],
  totalFen: number,
  requestedFen: number,
  asked: Array<{ productId: string; quantity: number }> | undefined,
): { lines: RefundLinePlan[]; refundFen: number; whole: boolean } {
  // Units under an open after-sales request are that request's to refund (approve or reject it first).
  const left = lines.map((l) => l.quantity - Math.max(l.refundRequestedQuantity ?? 0, l.refundedQuantity) - (l.afterSaleQuantity ?? 0));
  const take = lines.map(() => 0);
  if (!asked) {
    left.forEach((n, i) => (take[i] = n));
  } else {
    for (const a of asked) {
      let want = a.quantity;
      // A product may sit on several lines: take from them in order.
      lines.forEach((l, i) => {
        if (l.productId !== a.productId || want === 0) return;
        const n = Math.min(want, left[i] - take[i]);
        take[i] += n;
        want -= n;
      });
      if (!lines.some((l) => l.productId === a.productId)) throw invalid(`订单中没有商品 ${a.productId}`);
      if (want > 0) throw invalid(`商品 ${a.productId} 可退数量不足（最多还可退 ${a.quantity - want} 件）`);
    }
  }
  const plan: RefundLinePlan[] = [];
  take.forEach((quantity, lineIndex) => {
    if (quantity > 0) plan.push({ lineIndex, productId: lines[lineIndex].productId, quantity, unitFen: lines[lineIndex].unitFen });
  });
  if (!plan.length) throw invalid('没有可退款的商品');
  const whole = take.every((n, i) => n === left[i]) && lines.every((l) => !(l.afterSaleQuantity ?? 0));
  const refundFen = whole ? totalFen - requestedFen : plan.reduce((s, l) => s + l.unitFen * l.quantity, 0);
  if (refundFen <= 0) throw invalid('可退款金额为 0');
  return { lines: plan, refundFen, whole };
}

/**
 * How refunding `units` of a line moves one commission, at its original per-unit amount: frozen →
 * a reversal (frozen −); already available (or withdrawn) → a clawback (available −, which may leave
 * a debt). Null when there is nothing left to take back.
 */
export function reverseCommission(
  c: Pick<CommissionDoc, 'status' | 'perUnitFen' | 'quantity' | 'refundedQuantity'>,
  units: number,
  at: number,
  ref: string,
): { units: number; fen: number; event: LedgerEvent; reversed: boolean } | null {
  const n = Math.min(units, c.quantity - c.refundedQuantity);
  if (n <= 0 || c.status === 'reversed') return null;
  const fen = c.perUnitFen * n;
  const event: LedgerEvent =
    c.status === 'frozen'
      ? { type: 'reversal', at, frozenFen: -fen, ref }
      : { type: 'clawback', at, availableFen: -fen, ref };
  return { units: n, fen, event, reversed: c.refundedQuantity + n === c.quantity };
}
