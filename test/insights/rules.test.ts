import { DAY_MS } from '../../server/core/time';
import { chinaHour, computeInsights, repurchaseCycles, type InsightInput, type InsightOrder } from '../../server/rules/insights';

// 2026-11-30 12:00 China time (04:00 UTC).
const NOW = Date.UTC(2026, 10, 30, 4);
const HOUR = 3_600_000;
const catalog = [
  { productId: 'best', title: '坚果礼盒', sales: 500 },
  { productId: 'tea', title: '红糖姜茶', sales: 80 },
  { productId: 'mug', title: '马克杯', sales: 10 },
  { productId: 'new', title: '新品', sales: 0 },
];
const order = (buyer: string, daysAgo: number, productId: string, unitFen = 1000, quantity = 1): InsightOrder => ({
  buyer,
  at: NOW - daysAgo * DAY_MS,
  totalFen: unitFen * quantity,
  refundedFen: 0,
  lines: [{ productId, quantity, unitFen }],
});
const input = (over: Partial<InsightInput>): InsightInput => ({
  now: NOW,
  visits: [],
  visitCount: 0,
  orders: [],
  commissionByProduct: {},
  binds: 0,
  catalog,
  ...over,
});

describe('insights scoring (pure)', () => {
  test('nothing of their own: the shop best sellers, in order, with a reason that names no one', () => {
    const r = computeInsights(input({}));
    expect(r.suggestions.map((s) => s.productId)).toEqual(['best', 'tea', 'mug', 'new']);
    expect(r.suggestions[0].reason).toBe('店里的热销好物，已卖出 500 件');
    expect(r.suggestions[3].reason).toBe('新品上架，分享给好友看看');
    expect(r.bestHours).toEqual([]);
    expect(r.funnel).toEqual({ visits: 0, binds: 0, orders: 0, salesFen: 0 });
  });

  test('a friend who re-buys about every 10 days and is due now puts that product first', () => {
    // f1 bought tea 30, 20 and 10 days ago (every 10 days): due now. f2 bought it once.
    const orders = [order('f1', 30, 'tea'), order('f1', 20, 'tea'), order('f1', 10, 'tea'), order('f2', 3, 'tea')];
    const cyc = repurchaseCycles(orders, NOW).get('tea');
    expect(cyc).toEqual({ customers: 2, due: 1, cycleDays: [10] });
    const r = computeInsights(input({ orders }));
    expect(r.suggestions[0]).toMatchObject({ productId: 'tea', title: '红糖姜茶', reason: '有 1 位好友约每 10 天回购红糖姜茶，现在正该再买' });
    expect(r.suggestions[0].score).toBeGreaterThan(r.suggestions[1].score);
    // Window (30 days): all four orders (the one exactly 30 days ago is just inside).
    expect(r.funnel.orders).toBe(4);
    expect(r.funnel.salesFen).toBe(4000);
  });

  test('not due yet (bought 2 days ago, every 10 days): no repurchase reason; re-buys counted in the window', () => {
    const orders = [order('f1', 22, 'tea'), order('f1', 12, 'tea'), order('f1', 2, 'tea'), order('f2', 15, 'tea'), order('f2', 5, 'tea'), order('f3', 4, 'tea')];
    expect(repurchaseCycles(orders, NOW).get('tea')?.due).toBe(0);
    const tea = computeInsights(input({ orders })).suggestions.find((s) => s.productId === 'tea');
    expect(tea?.reason).toBe('你的好友近30天复购红糖姜茶 3 次');
  });

  test('own shares that converted: conversion reason, best hours from the visits that turned into orders', () => {
    // Visits to mug at 21:00 China time (13:00 UTC) that converted 1 hour later; one visit at 09:00 that did not.
    const at21 = Date.UTC(2026, 10, 28, 13);
    const visits = [
      { visitor: 'a', productId: 'mug', at: at21, newVisitor: true },
      { visitor: 'b', productId: 'mug', at: at21 + 60_000, newVisitor: false },
      { visitor: 'c', productId: 'mug', at: Date.UTC(2026, 10, 29, 1), newVisitor: true },
      { visitor: 'd', productId: 'mug', at: Date.UTC(2026, 10, 29, 2), newVisitor: false },
      { visitor: 'e', productId: 'mug', at: Date.UTC(2026, 10, 29, 3), newVisitor: false },
    ];
    const orders = [
      { ...order('a', 0, 'mug'), at: at21 + HOUR },
      { ...order('b', 0, 'mug'), at: at21 + 2 * HOUR },
      // Ordered before visiting: not a conversion.
      { ...order('c', 0, 'mug'), at: Date.UTC(2026, 10, 29, 0) },
    ];
    const r = computeInsights(input({ visits, visitCount: 5, orders, commissionByProduct: { mug: 1000 } }));
    expect(chinaHour(at21)).toBe(21);
    expect(r.bestHours).toEqual([21]);
    const mug = r.suggestions.find((s) => s.productId === 'mug');
    expect(mug?.reason).toBe('你分享的马克杯被打开 5 次，成交 2 单');
    expect(r.suggestions[0].productId).toBe('mug');
    expect(r.funnel).toEqual({ visits: 5, binds: 0, orders: 3, salesFen: 3000 });
    expect(r.products.find((p) => p.productId === 'mug')).toEqual({ productId: 'mug', title: '马克杯', visits: 5, orders: 3, salesFen: 3000 });
    expect(r.newVisitors).toBe(2);
  });

  test('commission per open, when it is the strongest part, is the reason (money formatted)', () => {
    // 2 visits, no conversion, ¥40 commission in the window: ¥20.00 per open.
    const visits = [
      { visitor: 'x', productId: 'new', at: NOW - DAY_MS, newVisitor: false },
      { visitor: 'y', productId: 'new', at: NOW - DAY_MS, newVisitor: false },
    ];
    const r = computeInsights(input({ visits, visitCount: 2, commissionByProduct: { new: 4000 } }));
    expect(r.suggestions.find((s) => s.productId === 'new')?.reason).toBe('每次打开平均带来佣金 ¥20.00');
  });

  test('products off the catalog (off sale) are never suggested; at most 5 suggestions; scores 0–100', () => {
    const big = Array.from({ length: 9 }, (_, i) => ({ productId: `p${i}`, title: `商品${i}`, sales: 100 - i }));
    const orders = Array.from({ length: 40 }, (_, i) => order(`f${i % 4}`, 1 + (i % 25), 'gone'));
    const r = computeInsights(input({ catalog: big, orders }));
    expect(r.suggestions).toHaveLength(5);
    expect(r.suggestions.map((s) => s.productId)).not.toContain('gone');
    for (const s of r.suggestions) expect(s.score).toBeGreaterThanOrEqual(0);
    for (const s of r.suggestions) expect(s.score).toBeLessThanOrEqual(100);
  });
});
