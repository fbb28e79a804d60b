import { startLocal, type TestCloud } from '../support/local';

describe('marketing materials', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = startLocal();
    await t.api('alice', 'distributor.apply', {});
  });
  afterEach(() => t.close());

  test('distributors see materials that are on, newest first, page by page', async () => {
    const { id: productId } = await t.admin('product.upsert', { title: '茶', priceFen: 100, stock: 1, status: 'on' });
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      const { id } = await t.admin('material.upsert', {
        title: `素材${i}`,
        text: `第${i}条文案`,
        images: [`cloud://env/m${i}.png`],
        productId: i === 0 ? productId : null,
        status: i % 4 === 3 ? 'off' : 'on',
      });
      ids.push(id);
      t.local.clock.advance(1000);
    }
    const on = ids.filter((_, i) => i % 4 !== 3).reverse();
    const first = await t.api('alice', 'material.list', {});
    expect(first.items).toHaveLength(18); // 23 less the 5 that are off (3, 7, 11, 15, 19)
    expect(first.nextCursor).toBeNull();
    expect(first.items.map((m: { id: string }) => m.id)).toEqual(on);
    expect(first.items[17]).toMatchObject({ title: '素材0', text: '第0条文案', images: ['cloud://env/m0.png'], productId });

    for (let i = 0; i < 10; i++) await t.admin('material.upsert', { title: `新${i}`, text: '', images: [], status: 'on' });
    const p1 = await t.api('alice', 'material.list', {});
    expect(p1.items).toHaveLength(20);
    const p2 = await t.api('alice', 'material.list', { cursor: p1.nextCursor });
    expect(p2.items).toHaveLength(8);
    expect(new Set([...p1.items, ...p2.items].map((m: { id: string }) => m.id)).size).toBe(28);

    // The admin sees the ones that are off too.
    const off = await t.admin('material.list', { status: 'off' });
    expect(off.items.map((m: { id: string }) => m.id)).toEqual(ids.filter((_, i) => i % 4 === 3).reverse());
  });

  test('an edit replaces the fields; turning it off hides it', async () => {
    const { id, created } = await t.admin('material.upsert', { title: '春茶', text: 'a', images: ['cloud://env/a.png', 'cloud://env/b.png'], status: 'on' });
    expect(created).toBe(true);
    const res = await t.admin('material.upsert', { id, title: '春茶', text: 'b', images: ['cloud://env/c.png'], status: 'on' });
    expect(res).toMatchObject({ id, created: false, warnings: [] });
    expect((await t.api('alice', 'material.list', {})).items).toEqual([
      { id, title: '春茶', text: 'b', images: ['cloud://env/c.png'], productId: null, createdAt: expect.any(Number) },
    ]);
    await t.admin('material.upsert', { id, title: '春茶', text: 'b', images: [], status: 'off' });
    expect((await t.api('alice', 'material.list', {})).items).toEqual([]);
  });

  test('only distributors get the materials', async () => {
    await t.admin('material.upsert', { title: '春茶', text: 'a', images: [], status: 'on' });
    expect(await t.apiRaw('stranger', 'material.list', {})).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    expect((await t.api('alice', 'material.list', {})).items).toHaveLength(1);
  });

  test('copy that promises a reward for sharing is saved with a warning', async () => {
    const res = await t.admin('material.upsert', { title: '分享赚钱', text: '转发就有佣金', images: [], status: 'on' });
    expect(res.warnings).toHaveLength(1);
    expect(res.warnings[0]).toContain('赚钱');
    expect(res.warnings[0]).toContain('佣金');
  });

  test('bad input is refused and nothing is saved', async () => {
    const bad = [
      { title: '', text: '', images: [], status: 'on' },
      { title: 'x', text: '', images: ['javascript:alert(1)'], status: 'on' },
      { title: 'x', text: '', images: [], status: 'maybe' },
      { title: 'x', text: 'y'.repeat(2001), images: [], status: 'on' },
      { title: 'x', text: '', images: [], status: 'on', extra: 1 },
    ];
    for (const p of bad) expect(await t.adminRaw('material.upsert', p)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(await t.adminRaw('material.upsert', { title: 'x', text: '', images: [], productId: 'nope', status: 'on' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect((await t.admin('material.list', {})).items).toEqual([]);
  });
});

describe('distributor.tree: upline and downline for the admin', () => {
  test('two levels up, level 1 and level 2 down with counts and pages', async () => {
    const t = startLocal();
    try {
      // top → alice → bob → {c0..c21}; carl under alice too; each c under bob
      const top = await t.api('top', 'distributor.apply', {});
      await t.api('alice', 'referral.bind', { code: top.inviteCode });
      const alice = await t.api('alice', 'distributor.apply', {});
      await t.api('bob', 'referral.bind', { code: alice.inviteCode });
      const bob = await t.api('bob', 'distributor.apply', {});
      await t.api('carl', 'referral.bind', { code: alice.inviteCode });
      for (let i = 0; i < 22; i++) {
        await t.api(`c${i}`, 'referral.bind', { code: bob.inviteCode });
        t.local.clock.advance(10);
      }

      const bobTree = await t.admin('distributor.tree', { openid: 'bob' });
      expect(bobTree.user).toMatchObject({ openid: 'bob', distributorStatus: 'active', team: { level1: 22, level2: 0 } });
      expect(bobTree.upline.map((u: { level: number; openid: string }) => [u.level, u.openid])).toEqual([
        [1, 'alice'],
        [2, 'top'],
      ]);
      expect(bobTree.counts).toEqual({ level1: 22, level2: 0 });
      expect(bobTree.level1.items).toHaveLength(20);
      expect(bobTree.level1.items[0]).toMatchObject({ openid: 'c21', distributorStatus: null });
      const more = await t.admin('distributor.tree', { openid: 'bob', level: 1, cursor: bobTree.level1.nextCursor });
      expect(more.level1.items.map((u: { openid: string }) => u.openid)).toEqual(['c1', 'c0']);
      expect(more.level2).toBeNull();

      const aliceTree = await t.admin('distributor.tree', { openid: 'alice' });
      expect(aliceTree.upline.map((u: { openid: string }) => u.openid)).toEqual(['top']);
      expect(aliceTree.counts).toEqual({ level1: 2, level2: 22 });
      expect(aliceTree.level1.items.map((u: { openid: string }) => u.openid).sort()).toEqual(['bob', 'carl']);
      expect(aliceTree.level2.items).toHaveLength(20);

      expect(await t.adminRaw('distributor.tree', { openid: 'nobody' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await t.adminRaw('distributor.tree', { openid: 'bob', cursor: bobTree.level1.nextCursor })).toMatchObject({
        ok: false,
        code: 'INVALID_ARGUMENT',
      });
    } finally {
      t.close();
    }
  });
});
