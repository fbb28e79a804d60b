import type { Condition, Db } from '../db/types';
import { C, type OrderDoc } from './docs';
import { afterCursor } from './paging';

/** Orders whose money the shop has (a later full refund moves them to `refunded`). */
export const PAID_STATUSES = ['paid', 'shipped', 'received'] as const;
const PAGE = 100;
const MAX_PAGES = 50;

/**
 * A buyer's own paid spend (total − refunded over paid/shipped/received orders), read from the
 * orders (index orders.buyer_created). Stops as soon as `enoughFen` is reached, so the usual
 * threshold check reads one page.
 */
export async function paidSpendFen(db: Db, openid: string, enoughFen = Number.MAX_SAFE_INTEGER): Promise<number> {
  const _ = db.command;
  const base = { buyerOpenid: openid, status: _.in([...PAID_STATUSES]) };
  let sum = 0;
  let last: { createdAt: number; id: string } | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const where: Condition = last ? _.and(base, afterCursor(db, last)) : base;
    const { data }: { data: OrderDoc[] } = await db
      .collection<OrderDoc>(C.orders)
      .where(where)
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(PAGE)
      .field({ _id: true, createdAt: true, totalFen: true, refundedFen: true })
      .get();
    for (const o of data) sum += o.totalFen - (o.refundedFen ?? 0);
    if (sum >= enoughFen || data.length < PAGE) break;
    const tail: OrderDoc = data[data.length - 1];
    last = { createdAt: tail.createdAt, id: tail._id };
  }
  return sum;
}

/** Whether the buyer ever paid an order (refunded ones count: they were customers). */
export async function hasPaidOrder(db: Db, openid: string): Promise<boolean> {
  const _ = db.command;
  const { data } = await db
    .collection<OrderDoc>(C.orders)
    .where({ buyerOpenid: openid, status: _.in([...PAID_STATUSES, 'refunded']) })
    .limit(1)
    .field({ _id: true })
    .get();
  return data.length > 0;
}
