import { benchPayCallback } from './paycallback';
import { benchReads } from './reads';
import { benchBundles } from './bundles';
import { benchInsights, type InsightFigures } from './insights';
import { execFileSync } from 'node:child_process';

/**
 * `npm run bench`: one `name: value` line per figure on stdout (progress on stderr). On this machine:
 * the payment callback through the real wx-server-sdk (over the local wire) and in-process; the
 * read paths in-process through the real function entries.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const out = (name: string, value: number, digits = 2) => console.log(`${name}: ${Number(value.toFixed(digits))}`);

  const pay = await benchPayCallback(Number(process.env.BENCH_ORDERS ?? 2000), Number(process.env.BENCH_WIRE_ORDERS ?? 300));
  out('paycallback.throughput_per_s', pay.throughputPerS, 1);
  out('paycallback.direct_per_s', pay.directPerS, 1);
  out('paycallback.floor_per_s', pay.floorPerS, 1);
  out('paycallback.ratio', pay.throughputPerS / pay.floorPerS, 3);
  out('paycallback.direct_ratio', pay.directPerS / pay.floorPerS, 3);
  out('paycallback.db_ops', pay.dbOps, 0);
  out('paycallback.wire_requests', pay.wireRequests, 0);
  out('paycallback.db_ops_direct', pay.dbOpsDirect, 0);

  let insights: InsightFigures | null = null;
  const reads = await benchReads(
    { users: 1_000, commissions: 10_000 },
    { users: Number(process.env.BENCH_USERS ?? 100_000), commissions: Number(process.env.BENCH_COMMISSIONS ?? 1_000_000) },
    async (shops, distributors) => {
      insights = await benchInsights(shops, distributors, [20_000, Number(process.env.BENCH_VISITS ?? 2_000_000)]);
    },
  );
  out('shop.users', reads.large.users, 0);
  out('shop.commissions', reads.large.commissions, 0);
  out('shop.commissions_small', reads.small.commissions, 0);
  for (const [name, [atSmall, atLarge]] of [
    ['summary', reads.summary],
    ['team', reads.team],
    ['ranking', reads.ranking],
  ] as const) {
    out(`${name}.p50_ms`, atLarge, 3);
    out(`${name}.p50_ms_10k`, atSmall, 3);
    out(`${name}.scaling_ratio`, atLarge / atSmall, 2);
  }

  // Share visits and insights (issue 14) at the large shop; the read at both shops.
  const ins = insights as InsightFigures | null;
  if (ins) {
    out('shop.visits', ins.visits[1], 0);
    out('shop.visits_small', ins.visits[0], 0);
    out('visit.write_ms', ins.visitWriteMs, 3);
    out('insights.settle_ms_per_distributor', ins.settleMsPerDistributor, 3);
    out('insights.read_p50_ms', ins.readP50Ms[1], 3);
    out('insights.read_p50_ms_small', ins.readP50Ms[0], 3);
    out('insights.read_ratio', ins.readP50Ms[1] / ins.readP50Ms[0], 2);
  }

  out('miniprogram.main_package_bytes', mainPackageBytes(), 0);
  for (const [name, value] of benchBundles(process.cwd())) out(name, value, name.endsWith('bytes') ? 0 : 1);
  out('bench.total_s', (Date.now() - started) / 1000, 1);
}

/** The figure `npm run size` prints (WeChat's way of counting the main package). */
function mainPackageBytes(): number {
  const text = execFileSync(process.execPath, ['scripts/size.mjs'], { encoding: 'utf8' });
  const m = /miniprogram\.main_package_bytes:\s*(\d+)/.exec(text);
  if (!m) throw new Error(`npm run size printed no figure:\n${text}`);
  return Number(m[1]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
