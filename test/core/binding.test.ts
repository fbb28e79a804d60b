import { DAY_MS } from '../../server/core/time';
import { C } from '../../server/repo/docs';
import { startLocal, type TestCloud } from '../support/local';
import { becomeDistributor, dailyStats, distributorUnder, plantOrder, team, userDoc } from './helpers';

let t: TestCloud;
beforeEach(() => {
  t = startLocal();
});
afterEach(() => t.close());

const bind = (openid: string, params: object) => t.api(openid, 'referral.bind', params);

describe('referral.bind — refusals', () => {
  it('binds a new user to the code owner and fills the chain', async () => {
    const a = await becomeDistributor(t, 'A');
    const b = await distributorUnder(t, 'B', a);
    expect(await bind('F', { code: b })).toEqual({ bound: true });
    const f = await userDoc(t, 'F');
    expect(f).toMatchObject({ referrerOpenid: 'B', referrer2Openid: 'A', boundAt: expect.any(Number) });
    // The caller learns that they are bound, never the referrer's openid.
    const login = (await t.api('F', 'user.login')).user;
    expect(login.referrerOpenid).toEqual(expect.any(String));
    expect(JSON.stringify(login)).not.toMatch(/"(A|B)"/);
  });

  it('refuses self-referral', async () => {
    const a = await becomeDistributor(t, 'A');
    expect(await bind('A', { code: a })).toEqual({ bound: false, reason: 'SELF_REFERRAL' });
    expect((await userDoc(t, 'A'))?.referrerOpenid).toBeNull();
  });

  it('refuses an unknown or malformed code', async () => {
    await becomeDistributor(t, 'A');
    expect(await bind('F', { code: 'ZZZZZZ' })).toEqual({ bound: false, reason: 'UNKNOWN_CODE' });
    expect(await bind('F', { code: 'not a code' })).toEqual({ bound: false, reason: 'UNKNOWN_CODE' });
    expect(await bind('F', { scene: 'x=1' })).toEqual({ bound: false, reason: 'UNKNOWN_CODE' });
    expect((await userDoc(t, 'F'))?.referrerOpenid).toBeNull();
  });

  it('refuses an inactive (disabled) referrer', async () => {
    const a = await becomeDistributor(t, 'A');
    await t.admin('distributor.setStatus', { openid: 'A', status: 'disabled' });
    expect(await bind('F', { code: a })).toEqual({ bound: false, reason: 'REFERRER_INACTIVE' });
    await t.admin('distributor.setStatus', { openid: 'A', status: 'active' });
    expect((await bind('F', { code: a })).bound).toBe(true);
  });

  it('refuses a cycle at depth ≥ 3 (A → B → C → D, A scans D)', async () => {
    await t.admin('settings.update', { binding: { mode: 'last_click' } });
    const a = await becomeDistributor(t, 'A');
    const b = await distributorUnder(t, 'B', a);
    const c = await distributorUnder(t, 'C', b);
    const d = await distributorUnder(t, 'D', c);
    // Even in last_click mode, where any valid bind replaces the old one:
    expect(await bind('A', { code: d })).toEqual({ bound: false, reason: 'CYCLE' });
    expect(await bind('A', { code: c })).toEqual({ bound: false, reason: 'CYCLE' });
    expect(await bind('B', { code: d })).toEqual({ bound: false, reason: 'CYCLE' });
    expect((await userDoc(t, 'A'))?.referrerOpenid).toBeNull();
    expect(await team(t, 'D')).toEqual({ level1: 0, level2: 0 });
  });

  it('refuses an already bound user in permanent mode', async () => {
    const a = await becomeDistributor(t, 'A');
    const b = await becomeDistributor(t, 'B');
    await bind('F', { code: a });
    expect(await bind('F', { code: b })).toEqual({ bound: false, reason: 'ALREADY_BOUND' });
    expect(await bind('F', { code: a })).toEqual({ bound: false, reason: 'ALREADY_BOUND' });
    expect((await userDoc(t, 'F'))?.referrerOpenid).toBe('A');
    expect(await team(t, 'A')).toEqual({ level1: 1, level2: 0 });
    expect(await team(t, 'B')).toEqual({ level1: 0, level2: 0 });
  });

  it('refuses a user with a paid order when newUsersOnly is on', async () => {
    const a = await becomeDistributor(t, 'A');
    await t.admin('settings.update', { binding: { newUsersOnly: true } });
    await plantOrder(t, 'G', 'pending', 1000); // unpaid: still a new user
    await plantOrder(t, 'F', 'received', 1000);
    expect(await bind('F', { code: a })).toEqual({ bound: false, reason: 'NOT_NEW_USER' });
    expect(await bind('G', { code: a })).toEqual({ bound: true });
  });
});

describe('referral.bind — scene, scans and stats', () => {
  it('reads the code from a scene (encoded or not); code wins over scene', async () => {
    const a = await becomeDistributor(t, 'A');
    const b = await becomeDistributor(t, 'B');
    expect(await bind('F1', { scene: `c=${a}` })).toEqual({ bound: true });
    expect(await bind('F2', { scene: encodeURIComponent(`c=${a}&p=xyz`) })).toEqual({ bound: true });
    expect(await bind('F3', { scene: a })).toEqual({ bound: true });
    expect(await bind('F4', { code: b.toLowerCase(), scene: `c=${a}` })).toEqual({ bound: true });
  });

  it('records every scan with its result and counts scans and new bindings per day', async () => {
    const a = await becomeDistributor(t, 'A');
    await bind('F', { code: a, scene: `c=${a}` });
    await bind('F', { code: a });
    await bind('G', { code: 'ZZZZZZ' });
    const { data } = await t.db.collection(C.scans).orderBy('at', 'asc').limit(10).get();
    expect(data.map((s) => [s.openid, s.code, s.result])).toEqual([
      ['F', a, 'bound'],
      ['F', a, 'ALREADY_BOUND'],
      ['G', 'ZZZZZZ', 'UNKNOWN_CODE'],
    ]);
    expect(data[0]).toMatchObject({ scene: `c=${a}`, at: expect.any(Number) });
    const stats = await dailyStats(t);
    expect(stats.scans).toBe(3);
    expect(stats.newBindings).toBe(1);
  });
});

describe('referral.bind — binding modes', () => {
  it('window: the binding holds for windowDays, then a new bind replaces it', async () => {
    await t.admin('settings.update', { binding: { mode: 'window', windowDays: 7 } });
    const a = await becomeDistributor(t, 'A');
    const b = await becomeDistributor(t, 'B');
    const before = t.local.clock.now();
    await bind('F', { code: a });
    const f = await userDoc(t, 'F');
    expect(f!.boundAt!).toBeGreaterThanOrEqual(before);

    t.local.clock.advance(6 * DAY_MS);
    expect(await bind('F', { code: b })).toEqual({ bound: false, reason: 'ALREADY_BOUND' });
    t.local.clock.advance(DAY_MS + 1000);
    expect(await bind('F', { code: b })).toEqual({ bound: true });
    expect((await userDoc(t, 'F'))?.referrerOpenid).toBe('B');
    expect(await team(t, 'A')).toEqual({ level1: 0, level2: 0 });
    expect(await team(t, 'B')).toEqual({ level1: 1, level2: 0 });
  });

  it('window: a lapsed binding renewed by the same referrer keeps the counters', async () => {
    await t.admin('settings.update', { binding: { mode: 'window', windowDays: 1 } });
    const a = await becomeDistributor(t, 'A');
    await bind('F', { code: a });
    t.local.clock.advance(2 * DAY_MS);
    expect(await bind('F', { code: a })).toEqual({ bound: true });
    const f = await userDoc(t, 'F');
    expect(f!.boundAt).toBeGreaterThan(t.local.clock.now() - DAY_MS);
    expect(await team(t, 'A')).toEqual({ level1: 1, level2: 0 });
  });

  it('last_click: every valid bind replaces the previous one', async () => {
    await t.admin('settings.update', { binding: { mode: 'last_click' } });
    const a = await becomeDistributor(t, 'A');
    const b = await becomeDistributor(t, 'B');
    expect((await bind('F', { code: a })).bound).toBe(true);
    expect((await bind('F', { code: b })).bound).toBe(true);
    expect((await userDoc(t, 'F'))?.referrerOpenid).toBe('B');
    expect((await bind('F', { code: a })).bound).toBe(true);
    expect((await userDoc(t, 'F'))?.referrerOpenid).toBe('A');
    expect(await team(t, 'A')).toEqual({ level1: 1, level2: 0 });
    expect(await team(t, 'B')).toEqual({ level1: 0, level2: 0 });
  });
});

describe('team counters', () => {
  it('count level 1 and level 2 members, distributors or not', async () => {
    const a = await becomeDistributor(t, 'A');
    const b = await distributorUnder(t, 'B', a);
    await bind('F1', { code: b });
    await bind('F2', { code: b });
    await bind('F3', { code: a });
    expect(await team(t, 'A')).toEqual({ level1: 2, level2: 2 });
    expect(await team(t, 'B')).toEqual({ level1: 2, level2: 0 });
  });

  it('a rebind moves the user and their direct team to the new upline', async () => {
    await t.admin('settings.update', { binding: { mode: 'last_click' } });
    // R1 ← P1 ← M (M has direct team X, Y; X has Z), R2 ← P2
    const r1 = await becomeDistributor(t, 'R1');
    const p1 = await distributorUnder(t, 'P1', r1);
    const r2 = await becomeDistributor(t, 'R2');
    const p2 = await distributorUnder(t, 'P2', r2);
    const m = await distributorUnder(t, 'M', p1);
    const x = await distributorUnder(t, 'X', m);
    await bind('Y', { code: m });
    await bind('Z', { code: x });
    expect(await team(t, 'P1')).toEqual({ level1: 1, level2: 2 });
    expect(await team(t, 'R1')).toEqual({ level1: 1, level2: 1 });

    expect(await bind('M', { code: p2 })).toEqual({ bound: true });
    expect(await team(t, 'P1')).toEqual({ level1: 0, level2: 0 });
    expect(await team(t, 'R1')).toEqual({ level1: 1, level2: 0 });
    expect(await team(t, 'P2')).toEqual({ level1: 1, level2: 2 });
    expect(await team(t, 'R2')).toEqual({ level1: 1, level2: 1 });
    expect(await team(t, 'M')).toEqual({ level1: 2, level2: 1 });
    expect(await userDoc(t, 'M')).toMatchObject({ referrerOpenid: 'P2', referrer2Openid: 'R2' });
    expect(await userDoc(t, 'X')).toMatchObject({ referrerOpenid: 'M', referrer2Openid: 'P2' });
    expect(await userDoc(t, 'Y')).toMatchObject({ referrerOpenid: 'M', referrer2Openid: 'P2' });
    expect(await userDoc(t, 'Z')).toMatchObject({ referrerOpenid: 'X', referrer2Openid: 'M' });
  });

  it('two binds of one user at once (two codes) end with one referrer and right counters', async () => {
    const a = await becomeDistributor(t, 'A');
    const b = await becomeDistributor(t, 'B');
    const up = await becomeDistributor(t, 'U');
    await distributorUnder(t, 'A2', up);
    const a2 = (await t.api('A2', 'user.login')).user.distributor.inviteCode;
    for (let i = 0; i < 5; i++) {
      const f = `F${i}`;
      const owners = [i % 2 ? 'A' : 'A2', 'B'];
      const res = await Promise.all([bind(f, { code: i % 2 ? a : a2 }), bind(f, { code: b })]);
      expect(res.filter((r) => r.bound)).toHaveLength(1);
      expect(res.filter((r) => !r.bound).map((r) => r.reason)).toEqual(['ALREADY_BOUND']);
      const winner = owners[res.findIndex((r) => r.bound)];
      expect((await userDoc(t, f))?.referrerOpenid).toBe(winner);
    }
    const counts = [(await team(t, 'A'))!.level1, (await team(t, 'A2'))!.level1, (await team(t, 'B'))!.level1];
    expect(counts.reduce((s, n) => s + n, 0)).toBe(5);
    // U's level 2 is exactly the users that ended under A2.
    const underA2 = await t.db.collection(C.users).where({ referrerOpenid: 'A2' }).count();
    expect((await team(t, 'U'))!.level2).toBe(underA2.total);
    const stats = await dailyStats(t);
    expect(stats.newBindings).toBe(6); // A2 under U, and one per F
  });
});

describe('distributor.changeReferrer (admin)', () => {
  it('moves a user with their subtree and keeps every counter right; null unbinds', async () => {
    const r1 = await becomeDistributor(t, 'R1');
    const p1 = await distributorUnder(t, 'P1', r1);
    const r2 = await becomeDistributor(t, 'R2');
    await distributorUnder(t, 'P2', r2);
    const m = await distributorUnder(t, 'M', p1);
    const x = await distributorUnder(t, 'X', m);
    await bind('Y', { code: m });
    await bind('Z', { code: x });

    const res = await t.admin('distributor.changeReferrer', { openid: 'M', referrerOpenid: 'P2' });
    expect(res).toEqual({ openid: 'M', referrerOpenid: 'P2', referrer2Openid: 'R2' });
    expect(await team(t, 'P1')).toEqual({ level1: 0, level2: 0 });
    expect(await team(t, 'R1')).toEqual({ level1: 1, level2: 0 });
    expect(await team(t, 'P2')).toEqual({ level1: 1, level2: 2 });
    expect(await team(t, 'R2')).toEqual({ level1: 1, level2: 1 });
    expect(await userDoc(t, 'X')).toMatchObject({ referrer2Openid: 'P2' });
    expect(await userDoc(t, 'Y')).toMatchObject({ referrer2Openid: 'P2' });

    // Up to the grandparent: P2 loses M, R2 gains M directly and M's team as level 2.
    await t.admin('distributor.changeReferrer', { openid: 'M', referrerOpenid: 'R2' });
    expect(await team(t, 'P2')).toEqual({ level1: 0, level2: 0 });
    expect(await team(t, 'R2')).toEqual({ level1: 2, level2: 2 });

    await t.admin('distributor.changeReferrer', { openid: 'M', referrerOpenid: null });
    expect(await team(t, 'R2')).toEqual({ level1: 1, level2: 0 });
    expect(await userDoc(t, 'M')).toMatchObject({ referrerOpenid: null, referrer2Openid: null });
    expect(await userDoc(t, 'X')).toMatchObject({ referrerOpenid: 'M', referrer2Openid: null });
  });

  it('refuses self (INVALID_ARGUMENT) and cycles at any depth (CONFLICT), changing nothing', async () => {
    const a = await becomeDistributor(t, 'A');
    const b = await distributorUnder(t, 'B', a);
    const c = await distributorUnder(t, 'C', b);
    await distributorUnder(t, 'D', c);
    expect(await t.adminRaw('distributor.changeReferrer', { openid: 'A', referrerOpenid: 'A' })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    const cyc = await t.adminRaw('distributor.changeReferrer', { openid: 'A', referrerOpenid: 'D' });
    expect(cyc).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(cyc.ok === false && cyc.message).toContain('循环');
    expect((await userDoc(t, 'A'))?.referrerOpenid).toBeNull();
    expect(await team(t, 'D')).toEqual({ level1: 0, level2: 0 });
    expect(await t.adminRaw('distributor.changeReferrer', { openid: 'ghost', referrerOpenid: 'A' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    await t.api('F', 'user.login');
    expect(await t.adminRaw('distributor.changeReferrer', { openid: 'A', referrerOpenid: 'F' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });
});
