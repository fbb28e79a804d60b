import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { C, type WithdrawalDoc } from '../../repo/docs';
import { pageNewestFirst } from '../../repo/paging';
import { toAdminWithdrawalView } from '../../repo/withdrawals';

/** Every withdrawal, or those of one status (the review queue), newest first (withdrawals.status_created / created). */
export const adminWithdrawalList = defineAction({
  schema: z.strictObject({ status: z.enum(['pending', 'approved', 'transferring', 'rejected', 'paid']).optional(), cursor: cursor() }),
  async run(ctx, p) {
    const coll = ctx.db.collection<WithdrawalDoc>(C.withdrawals);
    const page = await pageNewestFirst(ctx.db, coll, p.status ? { status: p.status } : {}, p.cursor);
    return { items: page.items.map(toAdminWithdrawalView), nextCursor: page.nextCursor };
  },
});
