/**
 * Transactions: buffered writes, read-your-writes, optimistic conflicts with retry, atomic commit,
 * rollback, and the guard against writes that would silently escape the transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LocalDb } from '../../local/db';
import type { Transaction } from '../../server/db/types';
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

  test('an add whose _id someone else takes before commit fails at commit, with nothing applied', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 100 } });
    const added = signal();
    const release = signal();
    const txDone = rejection(
      db.runTransaction(async (tx) => {
        await tx.collection('acc').doc('a').update({ data: { fen: db.command.inc(-1) } });
        await tx.collection('acc').add({ data: { _id: 'k', by: 'tx' } });
        added.fire();
        await release.wait;
      }, 0),
    );
    await added.wait;
    await db.collection('acc').add({ data: { _id: 'k', by: 'outside' } });
    release.fire();
    const e = (await txDone) as Error & { code: string };
    expect(['DATABASE_TRANSACTION_CONFLICT', 'DATABASE_DUPLICATE_KEY']).toContain(e.code);
    expect(await value('acc', 'k')).toEqual({ _id: 'k', by: 'outside' });
    expect(await value('acc', 'a')).toEqual({ _id: 'a', fen: 100 });
  });
});

describe('conflicts and concurrency', () => {
  test('two concurrent read-modify-write transactions never lose an update (conflict + retry)', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    let runs = 0;
    const bump = () =>
      db.runTransaction(async (tx) => {
        runs++;
        const { data } = await tx.collection('ctr').doc('c').get();
        await tx.collection('ctr').doc('c').update({ data: { n: (data!.n as number) + 1 } });
      });
    await Promise.all([bump(), bump()]);
    expect(await value('ctr', 'c')).toEqual({ _id: 'c', n: 2 });
    expect(runs).toBeGreaterThan(2); // one of them did conflict and ran again
  });

  test('a document changed after the transaction read it → conflict, rerun on fresh data', async () => {
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

  test('a read-only dependency counts too: a document read (not written) that changed → conflict', async () => {
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
      if (runs === 1) {
        read.fire();
        await release.wait;
      }
      await tx.collection('acc').doc('used').update({ data: { n: limit!.max as number } });
    });
    await read.wait;
    await doc('acc', 'limit').update({ data: { max: 3 } });
    release.fire();
    await txDone;
    expect(runs).toBe(2);
    expect(await value('acc', 'used')).toEqual({ _id: 'used', n: 3 });
  });

  // Captured here, outside any transaction callback: runs a function in this (outside) async context.
  const outside = AsyncLocalStorage.snapshot();

  test('when retries run out, the conflict is thrown with the cloud’s code and nothing is applied', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    let runs = 0;
    const e = (await rejection(
      db.runTransaction(async (tx) => {
        runs++;
        await tx.collection('ctr').doc('c').get();
        await tx.collection('ctr').doc('other').set({ data: { run: runs } });
        // Someone else writes the document after each read (run in the test's own async context).
        await outside(() => doc('ctr', 'c').update({ data: { n: db.command.inc(1) } }));
      }, 2),
    )) as Error & { code: string };
    expect(e.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(runs).toBe(3); // the first run and 2 retries
    expect(await value('ctr', 'other')).toBeNull();
  });

  test('20 concurrent _.inc transactions all count (blind updates apply to the current value)', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    let runs = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.runTransaction(async (tx) => {
          runs++;
          await tx.collection('ctr').doc('c').update({ data: { n: db.command.inc(1) } });
        }),
      ),
    );
    expect(await value('ctr', 'c')).toEqual({ _id: 'c', n: 20 });
    expect(runs).toBe(20);
  });

  test('a blind update of a document removed meanwhile conflicts, and the rerun sees it gone', async () => {
    await db.collection('ctr').add({ data: { _id: 'c', n: 0 } });
    const wrote = signal();
    const release = signal();
    const stats: number[] = [];
    const txDone = db.runTransaction(async (tx) => {
      stats.push((await tx.collection('ctr').doc('c').update({ data: { n: db.command.inc(1) } })).stats.updated);
      if (stats.length === 1) {
        wrote.fire();
        await release.wait;
      }
    });
    await wrote.wait;
    await doc('ctr', 'c').remove();
    release.fire();
    await txDone;
    expect(stats).toEqual([1, 0]);
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
    const transfer = (from: string, to: string, fen: number) =>
      db.runTransaction(async (tx) => {
        const src = await tx.collection('acc').doc(from).get();
        await tx.collection('acc').doc(from).update({ data: { fen: (src.data!.fen as number) - fen } });
        await new Promise((r) => setTimeout(r, 1)); // a gap between the two writes
        await tx.collection('acc').doc(to).update({ data: { fen: db.command.inc(fen) } });
      }, 50);
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

  test('commit after a conflicting change throws DATABASE_TRANSACTION_CONFLICT and applies nothing', async () => {
    await db.collection('acc').add({ data: { _id: 'a', fen: 1 } });
    const tx = await db.startTransaction();
    await tx.collection('acc').doc('a').get();
    await tx.collection('acc').doc('b').set({ data: { fen: 2 } });
    await doc('acc', 'a').update({ data: { fen: 9 } });
    const e = (await rejection(tx.commit())) as Error & { code: string };
    expect(e.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await value('acc', 'b')).toBeNull();
  });
});
