/** Document CRUD: result shapes, ids, the cloud's errors, and how values are stored. */
import type { LocalDb } from '../../local/db';
import { memDb, rawData, rejection } from './helpers';

let db: LocalDb;
let clock = 1_700_000_000_000;
beforeEach(() => {
  clock = 1_700_000_000_000;
  db = memDb({ now: () => clock });
});
afterEach(() => db.close());

describe('result shapes', () => {
  test('add → { _id }, get → { data }, count → { total }', async () => {
    const c = db.collection('things');
    expect(await c.add({ data: { _id: 't1', n: 1 } })).toEqual({ _id: 't1' });
    expect(await c.doc('t1').get()).toEqual({ data: { _id: 't1', n: 1 } });
    expect(await c.where({ n: 1 }).get()).toEqual({ data: [{ _id: 't1', n: 1 }] });
    expect(await c.where({ n: 1 }).count()).toEqual({ total: 1 });
  });

  test('doc update → { stats: { updated } }, remove → { stats: { removed } }', async () => {
    const c = db.collection('things');
    await c.add({ data: { _id: 't1', n: 1 } });
    expect(await c.doc('t1').update({ data: { n: 2 } })).toEqual({ stats: { updated: 1 } });
    expect(await c.doc('t1').remove()).toEqual({ stats: { removed: 1 } });
    expect(await c.doc('t1').remove()).toEqual({ stats: { removed: 0 } });
  });

  test('doc set → { _id, stats: { updated, created } }: creates when missing, replaces when present', async () => {
    const c = db.collection('things');
    expect(await c.doc('s').set({ data: { a: 1, b: 2 } })).toEqual({ _id: 's', stats: { updated: 0, created: 1 } });
    expect(await c.doc('s').set({ data: { c: 3 } })).toEqual({ _id: 's', stats: { updated: 1, created: 0 } });
    // Replaced as a whole: a and b are gone.
    expect((await c.doc('s').get()).data).toEqual({ _id: 's', c: 3 });
  });
});

describe('errors like the cloud', () => {
  test('doc(id).get() of a missing document throws', async () => {
    const e = (await rejection(db.collection('things').doc('nope').get())) as Error;
    expect(e.message).toBe('document.get:fail document with _id nope does not exist');
  });

  test('add with an existing _id throws a duplicate-key error and changes nothing', async () => {
    const c = db.collection('things');
    await c.add({ data: { _id: 'd', v: 'first' } });
    const e = (await rejection(c.add({ data: { _id: 'd', v: 'second' } }))) as Error & { code: string };
    expect(e.message).toMatch(/duplicate key/);
    expect(e.code).toBe('DATABASE_DUPLICATE_KEY');
    expect((await c.doc('d').get()).data).toEqual({ _id: 'd', v: 'first' });
  });

  test('doc update of a missing document → updated 0, and creates nothing', async () => {
    const c = db.collection('things');
    expect(await c.doc('ghost').update({ data: { n: 1 } })).toEqual({ stats: { updated: 0 } });
    expect(await c.count()).toEqual({ total: 0 });
  });

  test('doc set with _id in data, or with an update command, is refused', async () => {
    const c = db.collection('things');
    await expect(c.doc('x').set({ data: { _id: 'x', a: 1 } })).rejects.toThrow(/_id/);
    await expect(c.doc('x').set({ data: { a: db.command.inc(1) } })).rejects.toThrow(/update operator/);
    expect(await c.count()).toEqual({ total: 0 });
  });

  test('invalid collection names and field paths are refused (they reach SQL text)', async () => {
    expect(() => db.collection('x"; DROP TABLE y; --')).toThrow(/invalid collection name/);
    expect(() => db.collection('things').where({ 'a-b': 1 })).toThrow(/invalid field path/);
    expect(() => db.collection('things').orderBy("x' DESC; --", 'asc')).toThrow(/invalid field path/);
    expect(() => db.collection('things').where({ "a') OR 1=1 --": 1 })).toThrow(/invalid field path/);
  });
});

describe('ids', () => {
  test('add generates a 32-hex-char _id when none is given, unique per add', async () => {
    const c = db.collection('things');
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { _id } = await c.add({ data: { i } });
      expect(_id).toMatch(/^[0-9a-f]{32}$/);
      ids.add(_id);
    }
    expect(ids.size).toBe(50);
    expect(await c.count()).toEqual({ total: 50 });
  });

  test('_id is stored in its column, not inside the JSON, and comes back first', async () => {
    await db.collection('things').add({ data: { _id: 'k', z: 1, a: 2 } });
    expect(JSON.parse(rawData(db, 'things', 'k')!)).toEqual({ z: 1, a: 2 });
    expect(Object.keys((await db.collection('things').doc('k').get()).data)).toEqual(['_id', 'z', 'a']);
  });
});

describe('values', () => {
  test('Date values round-trip as Date objects, also nested and in arrays', async () => {
    const d1 = new Date('2024-03-01T10:00:00.123Z');
    const d2 = new Date(0);
    await db.collection('things').add({ data: { _id: 'd', at: d1, nested: { at: d2 }, list: [d1, 'x'] } });
    const { data } = await db.collection('things').doc('d').get();
    expect(data.at).toBeInstanceOf(Date);
    expect((data.at as Date).getTime()).toBe(d1.getTime());
    expect((data.nested as { at: Date }).at).toEqual(d2);
    expect(data.list).toEqual([d1, 'x']);
  });

  test('db.serverDate() reads the database clock (with an optional offset)', async () => {
    clock = 1_800_000_000_000;
    await db.collection('things').add({ data: { _id: 's', at: db.serverDate() } });
    expect((await db.collection('things').doc('s').get()).data.at).toEqual(new Date(1_800_000_000_000));
    clock += 5000;
    await db.collection('things').doc('s').update({ data: { later: db.serverDate() } });
    expect((await db.collection('things').doc('s').get()).data.later).toEqual(new Date(1_800_000_005_000));
  });

  test('strings that look like stored dates stay strings', async () => {
    const tricky = ['$date:2024-01-01T00:00:00.000Z', '$str:x', '$dollar', ''];
    await db.collection('things').add({ data: { _id: 't', tricky } });
    expect((await db.collection('things').doc('t').get()).data.tricky).toEqual(tricky);
    expect(await db.collection('things').where({ 'tricky.0': '$date:2024-01-01T00:00:00.000Z' }).count()).toEqual({ total: 1 });
  });

  test('returned documents are copies: mutating a result does not change the store', async () => {
    await db.collection('things').add({ data: { _id: 'm', list: [1] } });
    const first = (await db.collection('things').doc('m').get()).data as unknown as { list: number[] };
    first.list.push(2);
    expect((await db.collection('things').doc('m').get()).data.list).toEqual([1]);
  });
});

test('a file database persists across open/close, in WAL mode', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { openLocalDb } = await import('../../local/db');
  const file = join(mkdtempSync(join(tmpdir(), 'localdb-')), 'sub', 'db.sqlite');
  const a = openLocalDb({ file });
  expect(a.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
  await a.collection('things').add({ data: { _id: 'p', at: new Date(5) } });
  a.close();
  const b = openLocalDb({ file });
  expect((await b.collection('things').doc('p').get()).data).toEqual({ _id: 'p', at: new Date(5) });
  b.close();
});
