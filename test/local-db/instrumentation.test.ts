/** ops counting (overall and per async context) and fault injection. */
import type { LocalDb } from '../../local/db';
import { memDb, rejection } from './helpers';

let db: LocalDb;
beforeEach(() => {
  db = memDb();
});
afterEach(() => db.close());

describe('ops', () => {
  test('every database operation counts once', async () => {
    const c = db.collection('x');
    const steps: Array<() => Promise<unknown>> = [
      () => c.add({ data: { _id: 'a', n: 1 } }),
      () => c.doc('a').get(),
      () => c.doc('a').set({ data: { n: 2 } }),
      () => c.doc('a').update({ data: { n: 3 } }),
      () => c.where({ n: 3 }).get(),
      () => c.where({ n: 3 }).count(),
      () => c.where({ n: 3 }).update({ data: { n: 4 } }),
      () => c.where({ n: 4 }).remove(),
      () => c.doc('a').remove(),
    ];
    db.ops.reset();
    for (const [i, step] of steps.entries()) {
      await step();
      expect(db.ops.total).toBe(i + 1);
    }
  });

  test('inside a transaction every doc operation and add counts; commit and rollback do not', async () => {
    await db.collection('x').add({ data: { _id: 'a', n: 1 } });
    db.ops.reset();
    await db.runTransaction(async (tx) => {
      const c = tx.collection('x');
      await c.doc('a').get();
      await c.doc('a').update({ data: { n: 2 } });
      await c.doc('b').set({ data: { n: 1 } });
      await c.add({ data: { n: 5 } });
      await c.doc('b').remove();
    });
    expect(db.ops.total).toBe(5);
    const tx = await db.startTransaction();
    await tx.collection('x').doc('a').get();
    await tx.rollback();
    expect(db.ops.total).toBe(6);
  });

  test('measure counts only its own async context, even when calls run concurrently', async () => {
    const c = db.collection('x');
    db.ops.reset();
    const work = async (tag: string, n: number) => {
      for (let i = 0; i < n; i++) await c.add({ data: { tag, i } });
      return tag;
    };
    const [a, b] = await Promise.all([db.ops.measure(() => work('a', 3)), db.ops.measure(() => work('b', 5))]);
    expect(a).toEqual({ result: 'a', ops: 3 });
    expect(b).toEqual({ result: 'b', ops: 5 });
    expect(db.ops.total).toBe(8);
  });

  test('a measure inside another counts in both', async () => {
    const outer = await db.ops.measure(async () => {
      await db.collection('x').add({ data: {} });
      const inner = await db.ops.measure(async () => {
        await db.collection('x').count();
        await db.collection('x').count();
      });
      return inner.ops;
    });
    expect(outer).toEqual({ result: 2, ops: 3 });
  });
});

describe('faults', () => {
  const _ = () => db.command;
  const script = (d: LocalDb): Array<() => Promise<unknown>> => [
    () => d.collection('x').add({ data: { _id: 'a', n: 1 } }),
    () => d.collection('x').doc('a').update({ data: { n: d.command.inc(1) } }),
    () => d.collection('x').add({ data: { _id: 'b', n: 1 } }),
    () => d.collection('x').where({ n: 1 }).update({ data: { n: 10 } }),
    () => d.collection('x').doc('a').remove(),
  ];
  const expectedAfter = [
    [],
    [{ _id: 'a', n: 1 }],
    [{ _id: 'a', n: 2 }],
    [
      { _id: 'a', n: 2 },
      { _id: 'b', n: 1 },
    ],
    [
      { _id: 'a', n: 2 },
      { _id: 'b', n: 10 },
    ],
  ];

  test.each([1, 2, 3, 4, 5])('failAt(%i) fails exactly that operation, before any effect, and only once', async (n) => {
    const steps = script(db);
    db.faults.failAt(n);
    for (let i = 1; i <= steps.length; i++) {
      if (i < n) await steps[i - 1]();
      else if (i === n) {
        const e = (await rejection(steps[i - 1]())) as Error;
        expect(e.message).toBe(`injected fault at database operation ${n}`);
        expect((await db.collection('x').orderBy('_id', 'asc').get()).data).toEqual(expectedAfter[n - 1]);
      } else await steps[i - 1](); // the fault fired once; the rest run normally
    }
  });

  test('faults.clear() disarms', async () => {
    db.faults.failAt(1);
    db.faults.clear();
    await expect(db.collection('x').add({ data: {} })).resolves.toHaveProperty('_id');
  });

  test('a fault inside a transaction cuts it off with nothing applied', async () => {
    await db.collection('x').add({ data: { _id: 'a', n: 1 } });
    db.faults.failAt(2);
    await expect(
      db.runTransaction(async (tx) => {
        await tx.collection('x').doc('a').update({ data: { n: _().inc(1) } });
        await tx.collection('x').add({ data: { _id: 'b' } });
      }),
    ).rejects.toThrow('injected fault at database operation 2');
    expect((await db.collection('x').get()).data).toEqual([{ _id: 'a', n: 1 }]);
  });

  test('an idempotent credit cut off at any operation and retried credits exactly once', async () => {
    // The pattern the backend uses: the business event keys a ledger document, in one transaction with the balance.
    const credit = (d: LocalDb) =>
      d.runTransaction(async (tx) => {
        const seen = await tx.collection('ledger').doc('evt-1').get();
        if (seen.data) return 'already';
        await tx.collection('ledger').doc('evt-1').set({ data: { fen: 250 } });
        await tx.collection('wallet').doc('w').update({ data: { fen: d.command.inc(250) } });
        return 'credited';
      });
    const fresh = async () => {
      const d = memDb();
      await d.collection('wallet').add({ data: { _id: 'w', fen: 0 } });
      return d;
    };
    const probe = await fresh();
    const { ops } = await probe.ops.measure(() => credit(probe));
    probe.close();
    expect(ops).toBe(3);
    for (let n = 1; n <= ops; n++) {
      const d = await fresh();
      d.faults.failAt(n);
      await expect(credit(d)).rejects.toThrow(`injected fault at database operation ${n}`);
      expect((await d.collection('wallet').doc('w').get()).data.fen).toBe(0);
      expect(await credit(d)).toBe('credited');
      expect(await credit(d)).toBe('already');
      expect((await d.collection('wallet').doc('w').get()).data.fen).toBe(250);
      d.close();
    }
  });
});
