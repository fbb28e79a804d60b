import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { getDistributorOrThrow } from '../../repo/distributor-access';
import { C, type CommissionDoc } from '../../repo/docs';
import { pageNewestFirst } from '../../repo/paging';

/** My commission records, newest first, optionally one status (indexes commissions.beneficiary_*). */
export const distributorCommissions = defineAction({
  schema: z.strictObject({ status: z.enum(['frozen', 'available', 'reversed']).optional(), cursor: cursor() }),
  async run(ctx, p) {
    const me = ctx.user.openid;
    await getDistributorOrThrow(ctx.db, me);
    const base = p.status ? { beneficiaryOpenid: me, status: p.status } : { beneficiaryOpenid: me };
    const page = await pageNewestFirst(ctx.db, ctx.db.collection<CommissionDoc>(C.commissions), base, p.cursor);
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
      })),
      nextCursor: page.nextCursor,
    };
  },
});
