/** Declared indexes become SQLite expression indexes, and the list/ranking queries use them. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalDb, type LocalDb } from '../../local/db';
import { fieldExpr } from '../../local/db/query-sql';
import { INDEXES, type IndexSpec } from '../../server/db/indexes';
import { memDb } from './helpers';

let db: LocalDb;
afterEach(() => db.close());

function seedCommissions(d: LocalDb): void {
  d.bulkInsert(
    'commissions',
    Array.from({ length: 3000 }, (_, i) => ({
      _id: `c${i}`,
      beneficiaryOpenid: `u${i % 50}`,
      status: ['frozen', 'available', 'reversed'][i % 3],
      createdAt: 1_700_000_000_000 + i * 1000,
      availableAt: 1_700_000_000_000 + i * 500,
      orderId: `o${Math.floor(i / 2)}`,
    })),
  );
  d.sqlite.exec('ANALYZE');
}

describe('query plans', () => {
  beforeEach(() => {
    db = memDb();
    seedCommissions(db);
  });

  test('a distributor’s ledger page: index search, no scan, no sort step', async () => {
    const plan = db.explain('commissions', { beneficiaryOpenid: 'u7' }, [['createdAt', 'desc']], 20);
    expect(plan).toMatch(/SEARCH c_commissions USING INDEX ix_commissions_beneficiary_created/);
    expect(plan).not.toMatch(/SCAN/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    // ...and the query returns what that plan promises.
    const { data } = await db.collection('commissions').where({ beneficiaryOpenid: 'u7' }).orderBy('createdAt', 'desc').limit(20).get();
    expect(data).toHaveLength(20);
    expect(data.every((d) => d.beneficiaryOpenid === 'u7')).toBe(true);
    const times = data.map((d) => d.createdAt as number);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times[0]).toBe(1_700_000_000_000 + 2957 * 1000);
  });

  test('the same query without the index is a full scan with a sort (so the check above means something)', () => {
    const bare = memDb({ indexes: [] });
    seedCommissions(bare);
    const plan = bare.explain('commissions', { beneficiaryOpenid: 'u7' }, [['createdAt', 'desc']], 20);
    bare.close();
    expect(plan).toMatch(/SCAN c_commissions/);
    expect(plan).toMatch(/TEMP B-TREE/);
  });

  test('equality + status + order, and the settlement range query, use their indexes', () => {
    const _ = db.command;
    expect(db.explain('commissions', { beneficiaryOpenid: 'u7', status: 'frozen' }, [['createdAt', 'desc']])).toMatch(
      /USING INDEX ix_commissions_beneficiary_status_created/,
    );
    // The settle sweep: received orders whose commission is due to unfreeze.
    const due = db.explain('orders', { commissionSettled: false, settleAt: _.lte(1_700_000_100_000) }, [['settleAt', 'asc']], 100);
    expect(due).toMatch(/USING INDEX ix_orders_settle_due \(<expr>=\? AND <expr><\?\)/);
    expect(db.explain('commissions', { orderId: _.in(['o1', 'o2']) })).toMatch(/USING INDEX ix_commissions_order_id/);
  });

  test('other collections’ declared list queries use their indexes', () => {
    db.close();
    db = memDb();
    const _ = db.command;
    const cases: Array<[string, Record<string, unknown>, Array<[string, 'asc' | 'desc']>, RegExp]> = [
      ['users', { referrerOpenid: 'u1' }, [['createdAt', 'desc']], /ix_users_referrer_created/],
      ['users', { referrer2Openid: 'u1' }, [['createdAt', 'desc']], /ix_users_referrer2_created/],
      ['distributors', { status: 'pending' }, [['createdAt', 'desc']], /ix_distributors_status_created/],
      ['distributors', { inviteCode: 'ABC123' }, [], /ix_distributors_invite_code/],
      ['distributors', {}, [['lifetimeFen', 'desc']], /ix_distributors_lifetime/],
      ['orders', { buyerOpenid: 'u1' }, [['createdAt', 'desc']], /ix_orders_buyer_created/],
      ['orders', { status: 'pending', payDeadline: _.lt(5) }, [], /ix_orders_status_pay_deadline/],
      ['orders', { status: 'shipped', shippedAt: _.lte(5) }, [], /ix_orders_status_shipped/],
      ['withdrawals', { openid: 'u1' }, [['createdAt', 'desc']], /ix_withdrawals_openid_created/],
      ['withdrawals', { status: 'pending' }, [['createdAt', 'desc']], /ix_withdrawals_status_created/],
    ];
    for (const [c, where, order, index] of cases) {
      const plan = db.explain(c, where, order);
      expect(`${c}: ${plan}`).toMatch(index);
      expect(`${c}: ${plan}`).not.toMatch(/TEMP B-TREE/);
    }
  });
});

describe('index creation', () => {
  test('every declared index exists as an expression index once its collection is used', () => {
    db = memDb();
    for (const c of new Set(INDEXES.map((i) => i.collection))) db.collection(c);
    const rows = db.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).all() as Array<{
      name: string;
      sql: string;
    }>;
    const byName = new Map(rows.map((r) => [r.name, r.sql]));
    for (const spec of INDEXES) {
      const sql = byName.get(`ix_${spec.collection}_${spec.name}`);
      expect(sql).toBeDefined();
      expect(sql).toContain(spec.fields.map(([f, d]) => `${fieldExpr(f)}${d === 'desc' ? ' DESC' : ''}`).join(', '));
      if (spec.unique) expect(byName.get(`ux_${spec.collection}_${spec.name}`)).toMatch(/^CREATE UNIQUE INDEX/);
    }
    expect(byName.get('ix_users_referrer_created')).toContain(`json_extract(data,'$.createdAt') DESC`);
  });

  test('INDEXES is well formed: unique names per collection, valid field paths', () => {
    const seen = new Set<string>();
    for (const spec of INDEXES) {
      const key = `${spec.collection}/${spec.name}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(spec.fields.length).toBeGreaterThan(0);
      for (const [f, d] of spec.fields) {
        expect(f).toMatch(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/);
        expect(['asc', 'desc']).toContain(d);
      }
    }
  });

  test('a unique index refuses a duplicate value as a duplicate-key error, counting missing/null as one value (MongoDB)', async () => {
    db = memDb({ indexes: [{ collection: 'codes', name: 'code', fields: [['code', 'asc']], unique: true }] });
    const d = db.collection('codes');
    await d.add({ data: { _id: 'a', code: 'K1' } });
    await d.add({ data: { _id: 'b', code: null } });
    await expect(d.add({ data: { _id: 'c' } })).rejects.toThrow(/duplicate key/);
    await expect(d.add({ data: { _id: 'f', code: 'K1' } })).rejects.toThrow(/duplicate key.*ux_codes_code/);
    await expect(d.doc('b').update({ data: { code: 'K1' } })).rejects.toThrow(/duplicate key/);
    await d.add({ data: { _id: 'e', code: 'K3' } });
    await expect(
      db.runTransaction(async (tx) => {
        await tx.collection('codes').doc('b').update({ data: { code: 'K2' } });
        await tx.collection('codes').doc('e').update({ data: { code: 'K2' } });
      }),
    ).rejects.toThrow(/duplicate key/);
    expect((await d.where({ code: 'K2' }).count()).total).toBe(0);
    expect((await d.count()).total).toBe(3);
    // Queries still use the plain expression index.
    expect(db.explain('codes', { code: 'K1' })).toMatch(/USING INDEX ix_codes_code/);
  });

  test('a large bulkInsert (indexes rebuilt after) keeps every index, and a duplicate in it inserts nothing', async () => {
    const spec: IndexSpec[] = [
      { collection: 'codes', name: 'code', fields: [['code', 'asc']], unique: true },
      { collection: 'codes', name: 'group_created', fields: [['group', 'asc'], ['createdAt', 'desc']] },
    ];
    db = memDb({ indexes: spec });
    const docs = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ code: `k${from + i}`, group: (from + i) % 7, createdAt: from + i }));
    expect(db.bulkInsert('codes', docs(0, 6000))).toBe(6000);
    const names = () => (db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    expect(names()).toEqual(['ix_codes_code', 'ix_codes_group_created', 'ux_codes_code']);
    expect(() => db.bulkInsert('codes', docs(5999, 7000))).toThrow(/duplicate key/);
    expect((await db.collection('codes').count()).total).toBe(6000);
    expect(names()).toEqual(['ix_codes_code', 'ix_codes_group_created', 'ux_codes_code']);
    const { data } = await db.collection('codes').where({ group: 3 }).orderBy('createdAt', 'desc').limit(2).get();
    expect(data.map((d) => d.createdAt)).toEqual([5995, 5988]);
    expect(db.explain('codes', { group: 3 }, [['createdAt', 'desc']])).toMatch(/USING INDEX ix_codes_group_created/);
  });

  test('a changed index definition is recreated when a database file is reopened', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'localdb-ix-')), 'db.sqlite');
    const v1: IndexSpec[] = [{ collection: 'things', name: 'k', fields: [['a', 'asc']] }];
    const v2: IndexSpec[] = [{ collection: 'things', name: 'k', fields: [['a', 'asc'], ['b', 'desc']] }];
    const first = openLocalDb({ file, indexes: v1 });
    first.collection('things');
    first.close();
    db = openLocalDb({ file, indexes: v2 });
    db.collection('things');
    const sql = (db.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'ix_things_k'`).get() as { sql: string }).sql;
    expect(sql).toContain(`json_extract(data,'$.b') DESC`);
  });
});
