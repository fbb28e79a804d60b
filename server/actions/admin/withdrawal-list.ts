import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { C, type WithdrawalDoc } from '../../repo/docs';
import { pageNewestFirst } from '../../repo/paging';
import { toAdminWithdrawalView } from '../../repo/withdrawals';
import { peopleByOpenid, personOf } from '../../repo/people';

/**
 * Every withdrawal, or those of one status (the review queue), newest first (withdrawals.status_created
 * / created), each with who asked (name and avatar, one read by _id for the page).
 */
export const adminWithdrawalList = defineAction({
  schema: z.strictObject({ status: z.enum(['pending', 'approved', 'transferring', 'rejected', 'paid']).optional(), cursor: cursor() }),
  async run(ctx, p) {
    const coll = ctx.db.collection<WithdrawalDoc>(C.withdrawals);
    const page = await pageNewestFirst(ctx.db, coll, p.status ? { status: p.status } : {}, p.cursor);
    const people = await peopleByOpenid(ctx.db, page.items.map((w) => w.openid));
    return { items: page.items.map((w) => toAdminWithdrawalView(w, personOf(people, w.openid))), nextCursor: page.nextCursor };
  },
});
