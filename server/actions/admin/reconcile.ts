import { z } from 'zod';
import { defineAction } from '../action';
import { compareWithWeChat } from '../../payments/compare-wechat';
import { compareTransfers } from '../../payouts/compare-transfers';
import type { Condition, Db } from '../../db/types';
import type { Cloud } from '../../platform/cloud';
import { C, type AfterSaleDoc, type CampaignDoc, type RewardDoc, type CommissionDoc, type DistributorDoc, type OrderDoc, type RefundDoc, type WithdrawalDoc } from '../../repo/docs';
import { isAdmin } from '../../repo/admins';
import { checkApprovedRequest, checkOpenHold, checkRefundCause } from '../../rules/after-sale-checks';
import { afterCursor } from '../../repo/paging';
import { loadSettings } from '../../repo/settings';
import { capPerUnitFen } from '../../rules/commission';
import { checkCommission, checkReward, checkWithdrawal, emptyLedger, addEvents, MismatchList } from '../../rules/ledger';

const PAGE = 200;

/**
 * Proves the money adds up, from the records themselves: for every distributor, each balance equals
 * the sum of the ledger events of their commissions, withdrawals and campaign rewards (each reward's
 * amount checked against its campaign's results), and frozen / available +
 * withdrawing + withdrawn agree with the commission records by status; each commission's amount is
 * its per-unit amount × units not refunded and the sum of its events; each withdrawal's events fit
 * its status; no order line's commission exceeds the cap (floor(unit price × maxTotalBps / 10000) per
 * unit, under the cap the order was placed with); every approved after-sales request has its refund,
 * every refund its request or an admin's order.refund, and each order holds exactly the units of its
 * open requests. Walks everything page by page (indexed queries), so memory stays bounded by a page.
 * Then the records against WeChat Pay itself (payments/compare-wechat.ts): every refund of the last
 * `days` days and every pending one against queryRefund, the period's orders against queryOrder,
 * bounded in count and time (`checked.wechat.complete` says whether it got through).
 */
export const reconcile = defineAction({
  schema: z.strictObject({ days: z.number().int().min(1).max(90).optional() }),
  async run(ctx, p) {
    const db = ctx.db;
    const settings = await loadSettings(db);
    const out = new MismatchList();
    const totals = { distributors: 0, commissions: 0, withdrawals: 0, orders: 0, frozenFen: 0, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 };

    const campaigns = new Map<string, CampaignDoc | null>();
    const campaignOf = async (id: string) => {
      if (!campaigns.has(id)) campaigns.set(id, (await db.collection<CampaignDoc>(C.campaigns).where({ _id: id }).limit(1).get()).data[0] ?? null);
      return campaigns.get(id) ?? null;
    };
    for await (const d of walk<DistributorDoc>(db, C.distributors, {}, '_id')) {
      totals.distributors++;
      const ledger = emptyLedger();
      let lifetime = 0;
      let frozenByStatus = 0;
      let availableByStatus = 0;
      for await (const c of walk<CommissionDoc>(db, C.commissions, { beneficiaryOpenid: d._id }, 'createdAt')) {
        totals.commissions++;
        checkCommission(c, out);
        addEvents(ledger, c.events);
        lifetime += c.amountFen;
        if (c.status === 'frozen') frozenByStatus += c.amountFen;
        if (c.status === 'available') availableByStatus += c.amountFen;
      }
      for await (const w of walk<WithdrawalDoc>(db, C.withdrawals, { openid: d._id }, 'createdAt')) {
        totals.withdrawals++;
        checkWithdrawal(w, out);
        addEvents(ledger, w.events);
      }
      // Campaign rewards: straight to available, counted in lifetime (rules/campaign.ts).
      for await (const r of walk<RewardDoc>(db, C.rewards, { openid: d._id }, 'createdAt')) {
        checkReward(r, await campaignOf(r.campaignId), out);
        addEvents(ledger, r.events);
        lifetime += r.amountFen;
        availableByStatus += r.amountFen;
      }
      const who = d._id;
      out.check('balance', who, 'frozenFen = 冻结事件之和', ledger.frozenFen, d.frozenFen);
      out.check('balance', who, 'availableFen = 可提现事件之和', ledger.availableFen, d.availableFen);
      out.check('balance', who, 'withdrawingFen = 提现中事件之和', ledger.withdrawingFen, d.withdrawingFen);
      out.check('balance', who, 'withdrawnFen = 已提现事件之和', ledger.withdrawnFen, d.withdrawnFen);
      out.check('balance', who, 'lifetimeFen = 佣金净额 + 奖励之和', lifetime, d.lifetimeFen);
      out.check('status', who, 'frozenFen = 冻结中佣金之和', frozenByStatus, d.frozenFen);
      out.check('status', who, 'available + withdrawing + withdrawn = 已解冻佣金 + 奖励之和', availableByStatus, d.availableFen + d.withdrawingFen + d.withdrawnFen);
      totals.frozenFen += d.frozenFen;
      totals.availableFen += d.availableFen;
      totals.withdrawingFen += d.withdrawingFen;
      totals.withdrawnFen += d.withdrawnFen;
    }

    // The cap, order by order: commissions come grouped by order (index commissions.order_id).
    let group: CommissionDoc[] = [];
    const checkGroup = async (cs: CommissionDoc[]) => {
      if (!cs.length) return;
      totals.orders++;
      const orderId = cs[0].orderId;
      const { data } = await db.collection<OrderDoc>(C.orders).where({ _id: orderId }).limit(1).field({ lines: true, capBps: true }).get();
      const order = data[0];
      if (!order) return out.add({ kind: 'order', who: orderId, what: '佣金对应的订单不存在', expected: 1, actual: 0 });
      const perLine = new Map<number, number>();
      for (const c of cs) perLine.set(c.lineIndex, (perLine.get(c.lineIndex) ?? 0) + c.perUnitFen);
      for (const [lineIndex, perUnit] of perLine) {
        const line = order.lines[lineIndex];
        if (!line) {
          out.add({ kind: 'order', who: orderId, what: `第 ${lineIndex + 1} 行不存在`, expected: 0, actual: perUnit });
          continue;
        }
        // The cap the order was placed under (older orders: today's setting).
        const capBps = order.capBps ?? settings.maxTotalBps;
        const cap = capPerUnitFen(line.unitFen, capBps);
        if (perUnit > cap) {
          out.add({ kind: 'cap', who: orderId, what: `第 ${lineIndex + 1} 行每件佣金超过上限（${capBps} 基点）`, expected: cap, actual: perUnit });
        }
      }
    };
    for await (const c of walk<CommissionDoc>(db, C.commissions, {}, 'orderId')) {
      if (group.length && group[0].orderId !== c.orderId) {
        await checkGroup(group);
        group = [];
      }
      group.push(c);
    }
    await checkGroup(group);
    await checkAfterSales(ctx.cloud, db, out);

    const wechat = await compareWithWeChat(ctx.cloud, ctx.now, p.days ?? 7, out);
    const transfers = await compareTransfers(ctx.cloud, settings, out);
    return { ok: out.items.length === 0, mismatches: out.items, truncated: out.truncated, checked: { ...totals, wechat, transfers } };
  },
});

/**
 * Every document of `base`, one indexed page at a time: by `_id`, by (orderId, _id) ascending, or by
 * (createdAt, _id) descending (the paged-list order, which the per-owner indexes serve).
 */
async function* walk<T extends { _id: string }>(
  db: Db,
  collection: string,
  base: Record<string, unknown>,
  order: '_id' | 'orderId' | 'createdAt',
): AsyncGenerator<T> {
  const _ = db.command;
  let last: T | null = null;
  for (;;) {
    let where: Condition = base;
    if (last) {
      const l = last as unknown as { _id: string; orderId: string; createdAt: number };
      const after: Condition =
        order === '_id'
          ? { _id: _.gt(l._id) }
          : order === 'orderId'
            ? _.or({ orderId: _.gt(l.orderId) }, { orderId: l.orderId, _id: _.gt(l._id) })
            : afterCursor(db, { createdAt: l.createdAt, id: l._id });
      where = Object.keys(base).length ? _.and(base, after) : after;
    }
    let q = db.collection<T>(collection).where(where);
    q = order === '_id' ? q.orderBy('_id', 'asc') : order === 'orderId' ? q.orderBy('orderId', 'asc').orderBy('_id', 'asc') : q.orderBy('createdAt', 'desc').orderBy('_id', 'desc');
    const { data } = await q.limit(PAGE).get();
    for (const doc of data) yield doc;
    if (data.length < PAGE) return;
    last = data[data.length - 1];
  }
}

/** After-sales against refunds, both ways, and the open requests' units held on their orders. */
async function checkAfterSales(cloud: Cloud, db: Db, out: MismatchList): Promise<void> {
  const add = (m: Parameters<MismatchList['add']>[0]) => out.add(m);
  const one = async <T extends { _id: string }>(collection: string, id: string): Promise<T | null> =>
    (await db.collection<T>(collection).where({ _id: id }).limit(1).get()).data[0] ?? null;
  const openByOrder = new Map<string, AfterSaleDoc[]>();
  for await (const as of walk<AfterSaleDoc>(db, C.afterSales, {}, '_id')) {
    checkApprovedRequest(as, as.refundId ? await one<RefundDoc>(C.refunds, as.refundId) : null, add);
    if (as.status === 'open') openByOrder.set(as.orderId, [...(openByOrder.get(as.orderId) ?? []), as]);
  }
  const admins = new Map<string, boolean>();
  for await (const r of walk<RefundDoc>(db, C.refunds, {}, '_id')) {
    if (!r.afterSaleId && !admins.has(r.requestedBy)) admins.set(r.requestedBy, await isAdmin(cloud, db, r.requestedBy));
    checkRefundCause(r, r.afterSaleId ? await one<AfterSaleDoc>(C.afterSales, r.afterSaleId) : null, admins.get(r.requestedBy) ?? false, add);
  }
  for (const [orderId, open] of openByOrder) {
    const order = await one<OrderDoc>(C.orders, orderId);
    if (!order) add({ kind: 'afterSale', who: orderId, what: '售后申请对应的订单不存在', expected: 1, actual: 0 });
    else checkOpenHold(order, open, add);
  }
}
