import { DAY_MS } from '../core/time';
import type { Db } from '../db/types';
import type { InsightView } from '../../typings/api';
import { computeInsights, HISTORY_DAYS, INSIGHT_WINDOW_DAYS, type CatalogItem, type InsightOrder } from '../rules/insights';
import { C, type CommissionDoc, type InsightDoc, type OrderDoc, type ProductDoc, type VisitDoc } from './docs';

/**
 * What one distributor's insights read, each a bounded query on an index (so the cost per
 * distributor does not grow with the shop): their newest MAX_VISITS visits of the window plus a
 * count of all of them, their newest MAX_ORDERS promoted orders of HISTORY_DAYS, their newest
 * MAX_COMMISSIONS commissions of the window, and a count of the users who bound to them in it.
 * A distributor beyond a cap is judged on their most recent records.
 */
export const MAX_VISITS = 1000;
export const MAX_ORDERS = 1000;
export const MAX_COMMISSIONS = 1000;
/** Products considered (on sale, best sellers first). */
export const CATALOG_SIZE = 100;

/** The products on sale and in stock, best sellers first: read once per settle run, shared by every distributor. */
export async function loadCatalog(db: Db): Promise<CatalogItem[]> {
  const _ = db.command;
  const { data } = await db
    .collection<ProductDoc>(C.products)
    .where({ status: 'on', stock: _.gt(0) })
    .field({ title: true, sales: true })
    .limit(CATALOG_SIZE)
    .get();
  return data
    .map((p) => ({ productId: p._id, title: p.title, sales: p.sales ?? 0 }))
    .sort((a, b) => b.sales - a.sales || (a.productId < b.productId ? -1 : 1));
}

/** Reads one distributor's records and computes their insights document (not stored). */
export async function computeInsightDoc(db: Db, openid: string, now: number, catalog: CatalogItem[]): Promise<InsightDoc> {
  const _ = db.command;
  const windowStart = now - INSIGHT_WINDOW_DAYS * DAY_MS;
  const historyStart = now - HISTORY_DAYS * DAY_MS;
  const visitsWhere = _.and({ sharer: openid }, { at: _.gte(windowStart) }, { at: _.lte(now) });
  const [visits, visitCount, orders, commissions, binds] = await Promise.all([
    db
      .collection<VisitDoc>(C.visits)
      .where(visitsWhere)
      .orderBy('at', 'desc')
      .field({ visitor: true, productId: true, at: true, newVisitor: true })
      .limit(MAX_VISITS)
      .get(),
    db.collection(C.visits).where(visitsWhere).count(),
    db
      .collection<OrderDoc>(C.orders)
      .where(_.and({ 'chain.level1': openid }, { createdAt: _.gte(historyStart) }, { createdAt: _.lte(now) }))
      .orderBy('createdAt', 'desc')
      .field({ buyerOpenid: true, paidAt: true, totalFen: true, refundedFen: true, lines: true })
      .limit(MAX_ORDERS)
      .get(),
    db
      .collection<CommissionDoc>(C.commissions)
      .where(_.and({ beneficiaryOpenid: openid }, { createdAt: _.gte(windowStart) }, { createdAt: _.lte(now) }))
      .orderBy('createdAt', 'desc')
      .field({ productId: true, amountFen: true })
      .limit(MAX_COMMISSIONS)
      .get(),
    db.collection(C.users).where(_.and({ referrerOpenid: openid }, { boundAt: _.gte(windowStart) }, { boundAt: _.lte(now) })).count(),
  ]);
  const paid: InsightOrder[] = orders.data
    .filter((o) => typeof o.paidAt === 'number')
    .map((o) => ({
      buyer: o.buyerOpenid,
      at: o.paidAt as number,
      totalFen: o.totalFen,
      refundedFen: o.refundedFen ?? 0,
      lines: (o.lines ?? []).map((l) => ({ productId: l.productId, quantity: l.quantity, unitFen: l.unitFen })),
    }));
  const commissionByProduct: Record<string, number> = {};
  for (const c of commissions.data) commissionByProduct[c.productId] = (commissionByProduct[c.productId] ?? 0) + c.amountFen;
  const result = computeInsights({
    now,
    visits: visits.data.map((v) => ({ visitor: v.visitor, productId: v.productId ?? null, at: v.at, newVisitor: !!v.newVisitor })),
    visitCount: visitCount.total,
    orders: paid,
    commissionByProduct,
    binds: binds.total,
    catalog,
  });
  return { _id: openid, openid, ...result, computedAt: now };
}

/** What `insight.get` answers: the document without its per-product and scorecard fields. */
export function toInsightView(doc: InsightDoc): InsightView {
  return { suggestions: doc.suggestions, bestHours: doc.bestHours, funnel: doc.funnel, computedAt: doc.computedAt };
}
