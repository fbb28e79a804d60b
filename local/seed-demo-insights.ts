import type { LocalCloud } from './runtime';
import { DAY_MS, dayKey, startOfChinaDay } from '../server/core/time';
import { C, type VisitDoc } from '../server/repo/docs';

const HOUR_MS = 3_600_000;

/**
 * The demo shop's share visits (浏览), so 推广建议 and the dashboard's share funnel show real data on
 * first start: about 240 opens of 小美's cards and 80 of 阿强's over the last 30 days (friends who
 * looked and did not buy, more at lunch and in the evening), written straight into the database as
 * `share.visit` would have written them — plus the opens that turned into the demo's two orders:
 * 老张 opened 小美's tea and ginger-tea cards two evenings ago, 小李 opened 阿强's coffee card
 * yesterday at noon. The settle run at the end of the seed computes everyone's insights.
 */
export async function seedDemoInsights(local: LocalCloud, productIds: string[]): Promise<void> {
  const now = local.clock.now();
  const today = startOfChinaDay(now);
  let seed = 20261202;
  // A small deterministic generator: the same demo every start.
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const hours = [8, 9, 12, 12, 12, 13, 18, 19, 20, 20, 20, 21, 21, 22];
  const onSale = [productIds[0], productIds[1], productIds[2], productIds[2], productIds[4], null];
  const docs = new Map<string, VisitDoc>();
  const visit = (sharer: string, visitor: string, productId: string | null, at: number, newVisitor: boolean, scene = 'card') => {
    const day = dayKey(at);
    const _id = `${day}:${sharer}:${visitor}:${productId ?? 'shop'}`;
    docs.set(_id, { _id, day, sharer, visitor, productId, scene, newVisitor, at });
  };
  for (const [sharer, count, friends] of [
    ['demo-xiaomei', 240, 120],
    ['demo-aqiang', 80, 40],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const daysAgo = 1 + Math.floor(rand() * 29);
      const at = today - daysAgo * DAY_MS + pick(hours) * HOUR_MS + Math.floor(rand() * 59) * 60_000;
      const visitor = `demo-visitor-${sharer.slice(5)}-${Math.floor(rand() * friends)}`;
      visit(sharer, visitor, pick(onSale), at, rand() < 0.4, rand() < 0.3 ? 'poster' : 'card');
    }
  }
  // The opens that the demo's orders followed (before now, within the 7 days a visit counts for).
  const evening = Math.min(now - HOUR_MS, today - 2 * DAY_MS + 20 * HOUR_MS + 15 * 60_000);
  visit('demo-xiaomei', 'demo-laozhang', productIds[1], evening, false);
  visit('demo-xiaomei', 'demo-laozhang', productIds[2], evening + 5 * 60_000, false);
  visit('demo-aqiang', 'demo-xiaoli', productIds[0], Math.min(now - HOUR_MS, today - DAY_MS + 12 * HOUR_MS + 30 * 60_000), false, 'poster');
  local.db.bulkInsert(C.visits, [...docs.values()] as unknown as Array<Record<string, unknown>>);
}
