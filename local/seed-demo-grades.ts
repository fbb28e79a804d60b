import type { LocalCloud } from './runtime';
import { C } from '../server/repo/docs';

type Call = (openid: string, fn: 'api' | 'admin', action: string, params?: object) => Promise<any>;

/** 普通 10%/5% (the shop rates), 银牌 12%/6%, 金牌 15%/8% — within the 30% cap, on sales and orders only. */
export const DEMO_GRADES = [
  { id: 'g1', name: '普通分销商', color: '#969799', level1Bps: 1000, level2Bps: 500, upgrade: { match: 'any' } },
  { id: 'g2', name: '银牌分销商', color: '#7d8fa9', level1Bps: 1200, level2Bps: 600, upgrade: { match: 'any', salesFen: 50_000, orders: 5 } },
  { id: 'g3', name: '金牌分销商', color: '#d4a017', level1Bps: 1500, level2Bps: 800, upgrade: { match: 'all', salesFen: 200_000, orders: 20 } },
];

/**
 * The demo shop's grades (分销等级): three grades; 小美 already 银牌 from her sales before the demo
 * (her settled figures are written as that history: ¥1,268 and 9 orders, so the center page shows
 * what is left to 金牌), the shop owner 金牌 by hand (audit-logged), 阿强 at the entry grade.
 * Runs before the demo orders, so 老张's order (小美 level 1) is placed at 银牌's 12%.
 */
export async function seedDemoGrades(local: LocalCloud, call: Call, adminOpenid: string): Promise<void> {
  await call(adminOpenid, 'admin', 'settings.update', { grades: DEMO_GRADES });
  await local.db.collection(C.distributors).doc('demo-xiaomei').update({
    data: { settled: { salesFen: 126_800, orders: 9, spendFen: 0 }, gradeId: 'g2', gradeSource: 'auto', gradeAt: local.clock.now() },
  });
  await call(adminOpenid, 'admin', 'distributor.setGrade', { openid: adminOpenid, gradeId: 'g3' });
}
