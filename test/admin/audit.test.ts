import { adminActions } from '../../server/entries/admin-actions';
import { C, type AuditDoc, type MaterialDoc } from '../../server/repo/docs';
import { ADMIN, startLocal, type TestCloud } from '../support/local';
import { ADDRESS } from '../support/delivery';

const auditOf = async (t: TestCloud, actor: string, action: string) =>
  (await t.db.collection<AuditDoc>(C.audit).where({ actor, action }).limit(100).get()).data;

describe('admin actions: admins only, and every call audited', () => {
  let t: TestCloud;
  beforeAll(() => {
    t = startLocal();
  });
  afterAll(() => t.close());

  const names = Object.keys(adminActions);

  test('the table holds the analytics actions', () => {
    for (const n of ['dashboard', 'stats.rebuild', 'material.upsert', 'material.list', 'export', 'audit.list', 'admin.add', 'admin.list', 'distributor.tree']) {
      expect(names).toContain(n);
    }
  });

  test.each(names)('%s: a non-admin gets FORBIDDEN, and the attempt is on record', async (name) => {
    const res = await t.adminRaw(name, {}, 'mallory');
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const entries = await auditOf(t, 'mallory', name);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test.each(names)('%s: an admin call leaves one audit entry with its params and outcome', async (name) => {
    const res = await t.adminRaw(name, { probe: name }, ADMIN);
    const entries = await auditOf(t, ADMIN, name);
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0].params)).toEqual({ probe: name });
    expect(entries[0].ok).toBe(res.ok);
    expect(entries[0].code).toBe(res.ok ? null : res.code);
  });

  test('a refused call changes nothing', async () => {
    const res = await t.adminRaw('material.upsert', { title: '素材', text: '好物', images: [], status: 'on' }, 'mallory');
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await t.db.collection(C.materials).count()).total).toBe(0);
    expect(await t.adminRaw('admin.add', { openid: 'mallory' }, 'mallory')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.apiRaw('mallory', 'user.login')).toMatchObject({ ok: true, data: { isAdmin: false } });
  });
});

describe('audit log contents and audit.list', () => {
  let t: TestCloud;
  beforeEach(() => {
    t = startLocal();
  });
  afterEach(() => t.close());

  test('a change is recorded with who, params, result, before and after', async () => {
    const { id } = await t.admin('material.upsert', { title: '春茶', text: '明前龙井', images: [], status: 'on' });
    await t.admin('material.upsert', { id, title: '春茶上新', text: '明前龙井', images: [], status: 'off' });
    const { items } = await t.admin('audit.list', { name: 'material.upsert' });
    expect(items).toHaveLength(2);
    const [update, create] = items; // newest first
    expect(update).toMatchObject({ kind: 'admin', actor: ADMIN, action: 'material.upsert', ok: true });
    expect(JSON.parse(update.params)).toMatchObject({ id, title: '春茶上新', status: 'off' });
    expect(JSON.parse(update.result)).toMatchObject({ id, created: false });
    expect(update.changes).toHaveLength(1);
    expect(update.changes[0].target).toBe(`materials:${id}`);
    expect(JSON.parse(update.changes[0].before)).toMatchObject({ title: '春茶', status: 'on' });
    expect(JSON.parse(update.changes[0].after)).toMatchObject({ title: '春茶上新', status: 'off' });
    expect(create.changes[0].before).toBe('null');
    const stored = (await t.db.collection<MaterialDoc>(C.materials).doc(id).get()).data;
    expect(stored).toMatchObject({ title: '春茶上新', status: 'off' });
  });

  test('changes made by the other admin actions are recorded with the record before and after', async () => {
    await t.admin('settings.update', { rates: { level1Bps: 800 } });
    const alice = await t.api('alice', 'distributor.apply', {});
    expect(alice.status).toBe('active');
    await t.admin('distributor.setStatus', { openid: 'alice', status: 'disabled' });

    const [settings] = (await t.admin('audit.list', { name: 'settings.update' })).items;
    expect(settings.changes[0].target).toBe('settings:global');
    expect(JSON.parse(settings.changes[0].after)).toMatchObject({ rates: { level1Bps: 800, level2Bps: 500 } });

    const [status] = (await t.admin('audit.list', { name: 'distributor.setStatus' })).items;
    expect(status.changes[0].target).toBe('distributors:alice');
    expect(JSON.parse(status.changes[0].before)).toMatchObject({ status: 'active' });
    expect(JSON.parse(status.changes[0].after)).toMatchObject({ status: 'disabled' });

    // A refused change records no change.
    await t.adminRaw('distributor.setStatus', { openid: 'nobody', status: 'disabled' });
    const [refused] = (await t.admin('audit.list', { name: 'distributor.setStatus' })).items;
    expect(refused).toMatchObject({ ok: false, changes: [] });
  });

  test('filters by actor; an added admin can act and is attributed; admin.list shows both kinds', async () => {
    await t.admin('admin.add', { openid: 'boss2' });
    await t.admin('dashboard', { days: 1 }, 'boss2');
    const mine = await t.admin('audit.list', { actor: 'boss2', reads: true });
    expect(mine.items.map((i: { action: string }) => i.action)).toEqual(['dashboard']);
    const admins = await t.admin('admin.list');
    expect(admins.items).toEqual([
      { openid: ADMIN, source: 'env', addedBy: null, addedAt: null, person: { nickname: '', avatarUrl: '' }, addedByPerson: null },
      {
        openid: 'boss2',
        source: 'added',
        addedBy: ADMIN,
        addedAt: expect.any(Number),
        person: { nickname: '', avatarUrl: '' },
        addedByPerson: { nickname: '', avatarUrl: '' },
      },
    ]);
  });

  test('pages newest first with a cursor', async () => {
    for (let i = 0; i < 25; i++) await t.admin('dashboard', { days: 1 });
    const first = await t.admin('audit.list', { name: 'dashboard' });
    expect(first.items).toHaveLength(20);
    const second = await t.admin('audit.list', { name: 'dashboard', cursor: first.nextCursor });
    expect(second.items).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(25);
  });

  test('money movements: commissions and withdrawals with their ledger events, by whose money', async () => {
    const { id: productId } = await t.admin('product.upsert', { title: '茶', priceFen: 10000, stock: 10, status: 'on' });
    const alice = await t.api('alice', 'distributor.apply', {});
    await t.api('bob', 'referral.bind', { code: alice.inviteCode });
    const order = await t.api('bob', 'order.create', { items: [{ productId, quantity: 1 }], address: ADDRESS });
    await t.local.pay.pay(order.outTradeNo);
    await t.admin('order.refund', { orderId: order.orderId });
    await t.local.pay.idle();

    const money = await t.admin('audit.list', { kind: 'money', actor: 'alice' });
    expect(money.items).toHaveLength(1);
    expect(money.items[0]).toMatchObject({ kind: 'money', source: 'commission', openid: 'alice', amountFen: 0, status: 'reversed', ref: order.orderId });
    expect(money.items[0].events.map((e: { type: string; frozenFen?: number }) => [e.type, e.frozenFen])).toEqual([
      ['credit', 1000],
      ['reversal', -1000],
    ]);
    expect((await t.admin('audit.list', { kind: 'money', actor: 'bob' })).items).toEqual([]);
    // The refund itself was an admin action: on record with its params.
    const refunds = await t.admin('audit.list', { name: 'order.refund' });
    expect(JSON.parse(refunds.items[0].params)).toEqual({ orderId: order.orderId });
  });

  test('bad filters are refused', async () => {
    expect(await t.adminRaw('audit.list', { kind: 'all' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await t.adminRaw('audit.list', { actor: { $ne: null } })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await t.adminRaw('audit.list', { cursor: 'garbage' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });
});

test('audit.list by actor and action name together', async () => {
  const t = startLocal();
  try {
    await t.admin('admin.add', { openid: 'boss2' });
    await t.admin('dashboard', { days: 3 }, 'boss2');
    await t.admin('admin.list', {}, 'boss2');
    await t.admin('dashboard', { days: 5 });
    const { items } = await t.admin('audit.list', { actor: 'boss2', name: 'dashboard' });
    expect(items.map((i: { params: string }) => JSON.parse(i.params))).toEqual([{ days: 3 }]);
  } finally {
    t.close();
  }
});
