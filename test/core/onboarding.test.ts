import { INVITE_ALPHABET } from '../../miniprogram/shared/invite-code';
import { startLocal, type TestCloud } from '../support/local';
import { dailyStats, distDoc, plantOrder } from './helpers';

let t: TestCloud;
beforeEach(() => {
  t = startLocal();
});
afterEach(() => t.close());

const CODE = new RegExp(`^[${INVITE_ALPHABET}]{6}$`);

describe('distributor.apply — open mode', () => {
  it('makes the user active at once with an invite code, every balance and counter at zero', async () => {
    const res = await t.api('alice', 'distributor.apply', { realName: '王丽', phone: '13800138000' });
    expect(res.status).toBe('active');
    expect(res.inviteCode).toMatch(CODE);
    const d = await distDoc(t, 'alice');
    expect(d).toMatchObject({
      status: 'active',
      inviteCode: res.inviteCode,
      realName: '王丽',
      phone: '13800138000',
      frozenFen: 0,
      availableFen: 0,
      withdrawingFen: 0,
      withdrawnFen: 0,
      lifetimeFen: 0,
      team: { level1: 0, level2: 0 },
      promoted: { orders: 0, salesFen: 0 },
      earnByDay: {},
      earnByMonth: {},
    });
    const login = await t.api('alice', 'user.login');
    expect(login.user.distributor).toEqual({ status: 'active', inviteCode: res.inviteCode });
    expect((await dailyStats(t)).newDistributors).toBe(1);
  });

  it('is idempotent: applying again answers the same code and counts no new distributor', async () => {
    const a = await t.api('alice', 'distributor.apply', {});
    const b = await t.api('alice', 'distributor.apply', {});
    expect(b).toEqual(a);
    expect((await dailyStats(t)).newDistributors).toBe(1);
  });

  it('two applications at once make one distributor with one code', async () => {
    const [a, b] = await Promise.all([
      t.api('alice', 'distributor.apply', {}),
      t.api('alice', 'distributor.apply', {}),
    ]);
    expect(a.inviteCode).toBe(b.inviteCode);
    const { total } = await t.db.collection('invite_codes').where({ openid: 'alice' }).count();
    expect(total).toBe(1);
    expect((await dailyStats(t)).newDistributors).toBe(1);
  });

  it('a disabled distributor applying again stays disabled (NOT_ELIGIBLE)', async () => {
    await t.api('alice', 'distributor.apply', {});
    await t.admin('distributor.setStatus', { openid: 'alice', status: 'disabled' });
    const res = await t.apiRaw('alice', 'distributor.apply', {});
    expect(res).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    expect((await distDoc(t, 'alice'))?.status).toBe('disabled');
  });
});

describe('distributor.apply — approval mode', () => {
  beforeEach(async () => {
    await t.admin('settings.update', { onboarding: { mode: 'approval' } });
  });

  it('is pending until an admin approves; approval issues the code', async () => {
    expect(await t.api('bob', 'distributor.apply', { realName: '李雷' })).toEqual({ status: 'pending' });
    expect(await t.api('bob', 'distributor.apply', {})).toEqual({ status: 'pending' });
    expect((await distDoc(t, 'bob'))?.inviteCode).toBeNull();
    expect((await dailyStats(t)).newDistributors ?? 0).toBe(0);

    const list = await t.admin('distributor.list', { status: 'pending' });
    expect(list.items.map((i: { openid: string }) => i.openid)).toEqual(['bob']);

    const reviewed = await t.admin('distributor.review', { openid: 'bob', approve: true });
    expect(reviewed.status).toBe('active');
    expect(reviewed.inviteCode).toMatch(CODE);
    expect(await t.api('bob', 'distributor.apply', {})).toEqual({ status: 'active', inviteCode: reviewed.inviteCode });
    expect((await dailyStats(t)).newDistributors).toBe(1);
    // Approving twice is the same decision; rejecting an approved one is a conflict.
    expect((await t.admin('distributor.review', { openid: 'bob', approve: true })).inviteCode).toBe(reviewed.inviteCode);
    expect(await t.adminRaw('distributor.review', { openid: 'bob', approve: false })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    expect((await dailyStats(t)).newDistributors).toBe(1);
  });

  it('a rejected user may apply again and is pending again', async () => {
    await t.api('bob', 'distributor.apply', {});
    expect((await t.admin('distributor.review', { openid: 'bob', approve: false })).status).toBe('rejected');
    const login = await t.api('bob', 'user.login');
    expect(login.user.distributor).toEqual({ status: 'rejected', inviteCode: null });
    expect(await t.api('bob', 'distributor.apply', {})).toEqual({ status: 'pending' });
    expect((await t.admin('distributor.review', { openid: 'bob', approve: true })).status).toBe('active');
  });

  it('reviewing someone who never applied is NOT_FOUND', async () => {
    expect(await t.adminRaw('distributor.review', { openid: 'nobody', approve: true })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });
});

describe('distributor.apply — threshold mode', () => {
  beforeEach(async () => {
    await t.admin('settings.update', { onboarding: { mode: 'threshold', thresholdFen: 10000 } });
  });

  it('refuses until own paid spend (net of refunds) reaches the threshold, saying how much is missing', async () => {
    const none = await t.apiRaw('carol', 'distributor.apply', {});
    expect(none).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    expect(none.ok === false && none.message).toContain('¥100.00');

    await plantOrder(t, 'carol', 'paid', 6000);
    await plantOrder(t, 'carol', 'received', 5000, 2000); // 3000 net
    await plantOrder(t, 'carol', 'pending', 50000); // unpaid: does not count
    await plantOrder(t, 'carol', 'closed', 50000);
    await plantOrder(t, 'carol', 'refunded', 50000, 50000);
    await plantOrder(t, 'dave', 'paid', 50000); // someone else's
    const short = await t.apiRaw('carol', 'distributor.apply', {});
    expect(short).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    expect(short.ok === false && short.message).toContain('还差 ¥10.00');
    expect(await distDoc(t, 'carol')).toBeNull();

    await plantOrder(t, 'carol', 'shipped', 1000);
    const res = await t.api('carol', 'distributor.apply', {});
    expect(res.status).toBe('active');
    expect(res.inviteCode).toMatch(CODE);
  });
});

describe('admin distributor management', () => {
  it('every admin action refuses a non-admin with FORBIDDEN and changes nothing', async () => {
    await t.api('alice', 'distributor.apply', {});
    const calls: Array<[string, object]> = [
      ['distributor.list', {}],
      ['distributor.review', { openid: 'alice', approve: false }],
      ['distributor.setStatus', { openid: 'alice', status: 'disabled' }],
      ['distributor.changeReferrer', { openid: 'alice', referrerOpenid: null }],
      ['settings.get', {}],
      ['settings.update', { rates: { level1Bps: 0 } }],
      ['admin.add', { openid: 'alice' }],
    ];
    for (const [action, params] of calls) {
      expect(await t.adminRaw(action, params, 'alice')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect((await distDoc(t, 'alice'))?.status).toBe('active');
    expect((await t.admin('settings.get')).settings.rates.level1Bps).toBe(1000);
    expect((await t.api('alice', 'user.login')).isAdmin).toBe(false);
  });

  it('admin.add grants admin rights', async () => {
    expect(await t.admin('admin.add', { openid: 'erin' })).toEqual({ openid: 'erin', added: true });
    expect(await t.admin('admin.add', { openid: 'erin' })).toEqual({ openid: 'erin', added: false });
    expect((await t.api('erin', 'user.login')).isAdmin).toBe(true);
    expect((await t.admin('settings.get', {}, 'erin')).settings).toBeDefined();
  });

  it('setStatus disables and re-enables; a pending application cannot be set active', async () => {
    await t.api('alice', 'distributor.apply', {});
    expect((await t.admin('distributor.setStatus', { openid: 'alice', status: 'disabled' })).status).toBe('disabled');
    expect((await distDoc(t, 'alice'))?.status).toBe('disabled');
    expect((await t.admin('distributor.setStatus', { openid: 'alice', status: 'active' })).status).toBe('active');
    expect((await distDoc(t, 'alice'))?.status).toBe('active');

    await t.admin('settings.update', { onboarding: { mode: 'approval' } });
    await t.api('bob', 'distributor.apply', {});
    expect(await t.adminRaw('distributor.setStatus', { openid: 'bob', status: 'active' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    expect(await t.adminRaw('distributor.setStatus', { openid: 'zed', status: 'active' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });

  it('distributor.list pages newest first with a cursor and filters by status', async () => {
    const names: string[] = [];
    for (let i = 0; i < 25; i++) {
      const n = `u${String(i).padStart(2, '0')}`;
      names.push(n);
      await t.api(n, 'distributor.apply', {});
      t.local.clock.advance(1000);
    }
    await t.admin('distributor.setStatus', { openid: 'u03', status: 'disabled' });
    const p1 = await t.admin('distributor.list', {});
    expect(p1.items).toHaveLength(20);
    expect(p1.nextCursor).toEqual(expect.any(String));
    const p2 = await t.admin('distributor.list', { cursor: p1.nextCursor });
    expect(p2.nextCursor).toBeNull();
    const all = [...p1.items, ...p2.items].map((i: { openid: string }) => i.openid);
    expect(all).toEqual([...names].reverse());
    const disabled = await t.admin('distributor.list', { status: 'disabled' });
    expect(disabled.items.map((i: { openid: string }) => i.openid)).toEqual(['u03']);
    expect(await t.adminRaw('distributor.list', { cursor: 'garbage' })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
  });

  it('distributor.list searches by invite code, nickname prefix and openid prefix', async () => {
    await t.api('o_alpha_1', 'user.updateProfile', { nickname: '小红花' });
    const code = (await t.api('o_alpha_1', 'distributor.apply', {})).inviteCode;
    await t.api('o_beta_2', 'user.updateProfile', { nickname: '大树' });
    await t.api('o_beta_2', 'distributor.apply', {});
    const ids = async (q: string) =>
      (await t.admin('distributor.list', { q })).items.map((i: { openid: string }) => i.openid);
    expect(await ids(code.toLowerCase())).toEqual(['o_alpha_1']);
    expect(await ids('小红')).toEqual(['o_alpha_1']);
    expect(await ids('大')).toEqual(['o_beta_2']);
    expect(await ids('o_beta')).toEqual(['o_beta_2']);
    expect((await ids('o_')).sort()).toEqual(['o_alpha_1', 'o_beta_2']);
    expect(await ids('nobody')).toEqual([]);
    // A nickname changed after applying is still found (the distributor record follows it).
    await t.api('o_beta_2', 'user.updateProfile', { nickname: '松树' });
    expect(await ids('松')).toEqual(['o_beta_2']);
  });
});
