import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { C, type WithdrawalDoc } from '../../repo/docs';
import { pageNewestFirst } from '../../repo/paging';
import { toWithdrawalView } from '../../repo/withdrawals';

/** The caller's own withdrawals, newest first (index withdrawals.openid_created). */
export const withdrawalList = defineAction({
  schema: z.strictObject({ cursor: cursor() }),
  async run(ctx, p) {
    const coll = ctx.db.collection<WithdrawalDoc>(C.withdrawals);
    const page = await pageNewestFirst(ctx.db, coll, { openid: ctx.user.openid }, p.cursor);
    return { items: page.items.map(toWithdrawalView), nextCursor: page.nextCursor };
  },
});
