/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The UI points of issue 13, each checked on the real pages against the local cloud: money on the
 * 推广 tab with what is coming and when, withdrawing at ¥0 and 全部提现, the inviter from the
 * binding, the shop's sold-out products, the product gallery, photo upload, charts that do not
 * mislead, one theme, plain Chinese errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { ADMIN, ROOT, createWorld, mp, tap, text, texts, textOf, usingComponentsOfProject, type World } from './support/harness';
import { ADDRESS, PARCEL } from './support/order-wx';

let w: World;
let titles: string[];
let chosen: string[];
const wx = (globalThis as any).wx;
beforeEach(() => {
  w = createWorld();
  titles = [];
  chosen = [];
  wx.setNavigationBarTitle = (o: any) => void titles.push(o.title);
  wx.previewImage = () => undefined;
  // The photo picker hands back what the test put on the "device".
  wx.chooseMedia = (o: any) =>
    setTimeout(() => (chosen.length ? o.success?.({ tempFiles: chosen.splice(0).map((p) => ({ tempFilePath: p })) }) : o.fail?.({ errMsg: 'chooseMedia:fail cancel' })), 0);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  w.close();
  jest.restoreAllMocks();
});

/** Lets the calls settle until `done()` (a chooser and a file read come before the upload's request). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await w.settle(10);
}

const PNG = (tag: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(tag)]);

/** alice (distributor) ← bob buys ¥100: alice has ¥10 frozen. Returns the order. */
async function aliceSale(freezeDays = 7) {
  await w.cloud.admin('settings.update', { settlement: { freezeDays } });
  const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 10000, stock: 50, status: 'on', images: [], description: '' });
  const a = await w.cloud.api('alice', 'distributor.apply', {});
  await w.cloud.api('bob', 'referral.bind', { code: a.inviteCode });
  const o = await w.cloud.api('bob', 'order.create', { items: [{ productId: id, quantity: 1 }], address: ADDRESS });
  await w.cloud.local.pay.pay(o.outTradeNo);
  return { orderId: o.orderId as string, productId: id as string, code: a.inviteCode as string };
}

describe('distributor money (point 4)', () => {
  test('the 推广 tab shows the money, and after receipt when the frozen money unfreezes', async () => {
    const { orderId } = await aliceSale(7);
    await w.as('alice');
    let p = await w.page('pages/promote/index');
    expect(text(p, '#available')).toBe('¥0.00');
    expect(text(p, '#frozen')).toBe('¥10.00');
    expect(text(p, '#next')).toContain('确认收货后开始计时');
    expect(text(p, '#withdraw')).toBe('暂无可提现');
    expect(p.querySelector('#withdraw').data.disabled).toBe(true);

    await w.cloud.admin('order.ship', { orderId, parcels: [PARCEL] });
    await w.cloud.api('bob', 'order.confirmReceipt', { orderId });
    const s = await w.cloud.api('alice', 'distributor.summary');
    const due = mp('utils/date.js').dateMonthDay(s.nextUnfreeze.atMs);
    p = await w.page('pages/promote/index');
    expect(text(p, '#next')).toBe(`¥10.00 将于 ${due} 可提现`);
    const c = await w.page('distributor/pages/center/index');
    expect(text(c, '#next')).toBe(`¥10.00 将于 ${due} 可提现`);
    expect(text(c, '#withdraw-hint')).toBe('暂无可提现金额');
    expect(c.querySelector('#withdraw').data.disabled).toBe(true);
  });

  test('withdraw at ¥0 is explained and closed; 全部提现 fills the whole balance', async () => {
    await w.cloud.api('alice', 'distributor.apply', {});
    await w.as('alice');
    const empty = await w.page('distributor/pages/withdraw/index');
    expect(text(empty, '#empty-hint')).toContain('暂无可提现金额');
    expect(empty.querySelector('#all')).toBeUndefined();
    expect(empty.querySelector('#submit').data.disabled).toBe(true);

    const { orderId } = await aliceSale(0);
    await w.cloud.admin('order.ship', { orderId, parcels: [PARCEL] });
    await w.cloud.api('bob', 'order.confirmReceipt', { orderId });
    await w.cloud.local.trigger('settle');
    const p = await w.page('distributor/pages/withdraw/index');
    expect(p.querySelector('#empty-hint')).toBeUndefined();
    await tap(w, p, '#all');
    expect(p.data.amountText).toBe('10.00');
    expect(p.querySelector('#submit').data.disabled).toBe(false);
    await tap(w, p, '#submit');
    expect((await w.cloud.api('alice', 'withdrawal.list', {})).items[0].amountFen).toBe(1000);
  });

  test('large amounts are grouped by thousands on the pages', async () => {
    const { id } = await w.cloud.admin('product.upsert', { title: '整箱茶', priceFen: 1234500, stock: 5, status: 'on', images: [], description: '' });
    await w.as('bob');
    const p = await w.page('pages/product/index', { id });
    expect(text(p, '#price')).toBe('¥12,345.00');
  });
});

describe('join page (point 5)', () => {
  test('shows who invited you from the server’s binding, not the last share opened', async () => {
    await w.cloud.api('alice', 'user.updateProfile', { nickname: '爱丽丝' });
    const a = await w.cloud.api('alice', 'distributor.apply', {});
    const e = await w.cloud.api('erin', 'distributor.apply', {});
    await w.cloud.api('dave', 'referral.bind', { code: a.inviteCode });
    await w.as('dave');
    // dave then opens erin's share: the binding stays alice's.
    const join = await w.page('distributor/pages/join/index', { c: e.inviteCode });
    expect(text(join, '#inviter-name')).toBe('爱丽丝');
    expect(join.querySelector('#code')).toBeUndefined();
    expect(join.data.code).toBe(a.inviteCode);
    await tap(w, join, '#submit');
    // The binding is alice's (as the admin sees it: dave's own view names no one's openid).
    const tree = await w.cloud.admin('distributor.tree', { openid: 'dave' });
    expect(tree.upline.find((u: { level: number }) => u.level === 1)?.openid).toBe('alice');
  });

  test('unbound: the owner of the shared code is named, the code prefilled; no code, no inviter', async () => {
    await w.cloud.api('alice', 'user.updateProfile', { nickname: '爱丽丝' });
    const a = await w.cloud.api('alice', 'distributor.apply', {});
    await w.as('gina');
    const plain = await w.page('distributor/pages/join/index');
    expect(plain.querySelector('#inviter')).toBeUndefined();
    await w.as('frank');
    const join = await w.page('distributor/pages/join/index', { c: a.inviteCode });
    expect(text(join, '#inviter-name')).toBe('爱丽丝');
    expect(text(join, '#inviter')).toContain('加入后你将成为 TA 的团队成员');
    expect(join.data.code).toBe(a.inviteCode);
    expect(join.querySelector('#code')).toBeDefined();
  });
});

describe('the shop (points 3 and 10)', () => {
  test('sold-out products come last and show no stepper or 合计, but 去逛逛', async () => {
    const soldOut = await w.cloud.admin('product.upsert', { title: '缺货大米', priceFen: 8850, stock: 0, status: 'on', images: [], description: '' });
    w.cloud.local.clock.advance(1000);
    await w.cloud.admin('product.upsert', { title: '咖啡豆', priceFen: 12900, stock: 9, status: 'on', images: [], description: '' });
    await w.as('bob');
    const home = await w.page('pages/index/index');
    const cards = texts(home, '.product');
    expect(cards[cards.length - 1]).toContain('缺货大米');
    expect(cards[cards.length - 1]).toContain('已售罄');
    const p = await w.page('pages/product/index', { id: soldOut.id });
    expect(p.querySelector('#qty')).toBeUndefined();
    expect(p.querySelector('#total')).toBeUndefined();
    expect(text(p, '#sold-out')).toContain('已售罄');
    await tap(w, p, '#browse');
    expect(w.log.navigations).toContain('/pages/index/index');
  });

  test('the product page shows every picture in a gallery, with a counter', async () => {
    const images = ['cloud://env/products/a.png', 'cloud://env/products/b.png', 'cloud://env/products/c.png'];
    const { id } = await w.cloud.admin('product.upsert', { title: '三图商品', priceFen: 100, stock: 1, status: 'on', images, description: '' });
    await w.as('bob');
    const p = await w.page('pages/product/index', { id });
    expect(p.querySelectorAll('.gallery-img')).toHaveLength(3);
    // Tapping a picture previews them all at the addresses the phone can load (local: the file URLs).
    let previewed: any = null;
    wx.previewImage = (o: any) => void (previewed = o);
    p.querySelectorAll('.gallery-img')[1].dispatchEvent('tap');
    await w.settle();
    expect(previewed.urls).toEqual(['a', 'b', 'c'].map((n) => `http://127.0.0.1:3000/files/products/${n}.png`));
    expect(previewed.current).toBe(previewed.urls[1]);
    expect(text(p, '#gallery-count')).toBe('1/3');
    p.instance.onSlide({ detail: { current: 2 } });
    await w.settle();
    expect(text(p, '#gallery-count')).toBe('3/3');
  });

  test('a distributor makes a poster of a product from its page; from the 推广 tab the poster takes the first pictured product', async () => {
    const image = 'cloud://env/products/p.png';
    const { id } = await w.cloud.admin('product.upsert', { title: '有图商品', priceFen: 100, stock: 3, status: 'on', images: [image], description: '' });
    await w.cloud.api('alice', 'distributor.apply', {});
    await w.as('alice');
    const p = await w.page('pages/product/index', { id });
    await tap(w, p, '#poster');
    expect(w.log.navigations.pop()).toBe('/distributor/pages/poster/index?productId=' + id);
    const before = w.log.requests.length;
    const poster = await w.page('distributor/pages/poster/index');
    const asked = w.log.requests.slice(before).map((r) => r.action);
    expect(asked).toEqual(expect.arrayContaining(['product.list', 'distributor.poster', 'product.get']));
    expect(poster.querySelector('#error')).toBeUndefined();
    // The code on the poster opens that product (its scene carries the product id).
    const { data: posters } = await w.cloud.db.collection('posters').where({ openid: 'alice' }).get();
    expect(posters.map((d: any) => d.scene).join('|')).toContain(id);
    await w.as('bob'); // not a distributor: no poster link
    expect((await w.page('pages/product/index', { id })).querySelector('#poster')).toBeUndefined();
  });

  test('我的: 推广中心 opens the distributor center (or joining); the default avatar is the project’s own', async () => {
    await w.cloud.api('alice', 'distributor.apply', {});
    await w.as('alice');
    const me = await w.page('pages/me/index');
    expect(me.querySelector('#avatar').data.src).toBe('/images/avatar.png');
    await tap(w, me, '#promote');
    expect(w.log.navigations.pop()).toBe('/distributor/pages/center/index');
    await w.as('bob');
    const me2 = await w.page('pages/me/index');
    await tap(w, me2, '#promote');
    expect(w.log.navigations.pop()).toBe('/distributor/pages/join/index');
    expect(textOf(me2.dom)).not.toMatch(/demo-|\bbob\b/); // the dev switcher names people, not openids
  });
});

describe('admin photos and products (points 3 and 10)', () => {
  test('a new product: titled 新增商品, off sale until it has stock; photos uploaded, reordered, removed', async () => {
    await w.as(ADMIN);
    const p = await w.page('admin/pages/product-edit/index');
    expect(titles).toEqual(['新增商品']);
    expect(p.data.f.on).toBe(false);
    p.instance.onField({ currentTarget: { dataset: { key: 'title' } }, detail: '新茶' });
    p.instance.onField({ currentTarget: { dataset: { key: 'price' } }, detail: '39.9' });
    p.instance.onField({ currentTarget: { dataset: { key: 'stock' } }, detail: '20' });
    expect(p.data.f.on).toBe(true); // stocked: on sale by default

    w.tempFiles.set('http://tmp/1.png', PNG('one'));
    w.tempFiles.set('http://tmp/2.png', PNG('two'));
    w.tempFiles.set('http://tmp/3.png', PNG('three'));
    chosen.push('http://tmp/1.png', 'http://tmp/2.png', 'http://tmp/3.png');
    const images = p.querySelector('#images');
    images.querySelector('#add-image').dispatchEvent('tap');
    await until(() => p.data.f.images.length === 3);
    expect(p.data.f.images).toHaveLength(3);
    const [one, two, three] = p.data.f.images as string[];
    expect(one).toMatch(/^cloud:\/\/[^/]+\/products\/[\w-]+\.png$/);
    expect(w.cloud.local.storage.read(two)).toEqual(PNG('two'));
    // Move the third earlier, then remove the first.
    images.querySelectorAll('.move-earlier')[1].dispatchEvent('tap');
    await w.settle();
    expect(p.data.f.images).toEqual([one, three, two]);
    images.querySelectorAll('.remove')[0].dispatchEvent('tap');
    await w.settle();
    expect(p.data.f.images).toEqual([three, two]);
    expect(text(images, '.cover')).toBe('封面');

    await tap(w, p, '#save');
    expect(titles).toEqual(['新增商品', '编辑商品']);
    const saved = await w.cloud.api('bob', 'product.get', { id: p.data.id });
    expect(saved).toMatchObject({ title: '新茶', priceFen: 3990, stock: 20, status: 'on', images: [three, two] });
  });

  test('a new product without stock stays off sale; editing an existing one is titled 编辑商品', async () => {
    await w.as(ADMIN);
    const p = await w.page('admin/pages/product-edit/index');
    p.instance.onField({ currentTarget: { dataset: { key: 'title' } }, detail: '预售' });
    p.instance.onField({ currentTarget: { dataset: { key: 'price' } }, detail: '10' });
    await tap(w, p, '#save');
    expect((await w.cloud.admin('product.list', {})).items[0]).toMatchObject({ title: '预售', status: 'off', stock: 0 });
    titles.length = 0;
    await w.page('admin/pages/product-edit/index', { id: p.data.id });
    expect(titles).toEqual(['编辑商品']);
  });

  test('a material’s photos are uploaded too and saved with it', async () => {
    await w.as(ADMIN);
    const p = await w.page('admin/pages/materials/index');
    p.instance.onField({ currentTarget: { dataset: { key: 'title' } }, detail: '上新' });
    p.instance.onField({ currentTarget: { dataset: { key: 'text' } }, detail: '新品到了' });
    w.tempFiles.set('http://tmp/m.png', PNG('material'));
    chosen.push('http://tmp/m.png');
    p.querySelector('#images').querySelector('#add-image').dispatchEvent('tap');
    await until(() => p.data.f.images.length === 1);
    await tap(w, p, '#save');
    const [m] = (await w.cloud.admin('material.list', {})).items;
    expect(m.images).toHaveLength(1);
    expect(m.images[0]).toMatch(/\/materials\//);
    expect(w.cloud.local.storage.read(m.images[0])).toEqual(PNG('material'));
  });

  test('the settings page shows the share title without raw placeholders, with a preview; save is in a bottom bar', async () => {
    await w.as(ADMIN);
    const p = await w.page('admin/pages/settings/index');
    expect(p.data.f.titleTemplate).toBe('【商品名】，仅需 【价格】');
    expect(textOf(p.dom)).not.toMatch(/\{title\}|\{price\}/);
    expect(text(p, '#share-preview')).toContain('云南小粒咖啡豆 500g，仅需 ¥129.00');
    expect(p.querySelector('.bottom-bar #save')).toBeDefined();
    p.instance.onField({ currentTarget: { dataset: { key: 'titleTemplate' } }, detail: '【商品名】今天只要【价格】' });
    await tap(w, p, '#save');
    expect((await w.cloud.admin('settings.get', {})).settings.share.titleTemplate).toBe('{title}今天只要{price}');
  });
});

describe('dashboard charts (point 9)', () => {
  const dash = (rows: Array<Partial<{ newBindings: number; newDistributors: number; salesFen: number }>>) => ({
    series: rows.map((r, i) => ({ day: `2026-12-${String(i + 1).padStart(2, '0')}`, salesFen: 0, commissionFen: 0, newBindings: 0, newDistributors: 0, ...r })),
  });

  test('bindings and new distributors are two series with a legend, never summed', () => {
    const { chartSpecs } = mp('admin/lib/dashboard-charts.js');
    const spec = chartSpecs(dash([{ newBindings: 3, newDistributors: 1 }, {}]), 640, 400).find((c: any) => c.id === 'chart-bindings').spec;
    expect(spec.series.map((s: any) => [s.name, s.values])).toEqual([
      ['新绑定', [3, 0]],
      ['新分销商', [1, 0]],
    ]);
    const { drawChart, layout } = mp('admin/lib/chart.js');
    const said: string[] = [];
    const canvas = createCanvas(640, 400);
    const ctx = canvas.getContext('2d') as any;
    const fillText = ctx.fillText.bind(ctx);
    ctx.fillText = (t: string, x: number, y: number) => (said.push(t), fillText(t, x, y));
    drawChart(ctx, spec);
    expect(said).toEqual(expect.arrayContaining(['新绑定', '新分销商']));
    // The two bars of day 1 stand side by side at their own heights.
    const L = layout(spec);
    expect(L.series[0].points[0].x).toBeLessThan(L.series[1].points[0].x);
    expect(L.series[0].points[0].y).toBeLessThan(L.series[1].points[0].y);
  });

  test('axis labels are never repeated; an empty period says so; days are labelled along the axis', () => {
    const { ticks, drawChart, labelledDays, dayLabel } = mp('admin/lib/chart.js');
    const count = (v: number) => String(v);
    expect(ticks({ format: count, integer: true }, 1).map((t: any) => t.label)).toEqual(['0', '1']);
    expect(ticks({ format: count, integer: true }, 2).map((t: any) => t.label)).toEqual(['0', '1', '2']);
    expect(ticks({ format: mp('shared/money.js').yuan }, 1).map((t: any) => t.label)).toEqual(['¥0.00', '¥0.01']);

    const { chartSpecs } = mp('admin/lib/dashboard-charts.js');
    const said: string[] = [];
    const ctx = createCanvas(640, 400).getContext('2d') as any;
    const fillText = ctx.fillText.bind(ctx);
    ctx.fillText = (t: string, x: number, y: number) => (said.push(t), fillText(t, x, y));
    drawChart(ctx, chartSpecs(dash(new Array(7).fill({})), 640, 400)[0].spec);
    expect(said).toContain('这段时间暂无数据');
    expect(said.filter((t) => t === '¥0.00')).toHaveLength(1);
    // Seven days: each labelled; thirty: about every fifth, today always.
    expect(said).toEqual(expect.arrayContaining(['12/1', '12/4', '12/7']));
    expect(labelledDays(7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(labelledDays(30)).toEqual([4, 9, 14, 19, 24, 29]);
    expect(dayLabel('2026-01-05')).toBe('1/5');
  });
});

describe('one theme (point 7) and no style v2 (point 1)', () => {
  test('app.json drops style v2 and has drawn tab icons', () => {
    const app = JSON.parse(readFileSync(join(ROOT, 'app.json'), 'utf8'));
    expect(app.style).toBeUndefined();
    for (const item of app.tabBar.list) {
      for (const icon of [item.iconPath, item.selectedIconPath]) {
        expect(readFileSync(join(ROOT, icon)).subarray(1, 4).toString()).toBe('PNG');
      }
    }
  });

  test('every vant colour variable that defaults to green or blue in the components we use is set to the brand red in app.wxss', () => {
    const appWxss = readFileSync(join(ROOT, 'app.wxss'), 'utf8');
    const used = new Set(
      usingComponentsOfProject()
        .map(([, spec]) => spec)
        .filter((spec) => spec.startsWith('@vant/weapp/'))
        .map((spec) => spec.split('/')[2]),
    );
    expect(used.size).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const comp of used) {
      const css = readFileSync(join(ROOT, 'miniprogram_npm/@vant/weapp', comp, 'index.wxss'), 'utf8');
      for (const m of css.matchAll(/var\((--[a-z-]+),\s*(#1989fa|#07c160)\)/g)) {
        if (!new RegExp(`${m[1]}:\\s*#ee0a24`).test(appWxss)) missing.push(`${comp}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('plain Chinese errors (point 8)', () => {
  test('an unreachable backend: a sentence and a retry, never the URL or request:fail', async () => {
    await w.as('bob');
    w.network.mode = 'down';
    const p = await w.page('pages/promote/index');
    expect(text(p, '#error')).toContain('网络不太顺畅，请检查网络后重试');
    expect(textOf(p.dom)).not.toMatch(/127\.0\.0\.1|request:fail|ERR_/);
    expect(p.querySelector('#retry')).toBeDefined();
    w.network.mode = 'up';
    await tap(w, p, '#retry');
    expect(p.querySelector('#error')).toBeUndefined();
  });

  test('validator messages, error codes and variable names become a plain sentence', () => {
    const { errorText, CallError } = mp('services/call.js');
    expect(errorText(new CallError('INVALID_ARGUMENT', '参数错误：openid 格式不正确'))).toBe('填写的内容有误，请检查后重试');
    expect(errorText(new CallError('FORBIDDEN', '请在 ADMIN_OPENIDS 中配置'))).toBe('没有权限');
    expect(errorText(new CallError('NETWORK', 'cloud.callFunction:fail timeout'))).toBe('网络不太顺畅，请检查网络后重试');
    expect(errorText(new CallError('INTERNAL', 'TypeError: x is undefined'))).toBe('服务开小差了，请稍后再试');
    expect(errorText(new CallError('LIMIT_EXCEEDED', '每天最多提现 3 次，请明天再试'))).toBe('每天最多提现 3 次，请明天再试');
  });
});
