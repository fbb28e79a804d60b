import { benchPayCallback } from './paycallback';
import { benchReads } from './reads';
import { execFileSync } from 'node:child_process';

/**
 * `npm run bench`: one `name: value` line per figure on stdout (progress on stderr). In-process, on
 * this machine: the real function entries on the local cloud.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const out = (name: string, value: number, digits = 2) => console.log(`${name}: ${Number(value.toFixed(digits))}`);

  const pay = await benchPayCallback(Number(process.env.BENCH_ORDERS ?? 2000));
  out('paycallback.throughput_per_s', pay.throughputPerS, 1);
  out('paycallback.floor_per_s', pay.floorPerS, 1);
  out('paycallback.ratio', pay.throughputPerS / pay.floorPerS, 3);
  out('paycallback.db_ops', pay.dbOps, 0);

  const small = await benchReads(1_000, 10_000, '10k records');
  const large = await benchReads(
    Number(process.env.BENCH_USERS ?? 100_000),
    Number(process.env.BENCH_COMMISSIONS ?? 1_000_000),
    '1M records',
  );
  out('shop.users', large.users, 0);
  out('shop.commissions', large.commissions, 0);
  out('summary.p50_ms', large.summaryP50Ms, 3);
  out('summary.p50_ms_10k', small.summaryP50Ms, 3);
  out('summary.scaling_ratio', large.summaryP50Ms / small.summaryP50Ms, 2);
  out('team.p50_ms', large.teamP50Ms, 3);
  out('team.p50_ms_10k', small.teamP50Ms, 3);
  out('team.scaling_ratio', large.teamP50Ms / small.teamP50Ms, 2);
  out('ranking.p50_ms', large.rankingP50Ms, 3);
  out('ranking.p50_ms_10k', small.rankingP50Ms, 3);
  out('ranking.scaling_ratio', large.rankingP50Ms / small.rankingP50Ms, 2);

  out('miniprogram.main_package_bytes', mainPackageBytes(), 0);
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
