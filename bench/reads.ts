import { LocalCloud } from '../local/runtime';
import { seedShop } from './seed';

export interface ShopSize {
  users: number;
  commissions: number;
}

export interface ReadFigures {
  /** What each shop held when measured (counted in the database, not assumed). */
  small: ShopSize;
  large: ShopSize;
  summary: [number, number];
  team: [number, number];
  ranking: [number, number];
}

const WARMUP = 100;
const CALLS = 1000;

/**
 * p50 latency of the distributor's read paths through the real `api` entry, on a small and a large
 * seeded shop held side by side. Calls alternate between the two, so both are measured under the
 * same conditions (heap, JIT, caches): the ratio then says how the path scales, not what else changed.
 */
export async function benchReads(
  small: ShopSize,
  large: ShopSize,
  /** More figures measured on the same two shops before they are closed (bench/insights.ts). */
  more?: (shops: [LocalCloud, LocalCloud], distributors: [string[], string[]]) => Promise<void>,
): Promise<ReadFigures> {
  const shops = [new LocalCloud(), new LocalCloud()];
  try {
    const distributors = [
      seedShop(shops[0], small.users, small.commissions, `${small.commissions} records`),
      seedShop(shops[1], large.users, large.commissions, `${large.commissions} records`),
    ];
    const pick = (s: number, i: number) => distributors[s][(i * 7919) % distributors[s].length];
    const call = async (s: number, i: number, action: string, params: object) => {
      const res = (await shops[s].call(pick(s, i), 'api', { action, ...params })) as { ok: boolean; code?: string };
      if (!res.ok) throw new Error(`${action} failed: ${res.code}`);
    };
    const p50s = async (action: string, params: object): Promise<[number, number]> => {
      const times: number[][] = [[], []];
      for (let i = 0; i < WARMUP; i++) for (const s of [0, 1]) await call(s, i, action, params);
      for (let i = 0; i < CALLS; i++) {
        for (const s of [0, 1]) {
          const t0 = process.hrtime.bigint();
          await call(s, i, action, params);
          times[s].push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      return [median(times[0]), median(times[1])];
    };
    const size = async (local: LocalCloud): Promise<ShopSize> => ({
      users: (await local.db.collection('users').count()).total,
      commissions: (await local.db.collection('commissions').count()).total,
    });
    const figures = {
      small: await size(shops[0]),
      large: await size(shops[1]),
      summary: await p50s('distributor.summary', {}),
      team: await p50s('distributor.team', { level: 1 }),
      ranking: await p50s('ranking.list', { by: 'commission', period: 'all' }),
    };
    await more?.([shops[0], shops[1]], [distributors[0], distributors[1]]);
    return figures;
  } finally {
    for (const s of shops) s.close();
  }
}
