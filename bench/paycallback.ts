import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEXES } from '../server/db/indexes';
import { openLocalDb } from '../local/db';
import { LocalCloud } from '../local/runtime';
import { C, type OrderDoc } from '../server/repo/docs';
import type { PayNotification } from '../server/platform/cloud';
import { plantDistributor, plantOrder, plantUser } from '../test/support/fixtures';
import { Progress } from './progress';

export interface PayFigures {
  throughputPerS: number;
  floorPerS: number;
  dbOps: number;
}

/**
 * Paid two-level orders through the real `payCallback` entry — WeChat Pay's notification, the
 * queryOrder check, the transaction — against a file database like `npm start`'s. WeChat's side
 * of each payment is done before the clock starts: only our function is timed.
 */
export async function benchPayCallback(orders: number): Promise<PayFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pay-'));
  const local = new LocalCloud({ dataDir: dir });
  try {
    await plantDistributor(local, 'A');
    await plantDistributor(local, 'B', 'A');
    await plantUser(local, 'buyer', 'B');
    const progress = new Progress('paycallback: unpaid orders', orders + 2);
    const planted: OrderDoc[] = [];
    for (let i = 0; i < orders + 2; i++) {
      planted.push(await plantOrder(local, 'buyer', { level1: 'B', level2: 'A' }, [{ unitFen: 9990, quantity: 1 }]));
      progress.add(1);
    }
    progress.done();
    const notify = (event: PayNotification) => local.invoke('payCallback', event, { source: 'wx_paycallback' });
    const events = planted.map((o) => local.pay.markPaid(o.outTradeNo).event);
    // Counted on a later payment than the first (the instance is warm, as in a busy shop).
    await notify(events[0]);
    const { ops } = await local.db.ops.measure(() => notify(events[1]));

    const rest = events.slice(2);
    const t0 = process.hrtime.bigint();
    for (const e of rest) await notify(e);
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const paid = await local.db.collection(C.orders).where({ status: 'paid' }).count();
    if (paid.total !== planted.length) throw new Error(`expected ${planted.length} paid orders, found ${paid.total}`);
    return { throughputPerS: rest.length / secs, floorPerS: floor(orders), dbOps: ops };
  } finally {
    local.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The physical floor of this machine: the same reads and writes a paid two-level order makes
 * (the order with the day's counters on it, both beneficiaries, two commission rows, two balances) on the
 * same tables and indexes, as prepared SQLite statements over JSON documents, one transaction per
 * order — without the database layer, the async boundaries, the checks or WeChat Pay's query.
 */
function floor(orders: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  const ldb = openLocalDb({ file: join(dir, 'floor.db'), indexes: INDEXES });
  try {
    const now = Date.now();
    const order = (i: number) => ({
      outTradeNo: `O${i}`, buyerOpenid: 'buyer', status: 'pending', totalFen: 9990, refundedFen: 0, createdAt: now + i,
      payDeadline: now + 1800_000, chain: { level1: 'B', level2: 'A' }, lines: [{ productId: 'p', unitFen: 9990, quantity: 1, refundedQuantity: 0 }],
    });
    ldb.bulkInsert(C.orders, Array.from({ length: orders }, (_, i) => ({ _id: `O${i}`, ...order(i) })));
    ldb.bulkInsert(C.distributors, ['A', 'B'].map((d) => ({ _id: d, status: 'active', frozenFen: 0, lifetimeFen: 0, earnByDay: {}, promoted: { orders: 0, salesFen: 0 } })));
    ldb.bulkInsert(C.commissions, []); // creates the table and its indexes
    const db = ldb.sqlite;
    const t = (c: string) => `"c_${c}"`;
    const getOrder = db.prepare(`SELECT data, rev FROM ${t(C.orders)} WHERE _id = ?`);
    const getDists = db.prepare(`SELECT _id, data FROM ${t(C.distributors)} WHERE _id IN (?, ?)`);
    const putOrder = db.prepare(`UPDATE ${t(C.orders)} SET data = ?, rev = rev + 1 WHERE _id = ?`);
    const putDist = db.prepare(`UPDATE ${t(C.distributors)} SET data = ?, rev = rev + 1 WHERE _id = ?`);
    const insCommission = db.prepare(`INSERT INTO ${t(C.commissions)} (_id, data, rev) VALUES (?, ?, 1)`);
    const payOne = db.transaction((id: string) => {
      const o = JSON.parse((getOrder.get(id) as { data: string }).data);
      if (o.status !== 'pending') return;
      const dists = new Map((getDists.all('B', 'A') as Array<{ _id: string; data: string }>).map((r) => [r._id, JSON.parse(r.data)]));
      o.status = 'paid';
      o.paidAt = now;
      // The day's counters ride on the order (folded into stats_daily later, outside this path).
      o.statsPending = { day: 'day', incs: { orders: 1, salesFen: o.totalFen, commissionFen: 1498 } };
      putOrder.run(JSON.stringify(o), id);
      ['B', 'A'].forEach((b, i) => {
        const fen = Math.floor((9990 * (i === 0 ? 1000 : 500)) / 10000);
        insCommission.run(`${id}-0-L${i + 1}`, JSON.stringify({
          orderId: id, lineIndex: 0, level: i + 1, beneficiaryOpenid: b, buyerOpenid: 'buyer', perUnitFen: fen, quantity: 1,
          amountFen: fen, status: 'frozen', createdAt: now, availableAt: null, events: [{ type: 'credit', at: now, frozenFen: fen }],
        }));
        const d = dists.get(b);
        d.frozenFen += fen;
        d.lifetimeFen += fen;
        d.promoted.orders += 1;
        putDist.run(JSON.stringify(d), b);
      });
    });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < orders; i++) payOne(`O${i}`);
    return orders / (Number(process.hrtime.bigint() - t0) / 1e9);
  } finally {
    ldb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
