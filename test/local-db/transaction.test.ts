/**
 * Transactions as the cloud runs them: buffered writes, read-your-writes, atomic commit, rollback;
 * snapshot reads that take no locks and are never validated (write skew happens); a write locks its
 * document until commit, and another transaction's write to it fails at once in the SDK's wrapped
 * form (errCode -501001, `ResourceUnavailable.TransactionConflict`, no `code`); only a conflict found
 * at commit (`code: 'DATABASE_TRANSACTION_CONFLICT'`) is retried by runTransaction; a write outside
 * any transaction waits for the lock; and the guard against writes that would escape a transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LocalDb } from '../../local/db';
import type { Transaction } from '../../server/db/types';
import { isWriteConflict } from '../../local/db';
import { memDb, rejection } from './helpers';

let db: LocalDb;
beforeEach(() => {
  db = memDb();
});
afterEach(() => db.close());

const doc = (c: string, id: string) => db.collection(c).doc(id);
async function value(c: string, id: string): Promise<Record<string, unknown> | null> {
  const { data } = await db.collection(c).where({ _id: id }).get();
  return data[0] ?? null;
}

/** A promise plus its resolver, to order steps between a transaction and the outside. */
function signal(): { wait: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const wait = new Promise<void>((r) => (fire = r));
  return { wait, fire };
}

describe('basics', () => {
  test('commits the writes and returns the callback result', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 100 } });
    const res = await db.runTransaction(async (tx) => {
      const a = await tx.collection('acc').doc('a').get();
      await tx.collection('acc').doc('a').update({ data: { fen: (a.data!.fen as number) - 30 } });
      await tx.collection('acc').add({ data: { _id: 'b', fen: 30 } });
      return 'done';
    });
    expect(res).toBe('done');
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 70 });
    expect(await value('acc', 'b')).toEqual({ _id: 'b', fen: 30 });
  });

  test('a missing document reads as { data: null } inside a transaction', async () => {
    const got = await db.runTransaction(async (tx) => tx.collection('acc').doc('nope').get());
    expect(got).toEqual({ data: null });
  });

  test('result shapes of tx set / update / remove / add', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 1 } });
    const shapes = await db.runTransaction(async (tx) => {
      const c = tx.collection('acc');
      return [
        await c.doc('a').update({ data: { fen: 2 } }),
        await c.doc('ghost').update({ data: { fen: 2 } }),
        await c.doc('n').set({ data: { fen: 3 } }),
        await c.doc('a').set({ data: { fen: 4 } }),
        await c.add({ data: { _id: 'x', fen: 5 } }),
        await c.doc('x').remove(),
        await c.doc('x').remove(),
      ];
    });
    expect(shapes).toEqual([
      { stats: { updated: 1 } },
      { stats: { updated: 0 } },
      { _id: 'n', stats: { updated: 0, created: 1 } },
      { _id: 'a', stats: { updated: 1, created: 0 } },
      { _id: 'x' },
      { stats: { removed: 1 } },
      { stats: { removed: 0 } },
    ]);
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 4 });
    expect(await value('acc', 'n')).toEqual({ _id: 'n', fen: 3 });
    expect(await value('acc', 'x')).toBeNull();
    expect(await value('acc', 'ghost')).toBeNull();
  });

  test('reads inside see the transaction’s own writes; nobody outside sees them before commit', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 1 } });
    const seenOutside: unknown[] = [];
    await db.runTransaction(async (tx) => {
      await tx.collection('acc').doc('a').update({ data: { fen: db.command.inc(10) } });
      await tx.collection('acc').doc('new').set({ data: { fen: 7 } });
      expect((await tx.collection('acc').doc('a').get()).data).toEqual({ _id: 'a', fen: 11 });
      expect((await tx.collection('acc').doc('new').get()).data).toEqual({ _id: 'new', fen: 7 });
      // Non-transactional reads are allowed inside the callback: they see the committed state.
      seenOutside.push(await value('acc', 'a'), await value('acc', 'new'));
    });
    expect(seenOutside).toEqual([{ _id: 'a', fen: 1 }, null]);
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 11 });
  });

  test('the transaction collection has only doc and add (no where to misuse)', async () => {
    await db.runTransaction(async (tx) => {
      const c = tx.collection('acc');
      expect(Object.keys(c).sort()).toEqual(['add', 'doc']);
      expect('where' in c).toBe(false);
    });
  });
});

describe('writes that would escape the transaction throw', () => {
  const escapes: Array<[string, () => Promise<unknown>]> = [
    ['where().update()', () => db.collection('acc').where({ _id: 'a' }).update({ data: { fen: 0 } })],
    ['where().remove()', () => db.collection('acc').where({ _id: 'a' }).remove()],
    ['doc().update()', () => doc('acc', 'a').update({ data: { fen: 0 } })],
    ['doc().set()', () => doc('acc', 'a').set({ data: { fen: 0 } })],
    ['doc().remove()', () => doc('acc', 'a').remove()],
    ['add()', () => db.collection('acc').add({ data: { fen: 0 } })],
  ];
  test.each(escapes)('%s inside runTransaction throws, and the transaction applies nothing', async (_label, write) => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 5 } });
    let runs = 0;
    const e = (await rejection(
      db.runTransaction(async (tx) => {
        runs++;
        await tx.collection('acc').doc('b').set({ data: { fen: 1 } });
        await write();
      }),
    )) as Error & { code: string };
    expect(e.message).toMatch(/would run outside the transaction/);
    expect(e.code).toBe('WRITE_OUTSIDE_TRANSACTION');
    expect(runs).toBe(1);
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 5 });
    expect(await value('acc', 'b')).toBeNull();
    expect(await db.collection('acc').count()).toEqual({ total: 1 });
  });

  test('the same writes from another async context while a transaction runs are fine', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 5 } });
    const inside = signal();
    const release = signal();
    const txDone = db.runTransaction(async (tx) => {
      await tx.collection('acc').doc('b').set({ data: { fen: 1 } });
      inside.fire();
      await release.wait;
    });
    await inside.wait;
    await expect(doc('acc', 'a').update({ data: { fen: 6 } })).resolves.toEqual({ stats: { updated: 1 } });
    release.fire();
    await txDone;
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 6 });
  });
});

describe('rollback', () => {
  test('anything the callback throws rolls everything back and is rethrown', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 100 } });
    const boom = new Error('boom');
    await expect(
      db.runTransaction(async (tx) => {
        await tx.collection('acc').doc('a').update({ data: { fen: db.command.inc(-50) } });
        await tx.collection('acc').add({ data: { _id: 'b', fen: 50 } });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 100 });
    expect(await value('acc', 'b')).toBeNull();
  });

  test('tx.rollback(value) makes runTransaction reject with value, applying nothing', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 100 } });
    const reason = { code: 'INSUFFICIENT' };
    await expect(
      db.runTransaction(async (tx) => {
        await tx.collection('acc').doc('a').update({ data: { fen: 0 } });
        await tx.rollback(reason);
        return 'not this';
      }),
    ).rejects.toBe(reason);
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 100 });
  });

  test('a duplicate _id add inside a transaction fails it and leaves none of its other writes', async () => {
    await db.collection('acc').add({ data: { _id: 'dup', fen: 1 } });
    await db.collection('acc').add({ data: { _id: 'a', fen: 100 } });
    const e = (await rejection(
      db.runTransaction(async (tx) => {
        await tx.collection('acc').doc('a').update({ data: { fen: db.command.inc(-1) } });
        await tx.collection('acc').doc('c').set({ data: { fen: 1 } });
        await tx.collection('acc').add({ data: { _id: 'dup', fen: 2 } });
      }),
    )) as Error;
    expect(e.message).toMatch(/duplicate key/);
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 100 });
    expect(await value('acc', 'c')).toBeNull();
    expect(await value('acc', 'dup')).toEqual({ _id: 'dup', fen: 1 });
  });

  test('an add outside waits for the transaction that holds the _id, then fails as a duplicate', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 100 } });
    const added = signal();
    const release = signal();
    const txDone = db.runTransaction(async (tx) => {
      await tx.collection('acc').doc('a').update({ data: { fen: db.command.inc(-1) } });
      await tx.collection('acc').add({ data: { _id: 'k', by: 'tx' } });
      added.fire();
      await release.wait;
    });
    await added.wait;
    let settled = false;
    const outside = rejection(db.collection('acc').add({ data: { _id: 'k', by: 'outside' } })).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false); // waiting for the lock
    release.fire();
    await txDone;
    const e = (await outside) as Error & { code: string };
    expect(e.code).toBe('DATABASE_DUPLICATE_KEY');
    expect(await value('acc', 'k')).toEqual({ _id: 'k', by: 'tx' });
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 99 });
  });
});

/** The cloud's immediate write conflict, as the SDK hands it over: wrapped, with no `code`. */
function expectWrappedWriteConflict(e: unknown): void {
  const err = e as Error & { errCode?: unknown; code?: unknown; wire?: { code: string } };
  expect(err).toBeInstanceOf(Error);
  expect(err.errCode).toBe(-501001);
  expect(err.message).toContain('ResourceUnavailable.TransactionConflict');
  expect('code' in err).toBe(false);
  // The marker the wire door maps to its error response.
  expect(err.wire?.code).toBe('ResourceUnavailable.TransactionConflict');
  expect(isWriteConflict(err)).toBe(true);
}

describe('reads: a snapshot, no locks, never validated', () => {
  test('a document read (not written) that changes before commit does not fail the transaction', async () => {
    db.bulkInsert('acc', [
      { _id: 'limit', max: 10 },
      { _id: 'used', n: 0 },
    ]);
    const read = signal();
    const release = signal();
    let runs = 0;
    const txDone = db.runTransaction(async (tx) => {
      runs++;
      const { data: limit } = await tx.collection('acc').doc('limit').get();
      read.fire();
      await release.wait;
      expect((await tx.collection('acc').doc('limit').get()).data).toEqual({ _id: 'limit', max: 10 }); // its snapshot
      await tx.collection('acc').doc('used').update({ data: { n: limit!.max as number } });
    });
    await read.wait;
    // Not waiting: a read takes no lock.
    await doc('acc', 'limit').update({ data: { max: 3 } });
    release.fire();
    await txDone;
    expect(runs).toBe(1);
    expect(await value('acc', 'used')).toEqual({ _id: 'used', n: 10 });
  });

  test('write skew happens: two transactions check one invariant over two documents and each writes a different one', async () => {
    // Invariant the callers mean to keep: at least one of the two stays on call.
    db.bulkInsert('duty', [
      { _id: 'x', on: true },
      { _id: 'y', on: true },
    ]);
    const bothRead = { x: signal(), y: signal() };
    const goOff = (me: 'x' | 'y', other: 'x' | 'y') =>
      db.runTransaction(async (tx) => {
        const mine = (await tx.collection('duty').doc(me).get()).data!;
        const theirs = (await tx.collection('duty').doc(other).get()).data!;
        bothRead[me].fire();
        await bothRead[other].wait;
        if (mine.on && theirs.on) await tx.collection('duty').doc(me).update({ data: { on: false } });
      });
    await Promise.all([goOff('x', 'y'), goOff('y', 'x')]);
    // Both committed: nobody is on call. Code that must exclude this writes a shared document.
    expect([await value('duty', 'x'), await value('duty', 'y')]).toEqual([
      { _id: 'x', on: false },
      { _id: 'y', on: false },
    ]);
  });

  test('the same two transactions writing one shared document as well: the second conflicts, no skew', async () => {
    db.bulkInsert('duty', [
      { _id: 'x', on: true },
      { _id: 'y', on: true },
      { _id: 'roster', v: 0 },
    ]);
    const bothRead = { x: signal(), y: signal() };
    const goOff = (me: 'x' | 'y', other: 'x' | 'y') =>
      db.runTransaction(async (tx) => {
        const mine = (await tx.collection('duty').doc(me).get()).data!;
        const theirs = (await tx.collection('duty').doc(other).get()).data!;
        bothRead[me].fire();
        await bothRead[other].wait;
        if (!(mine.on && theirs.on)) return;
        await tx.collection('duty').doc('roster').update({ data: { v: db.command.inc(1) } });
        await tx.collection('duty').doc(me).update({ data: { on: false } });
      });
    const results = await Promise.allSettled([goOff('x', 'y'), goOff('y', 'x')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expectWrappedWriteConflict((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason);
    const on = [await value('duty', 'x'), await value('duty', 'y')].filter((d) => d!.on);
    expect(on).toHaveLength(1);
  });
});

describe('writes: a lock until commit, conflicts at once', () => {
  test('a write to a document another open transaction wrote fails at once, wrapped, and is not retried', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    const wrote = signal();
    const release = signal();
    const first = db.runTransaction(async (tx) => {
      await tx.collection('ctr').doc('c').update({ data: { n: db.command.inc(1) } });
      wrote.fire();
      await release.wait;
    });
    await wrote.wait;
    let runs = 0;
    const e = await rejection(
      db.runTransaction(async (tx) => {
        runs++;
        await tx.collection('ctr').doc('other').set({ data: { by: 'second' } });
        await tx.collection('ctr').doc('c').update({ data: { n: db.command.inc(10) } });
      }),
    );
    // Refused while the first is still open, not at commit.
    expectWrappedWriteConflict(e);
    expect(runs).toBe(1);
    release.fire();
    await first;
    expect(await value('ctr', 'c')).toEqual({ _id: 'c', n: 1 });
    expect(await value('ctr', 'other')).toBeNull();
  });

  test('set, remove and add meet the lock the same way; a rollback releases it', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    const holder = await db.startTransaction();
    await holder.collection('ctr').doc('c').update({ data: { n: 5 } });
    await holder.collection('ctr').add({ data: { _id: 'new', n: 1 } });
    const other = await db.startTransaction();
    expectWrappedWriteConflict(await rejection(other.collection('ctr').doc('c').set({ data: { n: 9 } })));
    expectWrappedWriteConflict(await rejection(other.collection('ctr').doc('c').remove()));
    expectWrappedWriteConflict(await rejection(other.collection('ctr').add({ data: { _id: 'new', n: 2 } })));
    // Reading a locked document is fine: the committed state.
    expect((await other.collection('ctr').doc('c').get()).data).toEqual({ _id: 'c', n: 0 });
    await holder.rollback();
    await other.collection('ctr').doc('c').update({ data: { n: 7 } });
    await other.commit();
    expect(await value('ctr', 'c')).toEqual({ _id: 'c', n: 7 });
    expect(await value('ctr', 'new')).toBeNull();
  });

  test('two concurrent read-modify-write transactions: one commits, the other fails at once; no update lost', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    let runs = 0;
    const bump = () =>
      db.runTransaction(async (tx) => {
        runs++;
        const { data } = await tx.collection('ctr').doc('c').get();
        await tx.collection('ctr').doc('c').update({ data: { n: (data!.n as number) + 1 } });
      });
    const results = await Promise.allSettled([bump(), bump()]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expectWrappedWriteConflict((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason);
    expect(runs).toBe(2); // runTransaction did not run the loser again
    expect(await value('ctr', 'c')).toEqual({ _id: 'c', n: 1 });
  });

  test('20 concurrent blind _.inc transactions on one document: those that meet the lock fail; the rest all count', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        db.runTransaction(async (tx) => {
          await tx.collection('ctr').doc('c').update({ data: { n: db.command.inc(1) } });
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThan(20); // a hot document inside a transaction makes callers fail
    for (const r of results) if (r.status === 'rejected') expectWrappedWriteConflict(r.reason);
    expect(await value('ctr', 'c')).toEqual({ _id: 'c', n: ok });
  });

  test('a write outside any transaction to a locked document waits for the commit, then applies on top', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    const wrote = signal();
    const release = signal();
    const txDone = db.runTransaction(async (tx) => {
      await tx.collection('ctr').doc('c').update({ data: { n: db.command.inc(1), by: 'tx' } });
      wrote.fire();
      await release.wait;
    });
    await wrote.wait;
    let done = false;
    const outside = doc('ctr', 'c')
      .update({ data: { n: db.command.inc(10) } })
      .finally(() => (done = true));
    const matching = db.collection('ctr').where({ n: db.command.gte(0) }).update({ data: { seen: true } });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    release.fire();
    await txDone;
    await expect(outside).resolves.toEqual({ stats: { updated: 1 } });
    await matching;
    expect(await value('ctr', 'c')).toEqual({ _id: 'c', n: 11, by: 'tx', seen: true });
  });

  test('a transaction abandoned while holding a lock is rolled back once idle past the limit', async () => {
    const quick = memDb({ txIdleLimitMs: 30 });
    try {
      await quick.collection('ctr').add({ data: { _id: 'c', n: 0 } });
      const abandoned = await quick.startTransaction();
      await abandoned.collection('ctr').doc('c').update({ data: { n: 99 } });
      // Waits, then proceeds once the holder counts as abandoned.
      await quick.collection('ctr').doc('c').update({ data: { n: db.command.inc(1) } });
      const tx = await quick.startTransaction();
      await tx.collection('ctr').doc('c').update({ data: { n: db.command.inc(1) } });
      await tx.commit();
      await expect(abandoned.commit()).rejects.toThrow(/rolled back \(idle too long\)/);
      expect((await quick.collection('ctr').doc('c').get()).data).toEqual({ _id: 'c', n: 2 });
    } finally {
      quick.close();
    }
  });
});

describe('conflicts found at commit: the only ones runTransaction retries', () => {
  test('read, changed by someone else, then written: commit conflict, rerun on fresh data', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    const read = signal();
    const release = signal();
    const seen: number[] = [];
    const txDone = db.runTransaction(async (tx) => {
      const { data } = await tx.collection('ctr').doc('c').get();
      seen.push(data!.n as number);
      if (seen.length === 1) {
        read.fire();
        await release.wait;
      }
      await tx.collection('ctr').doc('c').update({ data: { n: (data!.n as number) + 1 } });
    });
    await read.wait;
    await doc('ctr', 'c').update({ data: { n: 100 } });
    release.fire();
    await txDone;
    expect(seen).toEqual([0, 100]);
    expect(await value('ctr', 'c')).toEqual({ _id: 'c', n: 101 });
  });

  // Captured here, outside any transaction callback: runs a function in this (outside) async context.
  const outside = AsyncLocalStorage.snapshot();

  test('when the retries run out, the conflict is thrown with the cloud’s code and nothing is applied', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    let runs = 0;
    const e = (await rejection(
      db.runTransaction(async (tx) => {
        runs++;
        const { data } = await tx.collection('ctr').doc('c').get();
        await tx.collection('ctr').doc('other').set({ data: { run: runs } });
        // Someone else writes the document after each read (run in the test's own async context).
        await outside(() => doc('ctr', 'c').update({ data: { n: db.command.inc(1) } }));
        await tx.collection('ctr').doc('c').update({ data: { n: (data!.n as number) + 100 } });
      }, 2),
    )) as Error & { code: string };
    expect(e.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(runs).toBe(3); // the first run and 2 retries
    expect(await value('ctr', 'other')).toBeNull();
    expect(await value('ctr', 'c')).toEqual({ _id: 'c', n: 3 });
  });

  test('a blind update of a document removed meanwhile (before the write) applies to nothing', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    const started = signal();
    const release = signal();
    const stats: number[] = [];
    const txDone = db.runTransaction(async (tx) => {
      await tx.collection('ctr').doc('x').set({ data: { n: 1 } });
      started.fire();
      await release.wait;
      stats.push((await tx.collection('ctr').doc('c').update({ data: { n: db.command.inc(1) } })).stats.updated);
    });
    await started.wait;
    await doc('ctr', 'c').remove();
    release.fire();
    await txDone;
    expect(stats).toEqual([0]);
    expect(await value('ctr', 'c')).toBeNull();
  });

  test('a concurrent reader never sees half of a multi-document transaction', async () => {
    db.bulkInsert('acc', [
      { _id: 'a', fen: 1000 },
      { _id: 'b', fen: 0 },
    ]);
    let stop = false;
    const sums = new Set<number>();
    let reads = 0;
    const reader = (async () => {
      while (!stop) {
        const { data } = await db.collection('acc').where({ _id: db.command.in(['a', 'b']) }).get();
        sums.add(data.reduce((s, d) => s + (d.fen as number), 0));
        reads++;
      }
    })();
    // Callers retry both conflict forms themselves (runTransaction retries only the commit-time one).
    const transfer = async (from: string, to: string, fen: number): Promise<void> => {
      for (;;) {
        try {
          await db.runTransaction(async (tx) => {
            const src = await tx.collection('acc').doc(from).get();
            await tx.collection('acc').doc(from).update({ data: { fen: (src.data!.fen as number) - fen } });
            await new Promise((r) => setTimeout(r, 1)); // a gap between the two writes
            await tx.collection('acc').doc(to).update({ data: { fen: db.command.inc(fen) } });
          }, 50);
          return;
        } catch (e) {
          if (!isWriteConflict(e)) throw e;
          await new Promise((r) => setTimeout(r, Math.random() * 3));
        }
      }
    };
    for (let i = 0; i < 15; i++) await Promise.all([transfer('a', 'b', 7), transfer('b', 'a', 3), transfer('a', 'b', 1)]);
    stop = true;
    await reader;
    expect(reads).toBeGreaterThan(20);
    expect([...sums]).toEqual([1000]);
    expect(await value('acc', 'b')).toEqual({ _id: 'b', fen: 15 * (7 - 3 + 1) });
  });
});

describe('startTransaction', () => {
  test('commit applies; the transaction is finished afterwards', async () => {
    const tx: Transaction = await db.startTransaction();
    await tx.collection('acc').doc('a').set({ data: { fen: 1 } });
    expect(await value('acc', 'a')).toBeNull();
    await tx.commit();
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 1 });
    await expect(tx.collection('acc').doc('a').get()).rejects.toThrow(/already committed/);
  });

  test('rollback applies nothing', async () => {
    const tx = await db.startTransaction();
    await tx.collection('acc').doc('a').set({ data: { fen: 1 } });
    await tx.rollback();
    expect(await value('acc', 'a')).toBeNull();
    await expect(tx.commit()).rejects.toThrow(/rolled back/);
  });

  test('commit after a change to a document it read and wrote throws DATABASE_TRANSACTION_CONFLICT, applies nothing', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 1 } });
    const tx = await db.startTransaction();
    await tx.collection('acc').doc('a').get();
    await tx.collection('acc').doc('b').set({ data: { fen: 2 } });
    await doc('acc', 'a').update({ data: { fen: 9 } });
    await tx.collection('acc').doc('a').update({ data: { fen: 5 } });
    const e = (await rejection(tx.commit())) as Error & { code: string };
    expect(e.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await value('acc', 'b')).toBeNull();
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 9 });
  });

  test('a document only read may change before commit: the commit still succeeds', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 1 } });
    const tx = await db.startTransaction();
    await tx.collection('acc').doc('a').get();
    await tx.collection('acc').doc('b').set({ data: { fen: 2 } });
    await doc('acc', 'a').update({ data: { fen: 9 } });
    await tx.commit();
    expect(await value('acc', 'b')).toEqual({ _id: 'b', fen: 2 });
  });
});
