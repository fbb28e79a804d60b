import type { AdminCampaign, AdminData } from '../../../typings/admin';
import { defineAction } from '../action';
import { empty } from '../../core/validate';
import { C, type CampaignDoc } from '../../repo/docs';
import { campaignStatus } from '../../rules/campaign';

export const ADMIN_CAMPAIGN_LIMIT = 100;

/** Every campaign (the newest 100 by end), with status, settlement and — once settled — winners and cost. */
export const campaignList = defineAction({
  schema: empty(),
  async run(ctx): Promise<AdminData<'campaign.list'>> {
    const { data } = await ctx.db
      .collection<CampaignDoc>(C.campaigns)
      .orderBy('endAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(ADMIN_CAMPAIGN_LIMIT)
      .get();
    return { items: data.map((c) => adminCampaign(c, ctx.now)) };
  },
});

export function adminCampaign(c: CampaignDoc, now: number): AdminCampaign {
  const status = campaignStatus(c, now);
  return {
    id: c._id,
    title: c.title,
    startAt: c.startAt,
    endAt: c.endAt,
    kind: c.kind,
    metric: c.metric,
    ...(c.kind === 'target' ? { targetFen: c.targetFen ?? 0, rewardFen: c.rewardFen ?? 0 } : { prizes: c.prizes ?? [] }),
    status,
    settleDays: c.settleDays,
    settleAt: c.settleAt,
    settledAt: c.settledAt,
    winners: c.winners,
    costFen: c.costFen,
    editable: status === 'upcoming' ? 'all' : status === 'settled' ? 'none' : 'title',
  };
}
