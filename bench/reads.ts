import { LocalCloud } from '../local/runtime';
import { seedShop } from './seed';

export interface ReadFigures {
  /** What the shop held when measured (counted in the database, not assumed). */
  users: number;
  commissions: number;
  summaryP50Ms: number;
  teamP50Ms: number;
  rankingP50Ms: number;
}

const WARMUP = 100;
const CALLS = 1000;

/** p50 latency of the distributor's read paths, through the real `api` entry, on a seeded shop. */
export async function benchReads(users: number, commissions: number, label: string): Promise<ReadFigures> {
  const local = new LocalCloud();
  try {
    const distributors = seedShop(local, users, commissions, label);
    const pick = (i: number) => distributors[(i * 7919) % distributors.length];
    const p50 = async (action: string, params: object) => {
      const times: number[] = [];
      for (let i = 0; i < WARMUP; i++) await local.call(pick(i), 'api', { action, ...params });
      for (let i = 0; i < CALLS; i++) {
        const t0 = process.hrtime.bigint();
        const res = (await local.call(pick(i), 'api', { action, ...params })) as { ok: boolean; code?: string };
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (!res.ok) throw new Error(`${action} failed: ${res.code}`);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)];
    };
    return {
      users: (await local.db.collection('users').count()).total,
      commissions: (await local.db.collection('commissions').count()).total,
      summaryP50Ms: await p50('distributor.summary', {}),
      teamP50Ms: await p50('distributor.team', { level: 1 }),
      rankingP50Ms: await p50('ranking.list', { by: 'commission', period: 'all' }),
    };
  } finally {
    local.close();
  }
}
