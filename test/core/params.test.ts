import { C } from '../../server/repo/docs';
import { startLocal, type TestCloud } from '../support/local';
import { becomeDistributor, distDoc, userDoc } from './helpers';

let t: TestCloud;
beforeEach(() => {
  t = startLocal();
});
afterEach(() => t.close());

describe('params validation of the onboarding, binding and admin actions', () => {
  const apiCases: Array<[string, string, object]> = [
    ['bind: code as an operator object', 'referral.bind', { code: { $gt: '' } }],
    ['bind: code as a number', 'referral.bind', { code: 123456 }],
    ['bind: scene as an array', 'referral.bind', { scene: ['c=ABC234'] }],
    ['bind: neither code nor scene', 'referral.bind', {}],
    ['bind: an extra key (identity smuggled)', 'referral.bind', { code: 'ABC234', openid: 'victim' }],
    ['bind: an overlong code', 'referral.bind', { code: 'A'.repeat(33) }],
    ['apply: realName as an object', 'distributor.apply', { realName: { $exists: true } }],
    ['apply: a bad phone', 'distributor.apply', { phone: 'call me' }],
    ['apply: an overlong realName', 'distributor.apply', { realName: '名'.repeat(21) }],
    ['apply: a fee field', 'distributor.apply', { feeFen: 0 }],
    ['poster: productId as an operator object', 'distributor.poster', { productId: { $ne: null } }],
    ['poster: productId as a number', 'distributor.poster', { productId: 42 }],
  ];
  it.each(apiCases)('%s → INVALID_ARGUMENT, nothing written', async (_l, action, params) => {
    const code = await becomeDistributor(t, 'A');
    const res = await t.apiRaw('F', action, params);
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringContaining('参数') });
    expect((await userDoc(t, 'F'))?.referrerOpenid ?? null).toBeNull();
    expect(await distDoc(t, 'F')).toBeNull();
    expect((await t.db.collection(C.scans).count()).total).toBe(0);
    expect(code).toBeTruthy();
  });

  const adminCases: Array<[string, string, object]> = [
    ['list: status not in the enum', 'distributor.list', { status: 'vip' }],
    ['list: q as an operator object', 'distributor.list', { q: { $regex: '.*' } }],
    ['list: an overlong q', 'distributor.list', { q: 'x'.repeat(41) }],
    ['review: approve as a string', 'distributor.review', { openid: 'A', approve: 'yes' }],
    ['review: openid as an operator object', 'distributor.review', { openid: { $gt: '' }, approve: true }],
    ['setStatus: pending', 'distributor.setStatus', { openid: 'A', status: 'pending' }],
    ['setStatus: an extra key', 'distributor.setStatus', { openid: 'A', status: 'disabled', why: 'x' }],
    ['changeReferrer: missing referrerOpenid', 'distributor.changeReferrer', { openid: 'A' }],
    ['changeReferrer: referrer as a number', 'distributor.changeReferrer', { openid: 'A', referrerOpenid: 7 }],
    ['admin.add: openid with spaces', 'admin.add', { openid: 'a b' }],
    ['admin.add: openid as an object', 'admin.add', { openid: { $ne: '' } }],
    ['settings.get: an extra key', 'settings.get', { x: 1 }],
  ];
  it.each(adminCases)('%s → INVALID_ARGUMENT, nothing changed', async (_l, action, params) => {
    await becomeDistributor(t, 'A');
    const res = await t.adminRaw(action, params);
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect((await distDoc(t, 'A'))?.status).toBe('active');
    expect((await t.db.collection(C.admins).count()).total).toBe(0);
  });

  it('identity comes from the WeChat context only', async () => {
    const code = await becomeDistributor(t, 'A');
    const res = await t.api('F', 'referral.bind', { code, userInfo: { openId: 'victim' } });
    expect(res.bound).toBe(true);
    expect((await userDoc(t, 'F'))?.referrerOpenid).toBe('A');
    expect(await userDoc(t, 'victim')).toBeNull();
  });
});
