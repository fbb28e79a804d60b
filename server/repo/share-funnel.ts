import type { Db } from '../db/types';
import type { AdminData } from '../../typings/admin';
import { shareBps } from '../rules/dashboard';
import { C, type DistributorDoc, type InsightDoc } from './docs';

type Dashboard = AdminData<'dashboard'>;
export const SCORECARD_SIZE = 10;

/**
 * The dashboard's share funnel over its period (from the start of its first China day): visits counted on the `visits`
 * index by time (one count), then bindings, promoted orders and their sales from the day counters
 * the dashboard already summed.
 */
export async function shopShareFunnel(
  db: Db,
  from: number,
  now: number,
  totals: { newBindings: number; distOrders: number; distSalesFen: number },
): Promise<Dashboard['shareFunnel']> {
  const _ = db.command;
  const visits = await db.collection(C.visits).where(_.and({ at: _.gte(from) }, { at: _.lte(now) })).count();
  return { visits: visits.total, binds: totals.newBindings, orders: totals.distOrders, salesFen: totals.distSalesFen };
}

/**
 * The per-distributor scorecard: the top distributors by sales of the last 30 days, from their
 * insights documents (as the settle run last computed them: one indexed query, plus their names).
 */
export async function distributorScorecard(db: Db, size = SCORECARD_SIZE): Promise<Dashboard['scorecard']> {
  const _ = db.command;
  const { data } = await db
    .collection<InsightDoc>(C.insights)
    .where({ 'funnel.salesFen': _.gt(0) })
    .orderBy('funnel.salesFen', 'desc')
    .orderBy('_id', 'asc')
    .field({ funnel: true, refundFen: true })
    .limit(size)
    .get();
  const ids = data.map((d) => d._id);
  const names = ids.length
    ? (await db.collection<DistributorDoc>(C.distributors).where({ _id: _.in(ids) }).field({ nickname: true }).limit(ids.length).get()).data
    : [];
  const nick = new Map(names.map((d) => [d._id, d.nickname]));
  return data.map((d, i) => ({
    rank: i + 1,
    openid: d._id,
    nickname: nick.get(d._id) || '分销员',
    visits: d.funnel.visits,
    orders: d.funnel.orders,
    salesFen: d.funnel.salesFen,
    conversionBps: shareBps(d.funnel.orders, d.funnel.visits),
    refundBps: shareBps(d.refundFen ?? 0, d.funnel.salesFen),
  }));
}
