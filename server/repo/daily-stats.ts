import type { Db } from '../db/types';
import { chinaDay } from '../core/time';
import { C, type DailyStatsDoc } from './docs';

export type DailyCounter = Exclude<keyof DailyStatsDoc, '_id' | 'day'>;
export type DailyIncrements = Partial<Record<DailyCounter, number>>;

/** Days whose counter document this instance already knows exists, per database (saves a write per call). */
const ensuredByDb = new WeakMap<Db, Set<string>>();
function ensuredDays(db: Db): Set<string> {
  let days = ensuredByDb.get(db);
  if (!days) ensuredByDb.set(db, (days = new Set()));
  return days;
}

export function emptyDay(day: string): DailyStatsDoc {
  return {
    _id: day,
    day,
    salesFen: 0,
    orders: 0,
    distSalesFen: 0,
    distOrders: 0,
    commissionFen: 0,
    refundFen: 0,
    newDistributors: 0,
    newBindings: 0,
    scans: 0,
    firstOrders: 0,
  };
}

/**
 * Makes sure today's counter document exists, so that increments can be plain updates (an update
 * of a missing document inside a transaction changes nothing). Once per day per instance.
 */
export async function ensureDailyStats(db: Db, now: number): Promise<string> {
  const day = chinaDay(now);
  const ensured = ensuredDays(db);
  if (ensured.has(day)) return day;
  try {
    await db.collection(C.statsDaily).add({ data: emptyDay(day) });
  } catch (e) {
    // Usually: already there (another call or instance made it), which is all we wanted.
    const { total } = await db.collection(C.statsDaily).where({ _id: day }).count();
    if (total === 0) throw e;
  }
  ensured.add(day);
  return day;
}

export function toUpdate(db: Db, incs: DailyIncrements): Record<string, unknown> {
  const _ = db.command;
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(incs)) if (v) data[k] = _.inc(v);
  return data;
}

/** Increments today's counters outside a transaction. */
export async function bumpDailyStats(db: Db, now: number, incs: DailyIncrements): Promise<void> {
  const data = toUpdate(db, incs);
  if (!Object.keys(data).length) return;
  const day = await ensureDailyStats(db, now);
  const res = await db.collection(C.statsDaily).doc(day).update({ data });
  if (res.stats.updated === 0) {
    ensuredDays(db).delete(day);
    await ensureDailyStats(db, now);
    await db.collection(C.statsDaily).doc(day).update({ data });
  }
}
