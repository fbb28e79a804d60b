import type { ApiData, CampaignView } from '../../../typings/api';
import { defineAction } from '../action';
import { DAY_MS } from '../../core/time';
import { empty } from '../../core/validate';
import { campaignValue } from '../../repo/campaign-progress';
import { C, type CampaignDoc, type RewardDoc } from '../../repo/docs';
import { campaignStatus, rewardId, targetReward } from '../../rules/campaign';

/** Settled campaigns stay on the list this long after settlement. */
export const RECENT_MS = 30 * DAY_MS;
const SCAN = 20;

/**
 * 奖励活动 for the caller: upcoming, running, settling and recently settled campaigns (newest end
 * first, at most 20 looked at), each with the caller's own progress — from their own commission
 * records in the window (repo/campaign-progress.ts) — and their reward. A top campaign shows the
 * caller's own rank once the results are taken, never anyone else's name or value.
 */
export const campaignListApi = defineAction({
  schema: empty(),
  async run(ctx): Promise<ApiData<'campaign.list'>> {
    const me = ctx.user.openid;
    const { data } = await ctx.db.collection<CampaignDoc>(C.campaigns).orderBy('endAt', 'desc').orderBy('_id', 'desc').limit(SCAN).get();
    const shown = data.filter((c) => c.settledAt == null || c.settledAt > ctx.now - RECENT_MS);
    if (!shown.length) return { items: [] };
    const ids = shown.map((c) => rewardId(c._id, me));
    const { data: rewards } = await ctx.db
      .collection<RewardDoc>(C.rewards)
      .where({ _id: ctx.db.command.in(ids) })
      .limit(ids.length)
      .get();
    const rewardOf = new Map(rewards.map((r) => [r.campaignId, r]));
    // Each campaign's value is its own walk over the caller's commissions: all at once.
    const items = await Promise.all(shown.map(async (c): Promise<CampaignView> => {
      const status = campaignStatus(c, ctx.now);
      const credited = rewardOf.get(c._id);
      const mine = c.results?.find((w) => w.openid === me);
      // Once settled, the value the results were taken with (a later refund no longer moves it).
      const taken = credited?.valueFen ?? mine?.valueFen;
      const { valueFen, settledFen } =
        status === 'upcoming'
          ? { valueFen: 0, settledFen: 0 }
          : status === 'settled' && taken != null
            ? { valueFen: taken, settledFen: taken }
            : await campaignValue(ctx.db, c, me, false);
      const expected = c.kind === 'target' ? targetReward(c, settledFen) : 0;
      return {
        id: c._id,
        title: c.title,
        kind: c.kind,
        metric: c.metric,
        startAt: c.startAt,
        endAt: c.endAt,
        status,
        settleDays: c.settleDays,
        ...(c.kind === 'target' ? { targetFen: c.targetFen ?? 0, rewardFen: c.rewardFen ?? 0 } : { prizes: c.prizes ?? [] }),
        progress: {
          valueFen,
          settledFen,
          ...(c.kind === 'target' ? { remainingFen: Math.max(0, (c.targetFen ?? 0) - valueFen) } : {}),
          ...(mine ? { rank: mine.rank } : {}),
        },
        reward: credited
          ? { amountFen: credited.amountFen, status: 'credited' }
          : status !== 'settled' && expected > 0
            ? { amountFen: expected, status: 'expected' }
            : mine && status !== 'settled'
              ? { amountFen: mine.amountFen, status: 'expected' }
              : null,
      };
    }));
    return { items };
  },
});
