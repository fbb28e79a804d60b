import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createHost } from '../local/host';
import { FunctionPool } from '../local/pool/pool';
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
  /** Through the real wx-server-sdk: the built payCallback bundle in a function instance, over the wire. */
  throughputPerS: number;
  /** The same notifications through the in-process door (no SDK, no HTTP). */
  directPerS: number;
  floorPerS: number;
  /** Document operations one paid order sends to /tcb/admin (the cloud database's round trips). */
  dbOps: number;
  /** Every request of that notification at the wire (queryOrder, transaction start/commit included). */
  wireRequests: number;
  /** The same order's operations counted at the engine, through the in-process door. */
  dbOpsDirect: number;
}

/**
 * Paid two-level orders through `payCallback` — WeChat Pay's notification, the queryOrder check, the
 * transaction — against a file database like `npm start`'s: through the real wx-server-sdk (the built
 * bundle in a function instance, every call over HTTP to the wire server, as `npm start` runs it) and
 * through the in-process door. WeChat's side of each payment is done before the clock starts.
 */
export async function benchPayCallback(orders: number, wiredOrders: number): Promise<PayFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pay-'));
  const local = new LocalCloud({ dataDir: dir });
  const server = createHost(local);
  const pool = new FunctionPool({ size: 1 });
  try {
    await plantDistributor(local, 'A');
    await plantDistributor(local, 'B', 'A');
    await plantUser(local, 'buyer', 'B');
    const total = orders + 2 + wiredOrders + 2;
    const progress = new Progress('paycallback: unpaid orders', total);
    const planted: OrderDoc[] = [];
    for (let i = 0; i < total; i++) {
      planted.push(await plantOrder(local, 'buyer', { level1: 'B', level2: 'A' }, [{ unitFen: 9990, quantity: 1 }]));
      progress.add(1);
    }
    progress.done();
    const notify = (event: PayNotification) => local.invoke('payCallback', event, { source: 'wx_paycallback' });
    const events = planted.map((o) => local.pay.markPaid(o.outTradeNo).event);
    const direct = events.slice(0, orders + 2);
    const wired = events.slice(orders + 2);

    // In-process. The first payment of the day also creates the day's counter document; count a later one.
    await notify(direct[0]);
    const { ops: dbOpsDirect } = await local.db.ops.measure(() => notify(direct[1]));
    const t0 = process.hrtime.bigint();
    for (const e of direct.slice(2)) await notify(e);
    const directPerS = (direct.length - 2) / (Number(process.hrtime.bigint() - t0) / 1e9);

    // Through the real SDK: the built bundle in a function instance, its calls over HTTP to /tcb/admin.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    local.baseUrl = url;
    local.useWorkers(pool, `${url}/tcb/admin`);
    await notify(wired[0]); // the instance's cold start: loading the SDK and the bundle
    const before = { ...local.wire.totals };
    await notify(wired[1]);
    const dbOps = local.wire.totals.documentOps - before.documentOps;
    const wireRequests = local.wire.totals.requests - before.requests;
    const wiredProgress = new Progress('paycallback: through wx-server-sdk', wired.length - 2);
    const t1 = process.hrtime.bigint();
    for (const e of wired.slice(2)) {
      await notify(e);
      wiredProgress.add(1);
    }
    const throughputPerS = (wired.length - 2) / (Number(process.hrtime.bigint() - t1) / 1e9);
    wiredProgress.done();

    const paid = await local.db.collection(C.orders).where({ status: 'paid' }).count();
    if (paid.total !== planted.length) throw new Error(`expected ${planted.length} paid orders, found ${paid.total}`);
    return { throughputPerS, directPerS, floorPerS: floor(orders), dbOps, wireRequests, dbOpsDirect };
  } finally {
    await pool.close();
    server.close();
    server.closeAllConnections();
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
