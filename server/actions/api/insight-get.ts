import { z } from 'zod';
import type { InsightView } from '../../../typings/api';
import { defineAction } from '../action';
import { C, type InsightDoc } from '../../repo/docs';
import { getDistributorOrThrow } from '../../repo/distributor-access';
import { computeInsightDoc, loadCatalog, toInsightView } from '../../repo/insights';

/**
 * 推广建议: the caller's insights document, as the settle run last computed it — two reads (the
 * distributor record and that document), whatever the size of the shop. A distributor the settle
 * run has not reached yet gets theirs computed now from the same bounded reads (not stored: the
 * settle run stores it).
 */
export const insightGet = defineAction({
  schema: z.strictObject({}),
  async run(ctx): Promise<InsightView> {
    const me = ctx.user.openid;
    await getDistributorOrThrow(ctx.db, me);
    const { data } = await ctx.db.collection<InsightDoc>(C.insights).where({ _id: me }).limit(1).get();
    const doc = data[0] ?? (await computeInsightDoc(ctx.db, me, ctx.now, await loadCatalog(ctx.db)));
    return toInsightView(doc);
  },
});
