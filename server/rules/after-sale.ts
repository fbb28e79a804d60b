import { DAY_MS } from '../core/time';
import { conflict, invalid } from '../core/errors';
import type { AfterSaleDoc, OrderDoc, OrderLine } from '../repo/docs';

/**
 * The after-sales rules, pure. Every unit of an order line is in exactly one state: free, under an
 * open after-sales request (`afterSaleQuantity`), held or done by a refund (`refundRequestedQuantity`
 * ≥ `refundedQuantity`). A request takes free units only, so two requests — or a request and the
 * admin's own refund — can never cover the same unit.
 */

export const AFTER_SALE_STATUSES = new Set(['paid', 'shipped', 'received']);

/** Units of a line a new request (or the admin's refund) may still take. */
export function freeUnits(l: OrderLine): number {
  return l.quantity - Math.max(l.refundRequestedQuantity ?? 0, l.refundedQuantity) - (l.afterSaleQuantity ?? 0);
}

/**
 * Whether a request is accepted now: while paid or shipped, and after receipt for `afterSalesDays`.
 * `deadline` is when the window closes (null until received).
 */
export function afterSaleWindow(
  order: Pick<OrderDoc, 'status' | 'receivedAt'>,
  afterSalesDays: number,
  now: number,
): { open: boolean; deadline: number | null; reason: string } {
  if (!AFTER_SALE_STATUSES.has(order.status)) {
    return { open: false, deadline: null, reason: '只有已付款、已发货或已收货的订单可以申请售后' };
  }
  if (order.status !== 'received' || order.receivedAt == null) return { open: true, deadline: null, reason: '' };
  const deadline = order.receivedAt + afterSalesDays * DAY_MS;
  return now <= deadline
    ? { open: true, deadline, reason: '' }
    : { open: false, deadline, reason: `已超过售后期限（收货后 ${afterSalesDays} 天内可申请）` };
}

export type AfterSaleLine = AfterSaleDoc['lines'][number];

/**
 * The lines a request covers, at each line's unit price: refund = units × unit price. Asked units
 * of a product spread over its lines in order; more than the free units is refused with how many
 * are left (CONFLICT when other requests or refunds hold the rest, INVALID_ARGUMENT otherwise).
 */
export function planAfterSale(
  lines: OrderLine[],
  asked: Array<{ productId: string; quantity: number }>,
): { lines: AfterSaleLine[]; refundFen: number } {
  const ids = asked.map((a) => a.productId);
  if (new Set(ids).size !== ids.length) throw invalid('同一商品请合并为一项');
  const take = lines.map(() => 0);
  for (const a of asked) {
    const idx = lines.map((l, i) => (l.productId === a.productId ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) throw invalid('订单中没有这件商品');
    let want = a.quantity;
    for (const i of idx) {
      const n = Math.min(want, freeUnits(lines[i]) - take[i]);
      take[i] += n;
      want -= n;
    }
    if (want > 0) {
      const free = a.quantity - want;
      const bought = idx.reduce((s, i) => s + lines[i].quantity, 0);
      const title = lines[idx[0]].title;
      if (a.quantity > bought) throw invalid(`“${title}”只购买了 ${bought} 件`);
      throw conflict(
        free > 0
          ? `“${title}”最多还可申请 ${free} 件（其余已退款或在售后中）`
          : `“${title}”已全部退款或在售后中`,
      );
    }
  }
  const out: AfterSaleLine[] = [];
  take.forEach((quantity, i) => {
    if (quantity > 0) {
      const l = lines[i];
      out.push({ lineIndex: i, productId: l.productId, title: l.title, image: l.image, quantity, unitFen: l.unitFen });
    }
  });
  if (!out.length) throw invalid('请选择要退款的商品');
  return { lines: out, refundFen: out.reduce((s, l) => s + l.unitFen * l.quantity, 0) };
}

/** The order's lines with `delta` units (per line index) added to the open after-sales hold. */
export function withAfterSaleHold(lines: OrderLine[], covered: AfterSaleLine[], sign: 1 | -1): OrderLine[] {
  const by = new Map(covered.map((l) => [l.lineIndex, l.quantity]));
  return lines.map((l, i) => ({ ...l, afterSaleQuantity: Math.max(0, (l.afterSaleQuantity ?? 0) + sign * (by.get(i) ?? 0)) }));
}

/**
 * Whether a line's commission must stay frozen: an open request covers some of its units, or a
 * refund of some of its units is still on its way. The line's commission is one record, so the whole
 * line waits (a partial unfreeze would split one ledger record in two).
 */
export function lineOnHold(l: OrderLine): boolean {
  return (l.afterSaleQuantity ?? 0) > 0 || Math.max(l.refundRequestedQuantity ?? 0, l.refundedQuantity) > l.refundedQuantity;
}
