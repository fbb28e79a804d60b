/** where → SQL: operators, JSON types, nested fields, orderBy/skip/limit/field, limits, guards. */
import type { LocalDb } from '../../local/db';
import type { DocData } from '../../server/db/types';
import { memDb } from './helpers';

let db: LocalDb;
beforeEach(() => {
  db = memDb();
});
afterEach(() => db.close());

const D1 = new Date('2024-01-01T00:00:00.000Z');
const D2 = new Date('2024-06-01T00:00:00.000Z');

/** One field `v` holding a value of every JSON type (and one document without it). */
function plantTypes(): void {
  db.bulkInsert('t', [
    { _id: 'n1', v: 1 },
    { _id: 'n2', v: 2 },
    { _id: 'n3', v: 3.5 },
    { _id: 's2', v: '2' },
    { _id: 'sb', v: 'b' },
    { _id: 'tru', v: true },
    { _id: 'fal', v: false },
    { _id: 'nul', v: null },
    { _id: 'mis' },
    { _id: 'arr', v: [1, 2] },
    { _id: 'obj', v: { x: 1 } },
    { _id: 'd1', v: D1 },
    { _id: 'd2', v: D2 },
  ]);
}

async function ids(q: { get(): Promise<{ data: DocData[] }> }): Promise<string[]> {
  return (await q.get()).data.map((d) => d._id).sort();
}

describe('operators and JSON types (MongoDB rules)', () => {
  const _ = () => db.command;
  const t = () => db.collection('t');
  beforeEach(plantTypes);

  test.each<[string, () => Record<string, unknown>, string[]]>([
    ['plain number equality does not match true or "1"', () => ({ v: 1 }), ['n1']],
    ['eq string does not match the number 2', () => ({ v: _().eq('2') }), ['s2']],
    ['true matches only true (json_extract would say 1)', () => ({ v: true }), ['tru']],
    ['false matches only false (json_extract would say 0)', () => ({ v: false }), ['fal']],
    ['null matches null and missing', () => ({ v: null }), ['mis', 'nul']],
    ['neq matches missing fields too', () => ({ v: _().neq(1) }), ['arr', 'd1', 'd2', 'fal', 'mis', 'n2', 'n3', 'nul', 'obj', 's2', 'sb', 'tru']],
    ['neq null: present and not null', () => ({ v: _().neq(null) }), ['arr', 'd1', 'd2', 'fal', 'n1', 'n2', 'n3', 'obj', 's2', 'sb', 'tru']],
    ['gt number: numbers only (not true, not strings)', () => ({ v: _().gt(0) }), ['n1', 'n2', 'n3']],
    ['gte number', () => ({ v: _().gte(2) }), ['n2', 'n3']],
    ['lt number', () => ({ v: _().lt(2) }), ['n1']],
    ['lte number', () => ({ v: _().lte(2) }), ['n1', 'n2']],
    ['lt string: strings only (not numbers, dates, arrays)', () => ({ v: _().lt('a') }), ['s2']],
    ['gt string: strings only (not objects)', () => ({ v: _().gt('a') }), ['sb']],
    ['gt Date: dates only, by time', () => ({ v: _().gt(D1) }), ['d2']],
    ['lte Date', () => ({ v: _().lte(D2) }), ['d1', 'd2']],
    ['Date equality', () => ({ v: D1 }), ['d1']],
    ['in with mixed types keeps each type exact', () => ({ v: _().in([2, 'b', true]) }), ['n2', 'sb', 'tru']],
    ['in with null matches missing too', () => ({ v: _().in([null, 1]) }), ['mis', 'n1', 'nul']],
    ['empty in matches nothing', () => ({ v: _().in([]) }), []],
    ['nin matches missing fields too', () => ({ v: _().nin([1, 2, 3.5, '2', 'b', true, false, null, D1, D2]) }), ['arr', 'obj']],
    ['exists(true): present, even when null', () => ({ v: _().exists(true) }), ['arr', 'd1', 'd2', 'fal', 'n1', 'n2', 'n3', 'nul', 'obj', 's2', 'sb', 'tru']],
    ['exists(false)', () => ({ v: _().exists(false) }), ['mis']],
    ['array equality is exact', () => ({ v: [1, 2] }), ['arr']],
    ['field-level and', () => ({ v: _().and(_().gt(1), _().lt(3)) }), ['n2']],
    ['field-level or', () => ({ v: _().or([_().eq(1), _().eq('b')]) }), ['n1', 'sb']],
    ['_id in', () => ({ _id: _().in(['n1', 'sb', 'zzz']) }), ['n1', 'sb']],
    ['_id range', () => ({ _id: _().and(_().gte('s'), _().lt('t')) }), ['s2', 'sb']],
  ])('%s', async (_label, cond, expected) => {
    expect(await ids(t().where(cond()))).toEqual(expected);
    expect((await t().where(cond()).count()).total).toBe(expected.length);
  });

  test('top-level or / and, both as an array and as arguments', async () => {
    expect(await ids(t().where(_().or([{ v: 1 }, { _id: 'sb' }])))).toEqual(['n1', 'sb']);
    expect(await ids(t().where(_().or({ v: 1 }, { v: 2 })))).toEqual(['n1', 'n2']);
    expect(await ids(t().where(_().and([{ v: _().gt(1) }, { v: _().lt(3) }])))).toEqual(['n2']);
  });
});

describe('nested fields', () => {
  const _ = () => db.command;
  beforeEach(() => {
    db.bulkInsert('n', [
      { _id: 'a', team: { level1: 5, level2: 1 }, lines: [{ qty: 2 }] },
      { _id: 'b', team: { level1: 1, level2: 9 }, lines: [{ qty: 7 }] },
      { _id: 'c', team: { level1: 5, level2: 9 } },
    ]);
  });

  test('dotted keys', async () => {
    expect(await ids(db.collection('n').where({ 'team.level1': 5 }))).toEqual(['a', 'c']);
  });

  test('nested objects mean dotted paths, not whole-object equality', async () => {
    // { team: { level1: 5 } } matches a.team = { level1: 5, level2: 1 }: flattened to team.level1 == 5.
    expect(await ids(db.collection('n').where({ team: { level1: 5 } }))).toEqual(['a', 'c']);
    expect(await ids(db.collection('n').where({ team: { level1: 5, level2: 9 } }))).toEqual(['c']);
  });

  test('operators inside nested objects', async () => {
    expect(await ids(db.collection('n').where({ team: { level2: _().gt(5) } }))).toEqual(['b', 'c']);
    expect(await ids(db.collection('n').where({ team: { 'level1': _().lt(5), level2: _().gt(5) } }))).toEqual(['b']);
  });

  test('numeric segments address array elements', async () => {
    expect(await ids(db.collection('n').where({ 'lines.0.qty': _().gt(5) }))).toEqual(['b']);
  });
});

describe('orderBy, skip, limit, field', () => {
  beforeEach(() => {
    db.bulkInsert(
      'o',
      Array.from({ length: 30 }, (_, i) => ({ _id: `o${String(i).padStart(2, '0')}`, group: i % 3, rank: 30 - i, tag: `t${i}`, deep: { a: i, b: -i } })),
    );
  });

  test('orderBy several fields, each direction honoured', async () => {
    const { data } = await db.collection('o').orderBy('group', 'desc').orderBy('rank', 'asc').limit(4).get();
    expect(data.map((d) => [d.group, d.rank])).toEqual([
      [2, 1],
      [2, 4],
      [2, 7],
      [2, 10],
    ]);
  });

  test('skip and limit page through the ordered result', async () => {
    const q = db.collection('o').orderBy('rank', 'asc');
    const page2 = (await q.skip(5).limit(5).get()).data.map((d) => d.rank);
    expect(page2).toEqual([6, 7, 8, 9, 10]);
  });

  test('field(): include mode keeps _id and the listed (nested) fields only', async () => {
    const { data } = await db.collection('o').where({ _id: 'o01' }).field({ tag: true, 'deep.a': true }).get();
    expect(data).toEqual([{ _id: 'o01', tag: 't1', deep: { a: 1 } }]);
  });

  test('field(): exclude mode drops the listed fields', async () => {
    const { data } = await db.collection('o').where({ _id: 'o01' }).field({ deep: false, tag: false }).get();
    expect(data).toEqual([{ _id: 'o01', group: 1, rank: 29 }]);
  });

  test('a second where replaces the first, as in the SDK', async () => {
    expect(await ids(db.collection('o').where({ group: 0 }).where({ _id: 'o01' }))).toEqual(['o01']);
  });

  test('count ignores skip and limit', async () => {
    expect(await db.collection('o').where({ group: 1 }).skip(3).limit(2).count()).toEqual({ total: 10 });
  });
});

describe('result size limits', () => {
  beforeEach(() => {
    db.bulkInsert('big', Array.from({ length: 1200 }, (_, i) => ({ i })));
  });

  test('get without limit returns 100', async () => {
    expect((await db.collection('big').get()).data).toHaveLength(100);
  });

  test('limit above 1000 is capped at 1000', async () => {
    expect((await db.collection('big').limit(5000).get()).data).toHaveLength(1000);
    expect((await db.collection('big').limit(7).get()).data).toHaveLength(7);
  });

  test('where().update() is not limited: it updates every match', async () => {
    const res = await db.collection('big').where({ i: db.command.gte(0) }).update({ data: { seen: true } });
    expect(res).toEqual({ stats: { updated: 1200 } });
    expect(await db.collection('big').where({ seen: true }).count()).toEqual({ total: 1200 });
  });
});

describe('bulk update and remove', () => {
  beforeEach(() => {
    db.bulkInsert('w', [
      { _id: 'a', s: 'pending', n: 1 },
      { _id: 'b', s: 'pending', n: 2 },
      { _id: 'c', s: 'done', n: 3 },
    ]);
  });

  test('where().update() changes the matches only and reports how many', async () => {
    expect(await db.collection('w').where({ s: 'pending' }).update({ data: { s: 'done' } })).toEqual({ stats: { updated: 2 } });
    expect(await ids(db.collection('w').where({ s: 'done' }))).toEqual(['a', 'b', 'c']);
  });

  test('a guarded update reports 0 when the guard no longer holds (lost race)', async () => {
    const q = db.collection('w').where({ _id: 'a', s: 'pending' });
    expect((await q.update({ data: { s: 'paid' } })).stats.updated).toBe(1);
    expect((await q.update({ data: { s: 'paid' } })).stats.updated).toBe(0);
  });

  test('where().remove() removes the matches only', async () => {
    expect(await db.collection('w').where({ n: db.command.gte(2) }).remove()).toEqual({ stats: { removed: 2 } });
    expect(await ids(db.collection('w'))).toEqual(['a']);
  });

  test('update and remove refuse an empty condition', async () => {
    await expect(db.collection('w').where({}).update({ data: { x: 1 } })).rejects.toThrow(/non-empty condition/);
    await expect(db.collection('w').remove()).rejects.toThrow(/non-empty condition/);
    expect(await db.collection('w').count()).toEqual({ total: 3 });
  });
});

test('values are bound as parameters, never spliced into SQL', async () => {
  db.bulkInsert('inj', [{ _id: 'a', name: "x' OR '1'='1" }, { _id: 'b', name: 'y' }]);
  expect(await ids(db.collection('inj').where({ name: "x' OR '1'='1" }))).toEqual(['a']);
  expect(await ids(db.collection('inj').where({ name: "' OR 1=1 --" }))).toEqual([]);
});
