import { AppError } from '../../server/core/errors';
import { backoffMs, contentionOf, transact } from '../../server/db/transact';
import type { Db, Transaction } from '../../server/db/types';
import { memDb } from '../local-db/helpers';

/** What wx-server-sdk 4.0.2 hands over for a write conflict (toSDKError of maybeTransformError). */
function sdkWrapped(api: string, serverMessage: string): Error {
  const e = new Error(`${api}:fail -501001 resource system error. ${serverMessage}`) as Error & { errCode: number; errMsg: string };
  e.errCode = -501001;
  e.errMsg = e.message;
  return e;
}

describe('contentionOf: both conflict forms and duplicate keys, by code first', () => {
  test.each<[string, unknown, ReturnType<typeof contentionOf>]>([
    ['the SDK-wrapped write conflict', sdkWrapped('document.update', '[ResourceUnavailable.TransactionConflict] Transaction is conflicted.'), 'write_conflict'],
    ['the commit-time conflict (unwrapped server answer)', { code: 'DATABASE_TRANSACTION_CONFLICT', message: 'database transaction conflict' }, 'commit_conflict'],
    ['the local duplicate key', Object.assign(new Error('E11000 duplicate key error'), { code: 'DATABASE_DUPLICATE_KEY' }), 'duplicate_key'],
    ['a duplicate key through the SDK (no code)', sdkWrapped('collection.add', 'E11000 duplicate key error collection: x index: _id_'), 'duplicate_key'],
    ['another system error with the catch-all -501001', sdkWrapped('document.get', 'internal error'), null],
    ['the conflict words without the SDK code', new Error('ResourceUnavailable.TransactionConflict'), null],
    ['a use case refusing with CONFLICT', new AppError('CONFLICT', '库存不足'), null],
    ['anything else', new Error('boom'), null],
    ['not an object', 'DATABASE_TRANSACTION_CONFLICT', null],
  ])('%s', (_label, e, kind) => {
    expect(contentionOf(e)).toBe(kind);
  });

  test('the backoff is jittered below a cap that doubles, and bounded', () => {
    expect(backoffMs(1, () => 1)).toBe(8);
    expect(backoffMs(3, () => 1)).toBe(32);
    expect(backoffMs(30, () => 1)).toBe(500);
    expect(backoffMs(5, () => 0)).toBe(0);
  });
});

describe('transact', () => {
  /** A database whose runTransaction fails with `errors` in turn, then succeeds. */
  function failingDb(errors: unknown[]): Db & { runs: number; times: unknown[] } {
    const db = memDb();
    const fake = Object.create(db) as Db & { runs: number; times: unknown[] };
    fake.runs = 0;
    fake.times = [];
    fake.runTransaction = async <R>(fn: (tx: Transaction) => Promise<R>, t?: number): Promise<R> => {
      fake.times.push(t);
      fake.runs++;
      if (errors.length) throw errors.shift();
      return db.runTransaction(fn, t);
    };
    return fake;
  }

  test('reruns the whole callback on either conflict form; asks the SDK for no retries of its own', async () => {
    const db = failingDb([sdkWrapped('document.update', '[ResourceUnavailable.TransactionConflict]'), { code: 'DATABASE_TRANSACTION_CONFLICT' }]);
    await expect(transact(db, async () => 'done', { busy: '忙' })).resolves.toBe('done');
    expect(db.runs).toBe(3);
    expect(db.times).toEqual([0, 0, 0]);
  });

  test('a duplicate key is retried only for derived ids', async () => {
    const dup = () => Object.assign(new Error('E11000 duplicate key'), { code: 'DATABASE_DUPLICATE_KEY' });
    await expect(transact(failingDb([dup()]), async () => 1, { busy: '忙', derivedIds: true })).resolves.toBe(1);
    await expect(transact(failingDb([dup()]), async () => 1, { busy: '忙' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_KEY' });
  });

  test('contention outlasting the attempts answers CONFLICT with the given message; other errors pass at once', async () => {
    const conflicts = Array.from({ length: 5 }, () => ({ code: 'DATABASE_TRANSACTION_CONFLICT' }));
    const db = failingDb(conflicts);
    const e = await transact(db, async () => 1, { busy: '操作过于频繁，请稍后重试', attempts: 3 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'CONFLICT', message: '操作过于频繁，请稍后重试' });
    expect(db.runs).toBe(3);

    const boom = new Error('boom');
    const other = failingDb([boom]);
    await expect(transact(other, async () => 1, { busy: '忙' })).rejects.toBe(boom);
    expect(other.runs).toBe(1);
  });
});
