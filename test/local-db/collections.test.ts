/** Collections must exist: the cloud answers DATABASE_COLLECTION_NOT_EXIST (-502005) for one nobody created. */
import type { LocalDb } from '../../local/db';
import { memDb, rejection } from './helpers';

let db: LocalDb;
beforeEach(() => {
  db = memDb({ collections: ['things'] });
});
afterEach(() => db.close());

describe('collections that exist, and those that do not', () => {
  test('every operation on an undeclared collection fails like the cloud: errCode -502005', async () => {
    const missing = db.collection('nobody_made_me'); // naming it is not an error, as in the SDK
    const ops: Array<() => Promise<unknown>> = [
      () => missing.doc('a').get(),
      () => missing.where({ n: 1 }).get(),
      () => missing.where({ n: 1 }).count(),
      () => missing.add({ data: { n: 1 } }),
      () => missing.doc('a').set({ data: { n: 1 } }),
      () => db.runTransaction(async (tx) => tx.collection('nobody_made_me').doc('a').get()),
    ];
    for (const op of ops) {
      const e = (await rejection(op())) as { errCode: number; code: string; message: string };
      expect({ errCode: e.errCode, code: e.code }).toEqual({ errCode: -502005, code: 'DATABASE_COLLECTION_NOT_EXIST' });
      expect(e.message).toMatch(/database collection not exists.*nobody_made_me/);
    }
    expect(db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE name = 'c_nobody_made_me'`).get()).toBeUndefined();
    expect(await db.collection('things').add({ data: { _id: 't', n: 1 } })).toEqual({ _id: 't' });
  });

  test('createCollection makes one exist; creating one that exists is refused and changes nothing', async () => {
    await db.createCollection('later');
    expect(await db.collection('later').add({ data: { _id: 'x' } })).toEqual({ _id: 'x' });
    expect(await rejection(db.createCollection('later'))).toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' });
    expect(await rejection(db.createCollection('things'))).toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' });
    expect((await db.collection('later').where({}).count()).total).toBe(1);
  });
});
