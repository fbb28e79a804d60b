import type { AfterSaleStatus, AfterSaleView } from '../../typings/api';
import type { AdminAfterSaleView, AfterSalesCounts } from '../../typings/admin';
import type { Db } from '../db/types';
import { C, type AfterSaleDoc, type RefundDoc } from './docs';

export const AFTER_SALE_STATUS_LIST: AfterSaleStatus[] = ['open', 'approved', 'rejected', 'cancelled'];

/** The refunds of approved requests on a page, by id (one bounded read). */
export async function refundStatuses(db: Db, docs: AfterSaleDoc[]): Promise<Map<string, RefundDoc['status']>> {
  const ids = docs.map((d) => d.refundId).filter((x): x is string => !!x);
  if (!ids.length) return new Map();
  const { data } = await db
    .collection<RefundDoc>(C.refunds)
    .where({ _id: db.command.in(ids) })
    .field({ _id: true, status: true })
    .limit(ids.length)
    .get();
  return new Map(data.map((r) => [r._id, r.status]));
}

export function toAfterSaleView(a: AfterSaleDoc, refunds: Map<string, RefundDoc['status']>): AfterSaleView {
  return {
    afterSaleId: a._id,
    orderId: a.orderId,
    status: a.status,
    lines: a.lines.map((l) => ({ productId: l.productId, title: l.title, image: l.image, quantity: l.quantity, unitFen: l.unitFen })),
    refundFen: a.refundFen,
    reason: a.reason,
    note: a.note,
    images: a.images,
    createdAt: a.createdAt,
    resolvedAt: a.resolvedAt,
    rejectReason: a.rejectReason,
    refundStatus: a.refundId ? (refunds.get(a.refundId) ?? 'pending') : null,
  };
}

export function toAdminAfterSaleView(
  a: AfterSaleDoc,
  refunds: Map<string, RefundDoc['status']>,
  orderStatus: AdminAfterSaleView['orderStatus'],
): AdminAfterSaleView {
  return {
    ...toAfterSaleView(a, refunds),
    buyerOpenid: a.buyerOpenid,
    buyerNickname: a.buyerNickname,
    orderStatus,
    refundId: a.refundId,
    resolvedBy: a.resolvedBy,
  };
}

/** Requests by status right now: four indexed counts (after_sales.status_created). */
export async function countAfterSales(db: Db): Promise<AfterSalesCounts> {
  const col = db.collection<AfterSaleDoc>(C.afterSales);
  const [open, approved, rejected, cancelled] = await Promise.all(
    AFTER_SALE_STATUS_LIST.map(async (status) => (await col.where({ status }).count()).total),
  );
  return { open, approved, rejected, cancelled, resolved: approved + rejected };
}
