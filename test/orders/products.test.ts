import { C, type ProductDoc } from '../../server/repo/docs';
import { startLocal, type TestCloud } from '../support/local';

const base = { title: '云南小粒咖啡豆 500g', priceFen: 999, stock: 10, status: 'on' as const };

describe('admin product.upsert', () => {
  let t: TestCloud;
  beforeEach(() => {
    t = startLocal();
  });
  afterEach(() => t.close());

  const allProducts = async () => (await t.db.collection<ProductDoc>(C.products).limit(1000).get()).data;

  test('creates a product with defaults, and the shop sees it', async () => {
    const { id } = await t.admin('product.upsert', { ...base, images: ['cloud://env/p/1.png'], description: '香' });
    const view = await t.api('u1', 'product.get', { id });
    expect(view).toEqual({
      id,
      title: base.title,
      priceFen: 999,
      stock: 10,
      status: 'on',
      images: ['cloud://env/p/1.png'],
      description: '香',
      sales: 0,
      virtual: false,
    });
    const [doc] = await allProducts();
    expect(doc.commission).toEqual({ mode: 'inherit' });
  });

  test('an update replaces the editable fields and keeps sales and createdAt', async () => {
    const { id } = await t.admin('product.upsert', { ...base, images: ['https://a.cn/1.png', 'https://a.cn/2.png'] });
    await t.db.collection(C.products).doc(id).update({ data: { sales: 7 } });
    const before = (await allProducts())[0];
    t.local.clock.advance(60_000);
    await t.admin('product.upsert', {
      ...base,
      id,
      title: '新标题',
      images: ['https://a.cn/3.png'],
      commission: { mode: 'fixed', level1Fen: 100, level2Fen: 50 },
    });
    const after = (await allProducts())[0];
    expect(after.title).toBe('新标题');
    expect(after.images).toEqual(['https://a.cn/3.png']);
    expect(after.commission).toEqual({ mode: 'fixed', level1Fen: 100, level2Fen: 50 });
    expect(after.sales).toBe(7);
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.updatedAt).toBeGreaterThan(before.updatedAt);
    expect(await allProducts()).toHaveLength(1);
  });

  // maxTotalBps defaults to 3000: on a 999 fen product the fixed cap is floor(999 × 0.3) = 299 fen.
  test.each([
    ['rate at the cap', { mode: 'rate', level1Bps: 2000, level2Bps: 1000 }, true],
    ['rate over the cap', { mode: 'rate', level1Bps: 2000, level2Bps: 1001 }, false],
    ['fixed at the cap', { mode: 'fixed', level1Fen: 200, level2Fen: 99 }, true],
    ['fixed over the cap by 1 fen', { mode: 'fixed', level1Fen: 200, level2Fen: 100 }, false],
    ['inherit', { mode: 'inherit' }, true],
  ])('commission override: %s', async (_label, commission, accepted) => {
    const res = await t.adminRaw('product.upsert', { ...base, commission });
    if (accepted) {
      expect(res.ok).toBe(true);
      expect((await allProducts())[0].commission).toEqual(commission);
    } else {
      expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
      expect(res.ok ? '' : res.message).toMatch(/不能超过/);
      expect(await allProducts()).toHaveLength(0);
    }
  });

  test('the cap follows the shop settings (a lower maxTotalBps refuses what the default allowed)', async () => {
    await t.db.collection(C.settings).doc('global').set({ data: { maxTotalBps: 1000, rates: { level1Bps: 600, level2Bps: 400 } } });
    const res = await t.adminRaw('product.upsert', { ...base, commission: { mode: 'rate', level1Bps: 800, level2Bps: 300 } });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });

  test.each([
    ['empty title', { title: '   ' }],
    ['title too long', { title: '长'.repeat(61) }],
    ['fractional price', { priceFen: 9.99 }],
    ['zero price', { priceFen: 0 }],
    ['price as a string', { priceFen: '999' }],
    ['negative stock', { stock: -1 }],
    ['unknown status', { status: 'deleted' }],
    ['ten images', { images: Array.from({ length: 10 }, (_, i) => `https://a.cn/${i}.png`) }],
    ['an http image', { images: ['http://a.cn/1.png'] }],
    ['a javascript: image', { images: ['javascript:alert(1)'] }],
    ['description too long', { description: 'x'.repeat(2001) }],
    ['an unknown field', { sales: 1000 }],
    ['an operator object as id', { id: { $ne: '' } }],
    ['fractional bps', { commission: { mode: 'rate', level1Bps: 10.5, level2Bps: 0 } }],
    ['negative fixed fen', { commission: { mode: 'fixed', level1Fen: -1, level2Fen: 0 } }],
    ['unknown commission mode', { commission: { mode: 'percent', level1Bps: 1 } }],
    ['extra key in override', { commission: { mode: 'inherit', level1Bps: 1 } }],
  ])('refuses %s with INVALID_ARGUMENT and saves nothing', async (_label, patch) => {
    const res = await t.adminRaw('product.upsert', { ...base, ...patch });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(res.ok ? '' : res.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await allProducts()).toHaveLength(0);
  });

  test('a non-admin cannot upsert', async () => {
    const res = await t.local.call('u1', 'admin', { action: 'product.upsert', ...base });
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await allProducts()).toHaveLength(0);
  });
});

describe('product.list / product.get: on sale only', () => {
  let t: TestCloud;
  beforeEach(() => {
    t = startLocal();
  });
  afterEach(() => t.close());

  test('off-sale products are hidden from shoppers and NOT_FOUND on get, but listed for the admin', async () => {
    const on = (await t.admin('product.upsert', { ...base, title: '在售' })).id;
    const off = (await t.admin('product.upsert', { ...base, title: '下架', status: 'off' })).id;

    const shop = await t.api('u1', 'product.list');
    expect(shop.items.map((p: { id: string }) => p.id)).toEqual([on]);
    expect(await t.apiRaw('u1', 'product.get', { id: off })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.apiRaw('u1', 'product.get', { id: 'no-such' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    const all = await t.admin('product.list');
    expect(all.items.map((p: { id: string }) => p.id).sort()).toEqual([on, off].sort());
    const offOnly = await t.admin('product.list', { status: 'off' });
    expect(offOnly.items.map((p: { id: string; commission: unknown }) => [p.id, p.commission])).toEqual([
      [off, { mode: 'inherit' }],
    ]);

    // Taking a product off sale hides it at once.
    await t.admin('product.upsert', { ...base, id: on, status: 'off' });
    expect((await t.api('u1', 'product.list')).items).toEqual([]);
  });

  test('paging: 45 products, many created in the same millisecond, each seen exactly once, newest first', async () => {
    const now = t.local.clock.now();
    const docs: ProductDoc[] = Array.from({ length: 45 }, (_, i) => ({
      _id: `prod${String(i).padStart(2, '0')}`,
      title: `商品${i}`,
      priceFen: 100,
      stock: 1,
      status: i % 9 === 0 ? 'off' : 'on',
      images: [],
      description: '',
      commission: { mode: 'inherit' },
      sales: 0,
      // three groups of tied timestamps
      createdAt: now - Math.floor(i / 15) * 1000,
      updatedAt: now,
    }));
    t.local.db.bulkInsert(C.products, docs as unknown as Array<Record<string, unknown>>);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.api('u1', 'product.list', cursor ? { cursor } : {});
      expect(page.items.length).toBeLessThanOrEqual(20);
      seen.push(...page.items.map((p: { id: string }) => p.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    const expected = docs
      .filter((d) => d.status === 'on')
      .sort((a, b) => b.createdAt - a.createdAt || (a._id < b._id ? 1 : -1))
      .map((d) => d._id);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 20));

    const adminSeen: string[] = [];
    cursor = undefined;
    do {
      const page = await t.admin('product.list', cursor ? { cursor } : {});
      adminSeen.push(...page.items.map((p: { id: string }) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(adminSeen).size).toBe(45);
    expect(adminSeen).toHaveLength(45);
  });

  test('a forged cursor is INVALID_ARGUMENT', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('[1,{"$gt":""}]').toString('base64url')]) {
      expect(await t.apiRaw('u1', 'product.list', { cursor })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    }
    expect(await t.apiRaw('u1', 'product.list', { cursor: { $gt: '' } })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });
});
