/** Update operators and merge rules, the same through doc().update, where().update and tx update. */
import type { LocalDb } from '../../local/db';
import type { UpdateData } from '../../server/db/types';
import { memDb } from './helpers';

let db: LocalDb;
let clock = 1_700_000_000_000;
beforeEach(() => {
  db = memDb({ now: () => clock });
});
afterEach(() => db.close());

const BASE = { n: 10, s: 'x', a: { b: 1, c: 2 }, list: [1, 2, 3, 2], tags: ['p'] };

type Via = 'doc' | 'where' | 'tx';
/** Applies `data` to a fresh copy of BASE through one of the three update paths; returns the result. */
async function updated(via: Via, data: () => UpdateData): Promise<Record<string, unknown>> {
  const c = db.collection('u');
  await c.doc('d').set({ data: BASE });
  if (via === 'doc') await c.doc('d').update({ data: data() });
  if (via === 'where') await c.where({ _id: 'd' }).update({ data: data() });
  if (via === 'tx') await db.runTransaction(async (tx) => void (await tx.collection('u').doc('d').update({ data: data() })));
  const { _id, ...rest } = (await c.doc('d').get()).data;
  expect(_id).toBe('d');
  return rest;
}

describe.each<Via>(['doc', 'where', 'tx'])('via %s', (via) => {
  const _ = () => db.command;
  test.each<[string, () => UpdateData, Record<string, unknown>]>([
    ['plain value sets a field', () => ({ s: 'y' }), { ...BASE, s: 'y' }],
    ['new field is added', () => ({ z: true }), { ...BASE, z: true }],
    ['nested object merges field by field', () => ({ a: { b: 5 } }), { ...BASE, a: { b: 5, c: 2 } }],
    ['nested object adds a new sub-field', () => ({ a: { d: 4 } }), { ...BASE, a: { b: 1, c: 2, d: 4 } }],
    ['_.set replaces the object whole', () => ({ a: _().set({ b: 5 }) }), { ...BASE, a: { b: 5 } }],
    ['dotted key sets a nested field', () => ({ 'a.c': 9 }), { ...BASE, a: { b: 1, c: 9 } }],
    ['dotted key creates missing parents', () => ({ 'p.q.r': 1 }), { ...BASE, p: { q: { r: 1 } } }],
    ['null sets null', () => ({ s: null }), { ...BASE, s: null }],
    ['_.inc adds', () => ({ n: _().inc(5) }), { ...BASE, n: 15 }],
    ['_.inc of a missing field starts from 0', () => ({ m: _().inc(-3) }), { ...BASE, m: -3 }],
    ['_.inc inside a nested object', () => ({ a: { b: _().inc(2) } }), { ...BASE, a: { b: 3, c: 2 } }],
    ['_.mul multiplies', () => ({ n: _().mul(3) }), { ...BASE, n: 30 }],
    ['_.min keeps the smaller', () => ({ n: _().min(4), 'a.b': _().min(7) }), { ...BASE, n: 4 }],
    ['_.max keeps the larger', () => ({ n: _().max(40), 'a.b': _().max(0) }), { ...BASE, n: 40 }],
    ['_.remove deletes the field', () => ({ s: _().remove(), 'a.b': _().remove() }), { n: 10, a: { c: 2 }, list: [1, 2, 3, 2], tags: ['p'] }],
    ['_.push of a value appends it', () => ({ tags: _().push('q') }), { ...BASE, tags: ['p', 'q'] }],
    ['_.push of an array appends each element', () => ({ tags: _().push(['q', 'r']) }), { ...BASE, tags: ['p', 'q', 'r'] }],
    ['_.push onto a missing field creates the array', () => ({ fresh: _().push(1) }), { ...BASE, fresh: [1] }],
    ['_.pull removes every equal element', () => ({ list: _().pull(2) }), { ...BASE, list: [1, 3] }],
    ['_.pull with a query command', () => ({ list: _().pull(_().gte(2)) }), { ...BASE, list: [1] }],
    ['_.addToSet adds a missing element', () => ({ tags: _().addToSet('q') }), { ...BASE, tags: ['p', 'q'] }],
    ['_.addToSet skips a present element', () => ({ tags: _().addToSet('p') }), BASE],
    ['_.addToSet with each', () => ({ tags: _().addToSet({ each: ['p', 'q', 'q'] }) }), { ...BASE, tags: ['p', 'q'] }],
  ])('%s', async (_label, data, expected) => {
    expect(await updated(via, data)).toEqual(expected);
  });

  test('updating _id throws and changes nothing', async () => {
    await expect(updated(via, () => ({ _id: 'other', n: 1 }))).rejects.toThrow(/_id/);
    expect((await db.collection('u').doc('d').get()).data).toEqual({ _id: 'd', ...BASE });
  });

  test('_.inc of a non-number throws and changes nothing', async () => {
    await expect(updated(via, () => ({ n: 0, s: _().inc(1) }))).rejects.toThrow(/non-numeric/);
    expect((await db.collection('u').doc('d').get()).data).toEqual({ _id: 'd', ...BASE });
  });

  test('serverDate() in update data is the database clock', async () => {
    clock = 1_700_000_123_000;
    expect(await updated(via, () => ({ at: db.serverDate(), 'a.at': _().set(db.serverDate()) }))).toEqual({
      ...BASE,
      at: new Date(clock),
      a: { b: 1, c: 2, at: new Date(clock) },
    });
  });
});

test('where().update() counts only documents whose content changed', async () => {
  db.bulkInsert('u', [
    { _id: 'a', s: 'on' },
    { _id: 'b', s: 'off' },
  ]);
  expect(await db.collection('u').where({ s: db.command.exists(true) }).update({ data: { s: 'on' } })).toEqual({ stats: { updated: 1 } });
});

test('each write gets a new rev (what transactions compare)', async () => {
  const rev = () => (db.sqlite.prepare(`SELECT rev FROM "c_u" WHERE _id = 'r'`).get() as { rev: number }).rev;
  await db.collection('u').add({ data: { _id: 'r', n: 0 } });
  const r1 = rev();
  await db.collection('u').doc('r').update({ data: { n: db.command.inc(1) } });
  const r2 = rev();
  expect(r2).toBeGreaterThan(r1);
  // Removed and created again: the rev is still new, never one a transaction could have read before.
  await db.collection('u').doc('r').remove();
  await db.collection('u').add({ data: { _id: 'r', n: 0 } });
  expect(rev()).toBeGreaterThan(r2);
});
