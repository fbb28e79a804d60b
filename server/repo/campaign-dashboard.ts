import type { DashboardCampaigns } from '../../typings/admin';
import type { Db } from '../db/types';
import { campaignStatus } from '../rules/campaign';
import { C, type CampaignDoc } from './docs';

const RECENT = 5;

/**
 * The dashboard's campaign block: the rewards paid by campaigns settled in the period (campaign
 * cost: commission spend = commission + this), and the newest campaigns' results (winners, cost).
 * Two small indexed queries; winners and cost are fixed on the campaign when it is settled.
 */
export async function campaignDashboard(db: Db, periodStart: number, now: number, commissionFen: number): Promise<DashboardCampaigns> {
  const _ = db.command;
  const [settled, recent] = await Promise.all([
    db.collection<CampaignDoc>(C.campaigns).where({ settledAt: _.gte(periodStart) }).field({ costFen: true }).limit(1000).get(),
    db.collection<CampaignDoc>(C.campaigns).orderBy('endAt', 'desc').orderBy('_id', 'desc').limit(RECENT).get(),
  ]);
  const costFen = settled.data.reduce((s, c) => s + (c.costFen ?? 0), 0);
  return {
    costFen,
    spendFen: commissionFen + costFen,
    items: recent.data.map((c) => ({ id: c._id, title: c.title, status: campaignStatus(c, now), winners: c.winners, costFen: c.costFen })),
  };
}
