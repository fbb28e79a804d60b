/**
 * Promotion insights (推广建议): which products a distributor should share now, and why, from their
 * own records only — no I/O here (the settle job `insights` reads the records and stores the result).
 *
 * A product's score adds up what the distributor's data says about it:
 * - friends due to re-buy: a customer who bought it on ≥ 2 days, about every N days, and whose next
 *   purchase is due now (between 0.8·N and 1.5·N + 3 days after the last one);
 * - re-buys in the window (a customer buying it again);
 * - the conversion of their own shares of it (visitors who ordered it within 7 days of opening);
 * - the commission per share-open (commission earned on it / its visits);
 * - how many of their customers bought it;
 * - the shop's best sellers (the floor, so a new distributor still gets suggestions).
 * The reason shown is the one of the largest part. Reasons name counts and products, never people.
 */
import { DAY_MS } from '../core/time';
import { yuan } from '../../miniprogram/shared/money';
import type { FunnelCounts, InsightDoc } from '../repo/docs';

export const INSIGHT_WINDOW_DAYS = 30;
/** How far back purchases are read for repurchase cycles. */
export const HISTORY_DAYS = 180;
export const MAX_SUGGESTIONS = 5;
export const MAX_BEST_HOURS = 3;
/** A visit counts as converted when its visitor ordered within this long after it. */
export const CONVERT_WITHIN_MS = 7 * DAY_MS;
const CHINA_OFFSET_MS = 8 * 3600_000;

export interface InsightVisit {
  visitor: string;
  productId: string | null;
  at: number;
  newVisitor: boolean;
}
export interface InsightOrder {
  buyer: string;
  /** When it was paid (only paid orders are given). */
  at: number;
  totalFen: number;
  refundedFen: number;
  lines: Array<{ productId: string; quantity: number; unitFen: number }>;
}
export interface CatalogItem {
  productId: string;
  title: string;
  /** Units sold shop-wide (the product's `sales`). */
  sales: number;
}
export interface InsightInput {
  now: number;
  /** Their visits in the window (newest first, possibly capped). */
  visits: InsightVisit[];
  /** All their visits in the window (a count: the read list may be capped). */
  visitCount: number;
  /** Paid orders where they are level 1, over HISTORY_DAYS. */
  orders: InsightOrder[];
  /** Their commission in the window, per product (net fen). */
  commissionByProduct: Record<string, number>;
  /** Users who bound to them in the window. */
  binds: number;
  shares?: number;
  /** Products on sale, best sellers first. */
  catalog: CatalogItem[];
}

export type InsightResult = Omit<InsightDoc, '_id' | 'openid' | 'computedAt'>;

interface Part {
  points: number;
  reason: string;
}

/** Hour of day in China time (0–23). */
export function chinaHour(ms: number): number {
  return new Date(ms + CHINA_OFFSET_MS).getUTCHours();
}

/**
 * Per (customer, product): the mean days between purchase days, and whether the next one is due.
 * Purchases on the same China day count once.
 */
export function repurchaseCycles(orders: InsightOrder[], now: number): Map<string, { customers: number; due: number; cycleDays: number[] }> {
  const days = new Map<string, Set<number>>(); // `${productId}\n${buyer}` → China-day numbers
  for (const o of orders) {
    const day = Math.floor((o.at + CHINA_OFFSET_MS) / DAY_MS);
    for (const l of o.lines) {
      const key = `${l.productId}\n${o.buyer}`;
      let set = days.get(key);
      if (!set) days.set(key, (set = new Set()));
      set.add(day);
    }
  }
  const today = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS);
  const out = new Map<string, { customers: number; due: number; cycleDays: number[] }>();
  for (const [key, set] of days) {
    const productId = key.slice(0, key.indexOf('\n'));
    let entry = out.get(productId);
    if (!entry) out.set(productId, (entry = { customers: 0, due: 0, cycleDays: [] }));
    entry.customers++;
    if (set.size < 2) continue;
    const sorted = [...set].sort((a, b) => a - b);
    const cycle = (sorted[sorted.length - 1] - sorted[0]) / (sorted.length - 1);
    const since = today - sorted[sorted.length - 1];
    entry.cycleDays.push(cycle);
    if (since >= 0.8 * cycle && since <= 1.5 * cycle + 3) entry.due++;
  }
  return out;
}

/** Everything the insights document holds, from one distributor's records. */
export function computeInsights(input: InsightInput): InsightResult {
  const { now } = input;
  const windowStart = now - INSIGHT_WINDOW_DAYS * DAY_MS;
  const inWindow = input.orders.filter((o) => o.at >= windowStart && o.at <= now);

  // Per product in the window: visits, orders, sales, and visitors who went on to order it.
  const perProduct = new Map<string, { visits: number; orders: number; salesFen: number; converted: number }>();
  const stat = (id: string) => {
    let s = perProduct.get(id);
    if (!s) perProduct.set(id, (s = { visits: 0, orders: 0, salesFen: 0, converted: 0 }));
    return s;
  };
  for (const v of input.visits) if (v.productId) stat(v.productId).visits++;
  for (const o of inWindow) {
    for (const id of new Set(o.lines.map((l) => l.productId))) stat(id).orders++;
    for (const l of o.lines) stat(l.productId).salesFen += l.unitFen * l.quantity;
  }
  // A visit converted when the visitor ordered that product (any product, for a shop visit) within 7 days.
  const ordersByBuyer = new Map<string, InsightOrder[]>();
  for (const o of input.orders) {
    const list = ordersByBuyer.get(o.buyer) ?? [];
    list.push(o);
    ordersByBuyer.set(o.buyer, list);
  }
  const hours = new Map<number, number>();
  const convertedOrders = new Set<InsightOrder>();
  // Oldest visit first, so an order is credited to the last visit before it (the later one overwrites).
  const orderVisit = new Map<InsightOrder, InsightVisit>();
  for (const v of [...input.visits].sort((a, b) => a.at - b.at)) {
    for (const o of ordersByBuyer.get(v.visitor) ?? []) {
      if (o.at < v.at || o.at - v.at > CONVERT_WITHIN_MS) continue;
      if (v.productId && !o.lines.some((l) => l.productId === v.productId)) continue;
      orderVisit.set(o, v);
      if (v.productId && !convertedOrders.has(o)) {
        convertedOrders.add(o);
        stat(v.productId).converted++;
      }
    }
  }
  for (const v of orderVisit.values()) {
    const h = chinaHour(v.at);
    hours.set(h, (hours.get(h) ?? 0) + 1);
  }
  const bestHours = [...hours.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, MAX_BEST_HOURS)
    .map(([h]) => h);

  // Re-buys in the window: a purchase of a product the same customer had bought on an earlier day.
  const rebuys = new Map<string, number>();
  const firstDay = new Map<string, number>();
  for (const o of [...input.orders].sort((a, b) => a.at - b.at)) {
    const day = Math.floor((o.at + CHINA_OFFSET_MS) / DAY_MS);
    for (const id of new Set(o.lines.map((l) => l.productId))) {
      const key = `${id}\n${o.buyer}`;
      const first = firstDay.get(key);
      if (first === undefined) firstDay.set(key, day);
      else if (day > first && o.at >= windowStart) rebuys.set(id, (rebuys.get(id) ?? 0) + 1);
    }
  }
  const cycles = repurchaseCycles(input.orders, now);

  const suggestions = input.catalog.map((item, rank) => {
    const { productId, title } = item;
    const parts: Part[] = [];
    const cyc = cycles.get(productId);
    if (cyc && cyc.due > 0) {
      const days = Math.max(1, Math.round(median(cyc.cycleDays)));
      parts.push({ points: 30 * cyc.due, reason: `有 ${cyc.due} 位好友约每 ${days} 天回购${title}，现在正该再买` });
    }
    const rb = rebuys.get(productId) ?? 0;
    if (rb > 0) parts.push({ points: 10 * rb, reason: `你的好友近${INSIGHT_WINDOW_DAYS}天复购${title} ${rb} 次` });
    const s = perProduct.get(productId);
    if (s && s.visits > 0 && s.converted > 0) {
      // Each order its shares brought, plus the conversion (trusted in full from 5 visits on).
      const conv = s.converted / s.visits;
      parts.push({ points: 10 * s.converted + 50 * conv * Math.min(1, s.visits / 5), reason: `你分享的${title}被打开 ${s.visits} 次，成交 ${s.converted} 单` });
    }
    const commission = input.commissionByProduct[productId] ?? 0;
    if (s && s.visits > 0 && commission > 0) {
      const perOpen = Math.floor(commission / s.visits);
      if (perOpen > 0) parts.push({ points: Math.min(15, perOpen / 50), reason: `每次打开平均带来佣金 ${yuan(perOpen)}` });
    }
    if (cyc && cyc.customers > 0) {
      parts.push({ points: 8 * cyc.customers, reason: `你的 ${cyc.customers} 位好友买过${title}` });
    }
    if (item.sales > 0) {
      // The shop's best sellers: a floor below their own data that orders the rest (first 6, fading).
      parts.push({ points: Math.max(0, 6 - rank), reason: `店里的热销好物，已卖出 ${item.sales} 件` });
    }
    const points = parts.reduce((sum, p) => sum + p.points, 0);
    const best = parts.reduce<Part | null>((b, p) => (!b || p.points > b.points ? p : b), null);
    return { productId, title, reason: best?.reason ?? '新品上架，分享给好友看看', score: Math.min(100, Math.round(points)), points, rank };
  });
  suggestions.sort((a, b) => b.points - a.points || a.rank - b.rank);

  const funnel: FunnelCounts = {
    visits: input.visitCount,
    binds: input.binds,
    orders: inWindow.length,
    salesFen: inWindow.reduce((sum, o) => sum + o.totalFen, 0),
  };
  if (input.shares !== undefined) funnel.shares = input.shares;
  const titles = new Map(input.catalog.map((c) => [c.productId, c.title]));
  return {
    suggestions: suggestions.slice(0, MAX_SUGGESTIONS).map(({ productId, title, reason, score }) => ({ productId, title, reason, score })),
    bestHours,
    funnel,
    products: [...perProduct.entries()]
      .filter(([id]) => titles.has(id))
      .map(([productId, s]) => ({ productId, title: titles.get(productId) as string, visits: s.visits, orders: s.orders, salesFen: s.salesFen }))
      .sort((a, b) => b.salesFen - a.salesFen || b.visits - a.visits || (a.productId < b.productId ? -1 : 1))
      .slice(0, 20),
    refundFen: inWindow.reduce((sum, o) => sum + o.refundedFen, 0),
    newVisitors: input.visits.filter((v) => v.newVisitor).length,
  };
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
