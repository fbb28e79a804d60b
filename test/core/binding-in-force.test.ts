import { ADDRESS } from '../support/delivery';
import { DAY_MS } from '../../server/core/time';
import { C, type CommissionDoc, type OrderDoc } from '../../server/repo/docs';
import { bindingInForce } from '../../server/rules/binding';
import { startLocal, type TestCloud } from '../support/local';
import { becomeDistributor, userDoc } from './helpers';

/**
 * One meaning for a binding (PRODUCT.md "Binding in force"): whether it holds is decided from when
 * it was made and the shop's CURRENT mode and window, the same way by the bind rules, the order's
 * chain, the team views and the admin tree.
 */
let t: TestCloud;
let productId: string;
beforeEach(async () => {
  t = startLocal();
  productId = (await t.admin('product.upsert', { title: '茶叶', priceFen: 10000, stock: 100, status: 'on' })).id;
});
afterEach(() => t.close());

const bind = (openid: string, code: string) => t.api(openid, 'referral.bind', { code });
const binding = (b: object) => t.admin('settings.update', { binding: b });

async function order(buyer: string): Promise<OrderDoc> {
  const { orderId } = await t.api(buyer, 'order.create', { items: [{ productId, quantity: 1 }], address: ADDRESS });
  const { data } = await t.db.collection<OrderDoc>(C.orders).where({ _id: orderId }).get();
  return data[0];
}

async function earnedBy(openid: string): Promise<number> {
  const { data } = await t.db.collection<CommissionDoc>(C.commissions).where({ beneficiaryOpenid: openid }).get();
  return data.reduce((s, c) => s + c.amountFen, 0);
}

describe('bindingInForce (the one rule)', () => {
  const now = 100 * DAY_MS;
  const at = (boundAt: number | null) => ({ referrerOpenid: 'A', boundAt });
  it('permanent and last_click: every binding holds, however old', () => {
    for (const mode of ['permanent', 'last_click'] as const) {
      expect(bindingInForce(at(0), { mode, windowDays: 30 }, now)).toBe(true);
      expect(bindingInForce(at(now - 400 * DAY_MS), { mode, windowDays: 30 }, now)).toBe(true);
    }
  });
  it('window: in force for windowDays after it was made, lapsed from then on', () => {
    const w = { mode: 'window' as const, windowDays: 30 };
    expect(bindingInForce(at(now - 30 * DAY_MS + 1), w, now)).toBe(true);
    expect(bindingInForce(at(now - 30 * DAY_MS), w, now)).toBe(false);
    expect(bindingInForce(at(now - 40 * DAY_MS), w, now)).toBe(false);
    expect(bindingInForce(at(null), w, now)).toBe(false);
  });
  it('no binding is never in force', () => {
    expect(bindingInForce({ referrerOpenid: null, boundAt: now }, { mode: 'permanent', windowDays: 30 }, now)).toBe(false);
  });
});

describe('after a mode change the current mode rules', () => {
  it('window → permanent: a binding whose window passed holds again (pays its referrer; no rebind)', async () => {
    await binding({ mode: 'window', windowDays: 30 });
    const a = await becomeDistributor(t, 'A');
    const b = await becomeDistributor(t, 'B');
    await bind('F', a);
    t.local.clock.advance(40 * DAY_MS);
    await binding({ mode: 'permanent' });
    expect(await bind('F', b)).toEqual({ bound: false, reason: 'ALREADY_BOUND' });
    expect((await order('F')).chain).toEqual({ level1: 'A', level2: null });
  });

  it('permanent → window: a 40-day-old binding (window 30) is lapsed: pays no one, a new bind replaces it', async () => {
    const a = await becomeDistributor(t, 'A');
    const b = await becomeDistributor(t, 'B');
    await bind('F', a);
    t.local.clock.advance(40 * DAY_MS);
    await binding({ mode: 'window', windowDays: 30 });
    expect((await order('F')).chain).toEqual({ level1: null, level2: null });
    expect((await bind('F', b)).bound).toBe(true);
    expect((await order('F')).chain).toEqual({ level1: 'B', level2: null });
  });

  it('a longer window revives a binding the shorter one had lapsed', async () => {
    await binding({ mode: 'window', windowDays: 7 });
    const a = await becomeDistributor(t, 'A');
    await bind('F', a);
    t.local.clock.advance(10 * DAY_MS);
    expect((await order('F')).chain.level1).toBeNull();
    await binding({ windowDays: 30 });
    expect((await order('F')).chain.level1).toBe('A');
  });

  it('the stored document carries no expiry fixed at bind time', async () => {
    await binding({ mode: 'window', windowDays: 30 });
    const a = await becomeDistributor(t, 'A');
    await bind('F', a);
    expect(await userDoc(t, 'F')).not.toHaveProperty('bindExpiresAt');
  });
});

describe('a lapsed link pays no one at any level', () => {
  /** T ← M (35 days old, lapsed in a 30-day window) ← F (15 days old, in force). */
  async function lapsedMiddle() {
    await binding({ mode: 'window', windowDays: 30 });
    const top = await becomeDistributor(t, 'T');
    await bind('M', top);
    const mid = await becomeDistributor(t, 'M');
    t.local.clock.advance(20 * DAY_MS);
    await bind('F', mid);
    t.local.clock.advance(15 * DAY_MS);
  }

  it('mid’s lapsed binding to top: top earns no level 2 on mid’s friends; mid still earns level 1', async () => {
    await lapsedMiddle();
    const o = await order('F');
    expect(o.chain).toEqual({ level1: 'M', level2: null });
    await t.local.pay.pay(o.outTradeNo);
    expect(await earnedBy('M')).toBe(1000);
    expect(await earnedBy('T')).toBe(0);
  });

  it('self-purchase: a distributor whose own binding lapsed is level 1 alone', async () => {
    await lapsedMiddle();
    await t.admin('settings.update', { selfPurchase: true });
    expect((await order('M')).chain).toEqual({ level1: 'M', level2: null });
  });

  it('team views and the admin tree say which links are in force', async () => {
    await lapsedMiddle();
    const tL1 = await t.api('T', 'distributor.team', { level: 1 });
    expect(tL1.items.map((m: { nickname: string; inForce: boolean }) => m.inForce)).toEqual([false]);
    const tL2 = await t.api('T', 'distributor.team', { level: 2 });
    expect(tL2.items.map((m: { inForce: boolean }) => m.inForce)).toEqual([false]);
    const mL1 = await t.api('M', 'distributor.team', { level: 1 });
    expect(mL1.items.map((m: { inForce: boolean }) => m.inForce)).toEqual([true]);

    const tree = await t.admin('distributor.tree', { openid: 'M' });
    expect(tree.upline.map((u: { openid: string; inForce: boolean }) => [u.openid, u.inForce])).toEqual([['T', false]]);
    expect(tree.level1.items.map((u: { openid: string; inForce: boolean }) => [u.openid, u.inForce])).toEqual([['F', true]]);
    const top = await t.admin('distributor.tree', { openid: 'T' });
    expect(top.level1.items.map((u: { openid: string; inForce: boolean }) => [u.openid, u.inForce])).toEqual([['M', false]]);
    expect(top.level2.items.map((u: { openid: string; inForce: boolean }) => [u.openid, u.inForce])).toEqual([['F', false]]);
    const f = await t.admin('distributor.tree', { openid: 'F' });
    expect(f.upline.map((u: { openid: string; inForce: boolean }) => [u.openid, u.inForce])).toEqual([['M', true], ['T', false]]);

    // Back to permanent: every link holds again, everywhere.
    await binding({ mode: 'permanent' });
    expect((await t.api('T', 'distributor.team', { level: 2 })).items[0].inForce).toBe(true);
    expect((await t.admin('distributor.tree', { openid: 'F' })).upline.map((u: { inForce: boolean }) => u.inForce)).toEqual([true, true]);
    expect((await order('F')).chain).toEqual({ level1: 'M', level2: 'T' });
  });
});

describe('settings that change who earns: previewed, then audited', () => {
  /** Three bindings made 40, 10 and 0 days ago, in permanent mode. */
  async function threeBindings() {
    const a = await becomeDistributor(t, 'A');
    await bind('F1', a);
    t.local.clock.advance(30 * DAY_MS);
    await bind('F2', a);
    t.local.clock.advance(10 * DAY_MS);
    await bind('F3', a);
  }

  it('settings.bindingImpact tells how many existing bindings would lapse or revive, and saves nothing', async () => {
    await threeBindings();
    const toWindow = await t.admin('settings.bindingImpact', { mode: 'window', windowDays: 30 });
    expect(toWindow).toMatchObject({
      before: { mode: 'permanent', windowDays: 30, newUsersOnly: false },
      after: { mode: 'window', windowDays: 30, newUsersOnly: false },
      changed: true,
      bound: 3,
      inForceBefore: 3,
      inForceAfter: 2,
      lapse: 1,
      revive: 0,
    });
    expect(toWindow.summary).toContain('1 个');
    expect((await t.admin('settings.get')).settings.binding.mode).toBe('permanent');

    await binding({ mode: 'window', windowDays: 5 });
    const longer = await t.admin('settings.bindingImpact', { windowDays: 20 });
    expect(longer).toMatchObject({ inForceBefore: 1, inForceAfter: 2, lapse: 0, revive: 1 });
    const same = await t.admin('settings.bindingImpact', { windowDays: 5 });
    expect(same).toMatchObject({ changed: false, lapse: 0, revive: 0 });
    const newOnly = await t.admin('settings.bindingImpact', { newUsersOnly: true });
    expect(newOnly).toMatchObject({ changed: true, lapse: 0, revive: 0 });
    expect(newOnly.summary).toContain('新用户');
  });

  it('a bad preview is refused like a bad update', async () => {
    const res = await t.adminRaw('settings.bindingImpact', { windowDays: 0 });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });

  it('settings.update that changes the binding rules logs the settings and the bindings before/after', async () => {
    await threeBindings();
    await binding({ mode: 'window', windowDays: 30 });
    const { items } = await t.admin('audit.list', { name: 'settings.update' });
    const entry = items[0];
    const settings = entry.changes.find((c: { target: string }) => c.target === 'settings:global');
    expect(JSON.parse(settings.after).binding).toMatchObject({ mode: 'window', windowDays: 30 });
    const bindings = entry.changes.find((c: { target: string }) => c.target === 'bindings');
    expect(JSON.parse(bindings.before)).toMatchObject({ mode: 'permanent', inForce: 3 });
    expect(JSON.parse(bindings.after)).toMatchObject({ mode: 'window', inForce: 2 });
  });
});
