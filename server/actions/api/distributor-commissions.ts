import { z } from 'zod';
import type { Db } from '../../db/types';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { getDistributorOrThrow } from '../../repo/distributor-access';
import { C, type CommissionDoc, type OrderDoc } from '../../repo/docs';
import { lineOnHold } from '../../rules/after-sale';
import { pageNewestFirst } from '../../repo/paging';

/** My commission records, newest first, optionally one status (indexes commissions.beneficiary_*); 售后中 flagged. */
export const distributorCommissions = defineAction({
  schema: z.strictObject({ status: z.enum(['frozen', 'available', 'reversed']).optional(), cursor: cursor() }),
  async run(ctx, p) {
    const me = ctx.user.openid;
    await getDistributorOrThrow(ctx.db, me);
    const base = p.status ? { beneficiaryOpenid: me, status: p.status } : { beneficiaryOpenid: me };
    const page = await pageNewestFirst(ctx.db, ctx.db.collection<CommissionDoc>(C.commissions), base, p.cursor);
    const held = await heldLines(ctx.db, page.items);
    return {
      items: page.items.map((c) => ({
        id: c._id,
        orderId: c.orderId,
        level: c.level,
        amountFen: c.amountFen,
        status: c.status,
        createdAt: c.createdAt,
        availableAt: c.availableAt,
        productTitle: c.productTitle,
        buyerNickname: c.buyerNickname,
        afterSale: c.status === 'frozen' && held.has(`${c.orderId}#${c.lineIndex}`),
      })),
      nextCursor: page.nextCursor,
    };
  },
});

/**
 * Which lines of the page's orders are under an open after-sales request (or a refund on its way):
 * their commission stays frozen, shown as 售后中. One bounded read of the page's orders.
 */
async function heldLines(db: Db, items: CommissionDoc[]): Promise<Set<string>> {
  const ids = [...new Set(items.filter((c) => c.status === 'frozen').map((c) => c.orderId))];
  if (!ids.length) return new Set();
  const { data } = await db
    .collection<OrderDoc>(C.orders)
    .where({ _id: db.command.in(ids) })
    .field({ _id: true, lines: true })
    .limit(ids.length)
    .get();
  const held = new Set<string>();
  for (const o of data) o.lines.forEach((l, i) => lineOnHold(l) && held.add(`${o._id}#${i}`));
  return held;
}
