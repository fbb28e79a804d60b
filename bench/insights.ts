import type { LocalCloud } from '../local/runtime';
import { DAY_MS, dayKey } from '../server/core/time';
import { C, type InsightDoc, type VisitDoc } from '../server/repo/docs';
import { Budget } from '../server/settle/budget';
import { updateInsights } from '../server/settle/insights';
import { Progress } from './progress';
import { INVITE_ALPHABET, INVITE_CODE_LENGTH } from '../miniprogram/shared/invite-code';

const PRODUCTS = 20;
const SETTLE_SAMPLE = 200;
const VISIT_CALLS = 1000;
const READ_WARMUP = 100;
const READ_CALLS = 1000;

export interface InsightFigures {
  /** Visits held by each shop (counted in the database). */
  visits: [number, number];
  visitWriteMs: number;
  settleMsPerDistributor: number;
  readP50Ms: [number, number];
}

/**
 * Share visits and insights on the shops benchReads seeded (seedShop: distributors `d<i>`, users
 * `u<i>`): products, invite codes and `visits` visits spread over the last 30 days written straight
 * into SQLite; then the p50 of `share.visit` through the real `api` entry (each call a new visit),
 * the settle job's time per distributor (a run over SETTLE_SAMPLE distributors), and the p50 of
 * `insight.get` at both shops (every distributor's document present, calls alternating).
 */
export async function benchInsights(shops: [LocalCloud, LocalCloud], distributors: [string[], string[]], visits: [number, number]): Promise<InsightFigures> {
  for (const s of [0, 1] as const) seedVisits(shops[s], distributors[s], visits[s]);
  const large = shops[1];
  const counted = [(await shops[0].db.collection(C.visits).count()).total, (await large.db.collection(C.visits).count()).total] as [number, number];

  // share.visit: a known user opening a distributor's card (a new visit each call).
  const users = (await large.db.collection(C.users).count()).total;
  const codes = distributors[1].map((_, i) => inviteCode(i));
  const times: number[] = [];
  for (let i = 0; i < VISIT_CALLS + 100; i++) {
    const visitor = `u${distributors[1].length + ((i * 7919) % (users - distributors[1].length))}`;
    const t0 = process.hrtime.bigint();
    const res = (await large.call(visitor, 'api', { action: 'share.visit', code: codes[(i * 31) % codes.length], productId: `bp${i % PRODUCTS}` })) as { ok: boolean; data?: { recorded: boolean } };
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!res.ok || !res.data?.recorded) throw new Error(`share.visit did not record: ${JSON.stringify(res)}`);
    if (i >= 100) times.push(ms);
  }

  // The settle job over SETTLE_SAMPLE distributors (its place set so the run stops after them).
  const settleMs = await timeSettle(large, distributors[1]);

  // Every distributor's insights document, as the job writes it (the computed one, renamed).
  for (const s of [0, 1] as const) {
    const sample = (await shops[s].db.collection<InsightDoc>(C.insights).limit(1).get()).data[0] ?? (await computeOne(shops[s], distributors[s][0]));
    const docs = distributors[s].map((openid) => ({ ...sample, _id: openid, openid }));
    await shops[s].db.collection(C.insights).where({ computedAt: shops[s].db.command.gte(0) }).remove();
    for (let i = 0; i < docs.length; i += 5000) shops[s].db.bulkInsert(C.insights, docs.slice(i, i + 5000) as unknown as Array<Record<string, unknown>>);
  }
  const read: number[][] = [[], []];
  for (let i = 0; i < READ_WARMUP + READ_CALLS; i++) {
    for (const s of [0, 1] as const) {
      const who = distributors[s][(i * 7919) % distributors[s].length];
      const t0 = process.hrtime.bigint();
      const res = (await shops[s].call(who, 'api', { action: 'insight.get' })) as { ok: boolean };
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (!res.ok) throw new Error(`insight.get failed: ${JSON.stringify(res)}`);
      if (i >= READ_WARMUP) read[s].push(ms);
    }
  }
  return { visits: counted, visitWriteMs: median(times), settleMsPerDistributor: settleMs, readP50Ms: [median(read[0]), median(read[1])] };
}

async function computeOne(local: LocalCloud, openid: string): Promise<InsightDoc> {
  const { computeInsightDoc, loadCatalog } = await import('../server/repo/insights');
  return computeInsightDoc(local.db, openid, local.clock.now(), await loadCatalog(local.db));
}

/** ms per distributor of one insights run stopped after SETTLE_SAMPLE distributors. */
async function timeSettle(local: LocalCloud, distributors: string[]): Promise<number> {
  const sorted = [...distributors].sort();
  // Start the round just before the sample's first distributor; a clock budget ends it after the sample.
  const start = sorted.length - SETTLE_SAMPLE - 1;
  await local.db.collection(C.jobState).doc('insights').set({ data: { feeds: { distributors: { at: 0, id: sorted[start], complete: false } }, updatedAt: 0 } });
  const t0 = process.hrtime.bigint();
  const report = await updateInsights(local.cloud, local.clock.now(), new Budget(() => Date.now(), 10 * 60_000));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (report.done !== SETTLE_SAMPLE) throw new Error(`insights run did ${report.done}, expected ${SETTLE_SAMPLE}`);
  return ms / report.done;
}

/** A distinct valid invite code per distributor (seedShop's own `inviteCode` field repeats some). */
function inviteCode(i: number): string {
  let out = '';
  for (let n = i, k = 0; k < INVITE_CODE_LENGTH; k++, n = Math.floor(n / INVITE_ALPHABET.length)) out = INVITE_ALPHABET[n % INVITE_ALPHABET.length] + out;
  return out;
}

function seedVisits(local: LocalCloud, distributors: string[], visits: number): void {
  const now = local.clock.now();
  const progress = new Progress(`seed ${visits} visits`, visits);
  local.db.bulkInsert(
    C.products,
    Array.from({ length: PRODUCTS }, (_, i) => ({
      _id: `bp${i}`,
      title: `商品${i}`,
      priceFen: 1000 + i * 100,
      stock: 1000,
      status: 'on',
      images: [],
      description: '',
      commission: { mode: 'inherit' },
      sales: 1000 - i * 10,
      createdAt: now,
      updatedAt: now,
    })),
  );
  local.db.bulkInsert(
    C.inviteCodes,
    distributors.map((openid, i) => ({ _id: inviteCode(i), openid, createdAt: now })),
  );
  const users = Math.max(distributors.length * 10, 1000);
  const batch = 5000;
  for (let from = 0; from < visits; from += batch) {
    const docs: VisitDoc[] = [];
    for (let i = from; i < Math.min(visits, from + batch); i++) {
      const sharer = distributors[i % distributors.length];
      const visitor = `u${(i * 7919) % users}`;
      const productId = `bp${(i >> 3) % PRODUCTS}`;
      // Spread over the last 30 days, hour by hour.
      const at = now - 1000 - Math.floor((i / visits) * 30 * DAY_MS);
      const day = dayKey(at);
      docs.push({ _id: `${day}:${sharer}:${visitor}:${productId}:${i}`, day, sharer, visitor, productId, scene: 'card', newVisitor: i % 5 === 0, at });
    }
    local.db.bulkInsert(C.visits, docs as unknown as Array<Record<string, unknown>>);
    progress.add(docs.length);
  }
  progress.done();
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}
