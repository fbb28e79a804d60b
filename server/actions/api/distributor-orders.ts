import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { getDistributorOrThrow } from '../../repo/distributor-access';
import { C, type CommissionDoc, type OrderDoc } from '../../repo/docs';
import { PAGE_SIZE, afterCursor, decodeCursor, newestFirst, pageOf } from '../../repo/paging';

/**
 * Promoted orders: every order whose snapshotted chain names me (level 1 or 2), newest first, in
 * any status (an unpaid one shows as 待付款 and earns 0 until paid).
 *
 * Why from `orders` and not grouped from my commission records: an order of up to 20 lines has up
 * to 20 records, so a page of records can split an order across pages, and orders not (yet) paid
 * have no records at all. Instead two indexed queries (orders.chain1_created, chain2_created), each
 * bounded to one page + 1 after the same cursor, are merged in (createdAt, _id) order: the merged
 * first page of both is exactly the first page of their union. What I earned on the page's orders
 * is one more bounded query (commissions.beneficiary_order: ≤ 20 orders × 20 lines).
 */
export const distributorOrders = defineAction({
  schema: z.strictObject({ cursor: cursor() }),
  async run(ctx, p) {
    const me = ctx.user.openid;
    await getDistributorOrThrow(ctx.db, me);
    const db = ctx.db;
    const _ = db.command;
    const after = p.cursor ? afterCursor(db, decodeCursor(p.cursor)) : null;
    const levelQuery = (field: 'chain.level1' | 'chain.level2') =>
      db
        .collection<OrderDoc>(C.orders)
        .where(after ? _.and({ [field]: me }, after) : { [field]: me })
        .orderBy('createdAt', 'desc')
        .orderBy('_id', 'desc')
        .limit(PAGE_SIZE + 1)
        .get();
    const [l1, l2] = await Promise.all([levelQuery('chain.level1'), levelQuery('chain.level2')]);
    const byId = new Map<string, OrderDoc>();
    for (const o of [...l1.data, ...l2.data]) byId.set(o._id, o);
    const page = pageOf([...byId.values()].sort(newestFirst), PAGE_SIZE);

    const earned = new Map<string, number>();
    if (page.items.length) {
      const { data } = await db
        .collection<CommissionDoc>(C.commissions)
        .where({ beneficiaryOpenid: me, orderId: _.in(page.items.map((o) => o._id)) })
        .field({ orderId: true, amountFen: true })
        .limit(1000)
        .get();
      for (const c of data) earned.set(c.orderId, (earned.get(c.orderId) ?? 0) + c.amountFen);
    }
    return {
      items: page.items.map((o) => ({
        orderId: o._id,
        level: (o.chain.level1 === me ? 1 : 2) as 1 | 2,
        status: o.status,
        totalFen: o.totalFen,
        commissionFen: earned.get(o._id) ?? 0,
        buyerNickname: o.buyerNickname,
        createdAt: o.createdAt,
        afterSale: o.lines.some((l) => (l.afterSaleQuantity ?? 0) > 0),
      })),
      nextCursor: page.nextCursor,
    };
  },
});
