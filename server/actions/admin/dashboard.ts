import type { AdminData } from '../../../typings/admin';
import { z } from 'zod';
import { defineAction } from '../action';
import { C, type DailyStatsDoc, type DistributorDoc, type UserDoc } from '../../repo/docs';
import { buildSeries, lastDays, shareBps } from '../../rules/dashboard';
import { countAfterSales } from '../../repo/after-sales';
import { foldPendingStats } from '../../repo/stats-fold';
import { countByGrade } from '../../repo/grade-figures';
import { loadSettings } from '../../repo/settings';
import { campaignDashboard } from '../../repo/campaign-dashboard';
import { DAY_MS, startOfChinaDay } from '../../core/time';
import { distributorScorecard, shopShareFunnel } from '../../repo/share-funnel';

export const TOP_DISTRIBUTORS = 10;

/**
 * 数据看板 over the last `days` China-time days (today included), oldest first, every day present.
 * Reads only pre-aggregated data: the day counters (one query on `stats_daily` by `_id` range, at
 * most 90 documents), the top distributors by the lifetime index, indexed counts of after-sales
 * requests by status and of active distributors per grade, one count of the period's share visits,
 * the insights documents of the top sellers, and the campaigns' fixed results — never the orders
 * themselves. First it folds in the day counters payments and refunds since the last fold left on
 * their records, so the numbers shown are complete (usually nothing: the settle run folds every hour).
 */
export const dashboard = defineAction({
  schema: z.strictObject({ days: z.number().int().min(1).max(90) }),
  async run(ctx, p): Promise<AdminData<'dashboard'>> {
    const _ = ctx.db.command;
    const days = lastDays(ctx.now, p.days);
    const from = days[0];
    const to = days[days.length - 1];
    await foldPendingStats(ctx.db);
    const periodStart = startOfChinaDay(ctx.now) - (p.days - 1) * DAY_MS;
    const [stats, top, afterSales, grades, scorecard] = await Promise.all([
      ctx.db
        .collection<DailyStatsDoc>(C.statsDaily)
        .where(_.and({ _id: _.gte(from) }, { _id: _.lte(to) }))
        .limit(100)
        .get(),
      ctx.db
        .collection<DistributorDoc>(C.distributors)
        .where({ lifetimeFen: _.gt(0) })
        .orderBy('lifetimeFen', 'desc')
        .limit(TOP_DISTRIBUTORS)
        .get(),
      countAfterSales(ctx.db),
      // 分销等级: active distributors per grade (≤ 5 indexed counts).
      loadSettings(ctx.db).then((s) => countByGrade(ctx.db, s.grades)),
      distributorScorecard(ctx.db),
    ]);
    const { series, totals } = buildSeries(days, stats.data);
    const ids = top.data.map((d) => d._id);
    const [users, shareFunnel, campaigns] = await Promise.all([
      ids.length ? ctx.db.collection<UserDoc>(C.users).where({ _id: _.in(ids) }).limit(ids.length).get().then((r) => r.data) : [],
      shopShareFunnel(ctx.db, periodStart, ctx.now, totals),
      campaignDashboard(ctx.db, periodStart, ctx.now, totals.commissionFen),
    ]);
    const byId = new Map(users.map((u) => [u._id, u]));
    return {
      days: p.days,
      from,
      to,
      totals,
      series,
      // 分享打开/扫码 → 绑定 → 首单 (first paid orders of bound users), with step conversions in bps.
      funnel: {
        scans: totals.scans,
        bindings: totals.newBindings,
        firstOrders: totals.firstOrders,
        bindRateBps: shareBps(totals.newBindings, totals.scans),
        orderRateBps: shareBps(totals.firstOrders, totals.newBindings),
      },
      // After-sales requests as they stand now (open ones are the shop's to-do list).
      afterSales,
      grades,
      campaigns,
      topDistributors: top.data.map((d, i) => ({
        rank: i + 1,
        openid: d.openid,
        nickname: byId.get(d._id)?.nickname || d.nickname,
        avatarUrl: byId.get(d._id)?.avatarUrl ?? '',
        status: d.status,
        lifetimeFen: d.lifetimeFen,
        team: d.team,
        promoted: d.promoted,
      })),
      shareFunnel,
      scorecard,
    };
  },
});
