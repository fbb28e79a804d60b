import type { AdminData } from '../../../typings/admin';
import { z } from 'zod';
import { defineAction } from '../action';
import { DAY_MS, chinaDay, startOfChinaDay } from '../../core/time';
import type { Db } from '../../db/types';
import { C, type CommissionDoc, type DailyStatsDoc, type DistributorDoc, type OrderDoc, type RefundDoc, type ScanDoc } from '../../repo/docs';
import { walkByTime } from '../../repo/walk';
import { lastDays, zeroCounters, type DayCounters } from '../../rules/dashboard';
import { foldPendingStats } from '../../repo/stats-fold';

/**
 * 重算看板: recomputes the day counters of the last `days` days from the records — the backfill for
 * days before the counters existed, and the repair when a counter drifted. Each collection is read
 * by time in indexed pages of 1000. Counts the same events the money path counts, on the same day:
 * a payment (orders.paidAt; its commissions carry the same instant), a successful refund
 * (refunds.doneAt), an activation (distributors.activatedAt), a scan and a bind (scans.at).
 * Pending counters are folded first; a payment or refund whose counters are still pending on its
 * record (it landed during the rebuild) is left to its fold, so it is never counted twice. Today's
 * document is replaced too: such a record folded between the recount and the write may be missed
 * until the next rebuild, so run it for past days when the shop is busy.
 */
export const statsRebuild = defineAction({
  schema: z.strictObject({ days: z.number().int().min(1).max(90) }),
  async run(ctx, p): Promise<AdminData<'stats.rebuild'>> {
    const days = lastDays(ctx.now, p.days);
    const from = startOfChinaDay(ctx.now) - (p.days - 1) * DAY_MS;
    const to = startOfChinaDay(ctx.now) + DAY_MS;
    const counters = new Map<string, DayCounters>(days.map((d) => [d, zeroCounters()]));
    const bump = (at: number, incs: Partial<DayCounters>) => {
      const c = counters.get(chinaDay(at));
      if (!c) return;
      for (const [k, v] of Object.entries(incs) as Array<[keyof DayCounters, number]>) c[k] += v;
    };
    await foldPendingStats(ctx.db);
    const read = await recount(ctx.db, from, to, bump);
    for (const [day, c] of counters) {
      const doc: Omit<DailyStatsDoc, '_id'> = { day, ...c };
      await ctx.db.collection(C.statsDaily).doc(day).set({ data: doc });
    }
    ctx.audit?.change(`stats_daily:${days[0]}..${days[days.length - 1]}`, null, { days: p.days });
    return { from: days[0], to: days[days.length - 1], days: days.length, recordsRead: read };
  },
});

async function recount(db: Db, from: number, to: number, bump: (at: number, incs: Partial<DayCounters>) => void) {
  let read = 0;
  // Commissions first: which orders paid someone (a distribution sale), and what it cost at payment.
  const commissionByOrder = new Map<string, { at: number; fen: number }>();
  for await (const page of walkByTime<CommissionDoc>(db, C.commissions, 'createdAt', from, to)) {
    read += page.length;
    for (const c of page) {
      // The cost as credited at payment (amountFen is net of later refunds; refunds count apart).
      const sum = commissionByOrder.get(c.orderId) ?? { at: c.createdAt, fen: 0 };
      sum.fen += c.perUnitFen * c.quantity;
      commissionByOrder.set(c.orderId, sum);
    }
  }
  // Orders whose counters are still pending on the record: their fold counts them (payment and commission).
  const pending = new Set<string>();
  for await (const page of walkByTime<OrderDoc>(db, C.orders, 'paidAt', from, to)) {
    read += page.length;
    for (const o of page) {
      if (o.statsPending) {
        pending.add(o._id);
        continue;
      }
      const dist = commissionByOrder.has(o._id);
      bump(o.paidAt as number, {
        salesFen: o.totalFen,
        orders: 1,
        distSalesFen: dist ? o.totalFen : 0,
        distOrders: dist ? 1 : 0,
        firstOrders: o.firstOrder && o.chain.level1 ? 1 : 0,
      });
    }
  }
  for (const [orderId, { at, fen }] of commissionByOrder) if (!pending.has(orderId)) bump(at, { commissionFen: fen });
  for await (const page of walkByTime<RefundDoc>(db, C.refunds, 'doneAt', from, to, { status: 'success' })) {
    read += page.length;
    for (const r of page) if (!r.statsPending) bump(r.doneAt as number, { refundFen: r.refundFen });
  }
  for await (const page of walkByTime<DistributorDoc>(db, C.distributors, 'activatedAt', from, to)) {
    read += page.length;
    for (const d of page) bump(d.activatedAt as number, { newDistributors: 1 });
  }
  for await (const page of walkByTime<ScanDoc>(db, C.scans, 'at', from, to)) {
    read += page.length;
    for (const s of page) bump(s.at, { scans: 1, newBindings: s.result === 'bound' ? 1 : 0 });
  }
  return read;
}
