import { C } from '../../server/repo/docs';
import { withdrawalIdFor } from '../../server/rules/withdrawal';
import { failEachOpThenRetry } from '../support/faults';
import { DAY_MS, L1_UNIT, shop, type Shop } from '../support/shop';
import { moneySnapshot } from '../support/snapshot';

/** bob with `units` × 1000 fen available (paid, received, settled). */
async function withAvailable(units: number, settings?: object): Promise<Shop> {
  const s = await shop({ settings });
  await s.buyReceived(units);
  s.local.clock.advance(7 * DAY_MS + 1000);
  await s.settle();
  expect(await s.balance('bob')).toMatchObject({ available: units * L1_UNIT });
  return s;
}

const holdsOf = async (s: Shop, openid: string) =>
  (await s.withdrawals(openid)).reduce((sum, w) => sum + w.events.reduce((x, e) => x + (e.withdrawingFen ?? 0), 0), 0);

describe('withdrawals', () => {
  let s: Shop;
  afterEach(() => s?.close());

  test('20 concurrent requests on one balance: never overdrawn, holds sum right', async () => {
    s = await withAvailable(5, { withdrawal: { dailyCount: 100 } });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => s.apiRaw('bob', 'withdrawal.request', { amountFen: L1_UNIT, channel: 'wechat' })),
    );
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(5);
    expect(results.filter((r) => !r.ok).map((r) => (r as { code: string }).code)).toEqual(Array(15).fill('INSUFFICIENT_BALANCE'));
    expect(new Set(ok.map((r) => (r as { data: { withdrawalId: string } }).data.withdrawalId)).size).toBe(5);
    expect(await s.balance('bob')).toMatchObject({ available: 0, withdrawing: 5 * L1_UNIT });
    expect(await holdsOf(s, 'bob')).toBe(5 * L1_UNIT);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('a request sent again with its requestId (the answer was lost) is the same request, held once', async () => {
    s = await withAvailable(3, { withdrawal: { dailyCount: 100 } });
    const ask = (amountFen: number, requestId = 'tap-0001-abcd') =>
      s.apiRaw('bob', 'withdrawal.request', { amountFen, channel: 'wechat', requestId });
    // The client's retries arrive at once and again later: one withdrawal, one hold.
    const first = await Promise.all([ask(L1_UNIT), ask(L1_UNIT), ask(L1_UNIT)]);
    const again = await ask(L1_UNIT);
    const ids = [...first, again].map((r) => (r as { data: { withdrawalId: string } }).data.withdrawalId);
    expect(new Set(ids).size).toBe(1);
    expect(await s.balance('bob')).toMatchObject({ available: 2 * L1_UNIT, withdrawing: L1_UNIT });
    // The same key with another amount is not a retry: refused, nothing held.
    expect(await ask(2 * L1_UNIT)).toMatchObject({ ok: false, code: 'CONFLICT' });
    // Reviewed meanwhile: the replay answers the current status.
    await s.admin('withdrawal.review', { withdrawalId: ids[0], approve: true });
    expect(await ask(L1_UNIT)).toMatchObject({ ok: true, data: { withdrawalId: ids[0], status: 'approved' } });
    // A new key is a new request.
    expect(await ask(L1_UNIT, 'tap-0002-abcd')).toMatchObject({ ok: true, data: { status: 'pending' } });
    expect(await s.balance('bob')).toMatchObject({ available: L1_UNIT, withdrawing: 2 * L1_UNIT });
    expect(await ask(L1_UNIT, 'bad key!')).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('a requestId replay only ever answers the caller’s own withdrawal (ids never collide across users)', async () => {
    s = await withAvailable(3, { withdrawal: { dailyCount: 100 } });
    // bob's key `tap-0001-x` and the key `tap-0001` of a user whose openid is `x-bob` were once the same
    // withdrawal id (`W-tap-0001-x-bob`): the second user's "replay" answered bob's withdrawal.
    const mine = await s.api('bob', 'withdrawal.request', { amountFen: L1_UNIT, channel: 'wechat', requestId: 'tap-0001-x' });
    await s.api('x-bob', 'distributor.apply', {});
    const theirs = await s.apiRaw('x-bob', 'withdrawal.request', { amountFen: L1_UNIT, channel: 'wechat', requestId: 'tap-0001' });
    expect(theirs).toMatchObject({ ok: false, code: 'INSUFFICIENT_BALANCE' });
    expect(JSON.stringify(theirs)).not.toContain(mine.withdrawalId);
    expect(await s.withdrawals('x-bob')).toEqual([]);

    // Whatever stored record a key names, a replay checks its owner: another user's is never answered.
    const planted = withdrawalIdFor('x-bob', 'tap-0002');
    const bobs = (await s.withdrawals('bob'))[0];
    await s.db.collection(C.withdrawals).add({ data: { ...bobs, _id: planted } });
    const replay = await s.apiRaw('x-bob', 'withdrawal.request', { amountFen: L1_UNIT, channel: 'wechat', requestId: 'tap-0002' });
    expect(replay).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(JSON.stringify(replay)).not.toContain('bob');
  });

  test('limits: min, max, daily count (China day), fee, account, not a distributor', async () => {
    s = await withAvailable(10, { withdrawal: { minFen: 200, maxFen: 3000, dailyCount: 2, feeBps: 150 } });
    const code = async (params: object, who = 'bob') => {
      const r = await s.apiRaw(who, 'withdrawal.request', params);
      return r.ok ? 'ok' : r.code;
    };
    expect(await code({ amountFen: 199, channel: 'wechat' })).toBe('LIMIT_EXCEEDED');
    expect(await code({ amountFen: 3001, channel: 'wechat' })).toBe('LIMIT_EXCEEDED');
    expect(await code({ amountFen: 500, channel: 'alipay' })).toBe('INVALID_ARGUMENT');
    expect(await code({ amountFen: 500, channel: 'bank', account: '   ' })).toBe('INVALID_ARGUMENT');
    expect(await code({ amountFen: 500, channel: 'bank', account: 'x'.repeat(65) })).toBe('INVALID_ARGUMENT');
    expect(await code({ amountFen: 500.5, channel: 'wechat' })).toBe('INVALID_ARGUMENT');
    expect(await code({ amountFen: 500, channel: 'paypal' })).toBe('INVALID_ARGUMENT');
    expect(await code({ amountFen: 500, channel: 'wechat', openid: 'alice' })).toBe('INVALID_ARGUMENT');
    expect(await code({ amountFen: 500, channel: 'wechat' }, 'carol')).toBe('NOT_ELIGIBLE');
    expect(await s.balance('bob')).toMatchObject({ available: 10 * L1_UNIT, withdrawing: 0 });

    const first = await s.api('bob', 'withdrawal.request', { amountFen: 999, channel: 'alipay', account: ' bob@alipay ' });
    expect(first).toMatchObject({ status: 'pending', feeFen: 14, netFen: 985 }); // floor(999 × 150 / 10000) = 14
    await s.api('bob', 'withdrawal.request', { amountFen: 200, channel: 'bank', account: '6222 0000 1111' });
    expect(await code({ amountFen: 200, channel: 'wechat' })).toBe('LIMIT_EXCEEDED');
    expect(await s.balance('bob')).toMatchObject({ available: 10 * L1_UNIT - 1199, withdrawing: 1199 });

    // The next China-time day the count starts again.
    const now = s.local.clock.now();
    const nextChinaMidnight = Math.floor((now + 8 * 3600_000) / DAY_MS + 1) * DAY_MS - 8 * 3600_000;
    s.local.clock.advance(nextChinaMidnight - now - 1000);
    expect(await code({ amountFen: 200, channel: 'wechat' })).toBe('LIMIT_EXCEEDED');
    s.local.clock.advance(2000);
    expect(await code({ amountFen: 200, channel: 'wechat' })).toBe('ok');

    const mine = await s.api('bob', 'withdrawal.list');
    expect(mine.items.map((w: { amountFen: number }) => w.amountFen)).toEqual([200, 200, 999]);
    expect(mine.items[2]).toMatchObject({ channel: 'alipay', feeFen: 14, netFen: 985, status: 'pending' });
    expect((await s.api('alice', 'withdrawal.list')).items).toEqual([]);
    const queue = await s.admin('withdrawal.list', { status: 'pending' });
    expect(queue.items.map((w: { account: string }) => w.account)).toEqual(['', '6222 0000 1111', 'bob@alipay']);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('review: reject releases the hold, approve then mark paid moves it to withdrawn; each once', async () => {
    s = await withAvailable(3);
    const a = await s.api('bob', 'withdrawal.request', { amountFen: 1000, channel: 'wechat' });
    const b = await s.api('bob', 'withdrawal.request', { amountFen: 1500, channel: 'wechat' });
    expect(await s.balance('bob')).toMatchObject({ available: 500, withdrawing: 2500 });

    expect(await s.adminRaw('withdrawal.markPaid', { withdrawalId: a.withdrawalId })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await s.adminRaw('withdrawal.review', { withdrawalId: a.withdrawalId, approve: true }, 'bob')).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await s.adminRaw('withdrawal.review', { withdrawalId: 'W9-nobody', approve: true })).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    s.local.outbox.failNext(1); // the message fails; the review stands
    expect(await s.admin('withdrawal.review', { withdrawalId: a.withdrawalId, approve: false, note: '账户信息有误' })).toEqual({
      withdrawalId: a.withdrawalId,
      status: 'rejected',
    });
    expect(await s.balance('bob')).toMatchObject({ available: 1500, withdrawing: 1500 });
    expect(await s.adminRaw('withdrawal.review', { withdrawalId: a.withdrawalId, approve: true })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await s.balance('bob')).toMatchObject({ available: 1500, withdrawing: 1500 });

    await s.admin('withdrawal.review', { withdrawalId: b.withdrawalId, approve: true });
    expect(await s.balance('bob')).toMatchObject({ available: 1500, withdrawing: 1500, withdrawn: 0 });
    await s.admin('withdrawal.markPaid', { withdrawalId: b.withdrawalId });
    expect(await s.adminRaw('withdrawal.markPaid', { withdrawalId: b.withdrawalId })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await s.balance('bob')).toMatchObject({ available: 1500, withdrawing: 0, withdrawn: 1500 });

    const sent = s.local.outbox.entries.filter((e) => (e.payload as { touser: string }).touser === 'bob' && JSON.stringify(e.payload).includes('提现'));
    expect(sent).toHaveLength(1); // the approval; the rejection's message was the failed one
    const list = await s.api('bob', 'withdrawal.list');
    expect(list.items.map((w: { status: string; note: string }) => [w.status, w.note])).toEqual([
      ['paid', ''],
      ['rejected', '账户信息有误'],
    ]);
    const ws = await s.withdrawals('bob');
    expect(ws.find((w) => w._id === a.withdrawalId)!.events.map((e) => e.type)).toEqual(['hold', 'release']);
    expect(ws.find((w) => w._id === b.withdrawalId)!.events.map((e) => e.type)).toEqual(['hold', 'payout']);
    expect((await s.reconcile()).ok).toBe(true);
  });

  test('fault at each database operation of withdrawal.request, then retry: exactly one withdrawal', async () => {
    const params = { amountFen: 100, channel: 'wechat' };
    const { ops } = await failEachOpThenRetry({
      setup: async () => {
        const w = await withAvailable(2, { withdrawal: { dailyCount: 100 } });
        return Object.assign(w, { before: await w.balance('bob') });
      },
      act: (w) => w.apiRaw('bob', 'withdrawal.request', params),
      afterCut: async (w, n, failed) => {
        // Refused as a whole: no balance moved, no record written.
        expect({ n, ok: (failed as { ok: boolean }).ok }).toEqual({ n, ok: false });
        expect({ n, balance: await w.balance('bob'), count: (await w.withdrawals('bob')).length }).toEqual({ n, balance: w.before, count: 0 });
      },
      snapshot: (w) => moneySnapshot(w.local),
      check: async (w, n) => {
        expect({ n, count: (await w.withdrawals('bob')).length, holds: await holdsOf(w, 'bob') }).toEqual({ n, count: 1, holds: 100 });
        expect({ n, bob: await w.balance('bob') }).toMatchObject({ n, bob: { available: w.before.available - 100, withdrawing: 100 } });
        expect({ n, ok: (await w.reconcile()).ok }).toEqual({ n, ok: true });
      },
    });
    expect(ops).toBeGreaterThanOrEqual(5);
  });
});
