import { createCanvas } from '@napi-rs/canvas';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, createWorld, mp, tap, text, texts, textOf, type World } from './support/harness';
import { ADDRESS, PARCEL } from './support/order-wx';

let w: World;
beforeEach(async () => {
  w = createWorld();
});
afterEach(() => w.close());

/** Who a user's level-1 upline is, as the admin sees it (the user's own view names no openid). */
async function uplineOf(openid: string): Promise<string | null> {
  const tree = await w.cloud.admin('distributor.tree', { openid });
  return tree.upline.find((u: { level: number }) => u.level === 1)?.openid ?? null;
}

async function sale() {
  const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 10000, stock: 50, status: 'on', images: [], description: '' });
  const a = await w.cloud.api('alice', 'distributor.apply', {});
  await w.cloud.api('bob', 'referral.bind', { code: a.inviteCode });
  const o = await w.cloud.api('bob', 'order.create', { items: [{ productId: id, quantity: 2 }], address: ADDRESS });
  await w.cloud.local.pay.pay(o.outTradeNo);
  return { productId: id, orderId: o.orderId as string };
}

test('the admin entry is shown only to admins', async () => {
  await w.as('bob');
  const me = await w.page('pages/me/index');
  expect(me.querySelector('#admin')).toBeUndefined();
  expect(textOf(me.dom)).not.toContain('管理后台');
  await w.as(ADMIN);
  const me2 = await w.page('pages/me/index');
  expect(text(me2, '#admin')).toContain('管理后台');
});

test('a non-admin opening an admin page sees the server’s refusal', async () => {
  await w.as('bob');
  const p = await w.page('admin/pages/reconcile/index');
  expect(text(p, '#error')).toBeTruthy();
  expect(p.data.r).toBeNull();
});

test('dashboard: totals from the real sales, charts drawn to PNG', async () => {
  await sale();
  await w.as(ADMIN);
  const p = await w.page('admin/pages/dashboard/index');
  expect(text(p, '#sales')).toBe('¥200.00');
  expect(text(p, '#orders')).toBe('1');
  expect(text(p, '#commission')).toBe('¥20.00');
  expect(texts(p, '.top')[0]).toContain('¥20.00');

  const { chartSpecs } = mp('admin/lib/dashboard-charts.js');
  const specs = chartSpecs(p.data.d, 640, 400);
  expect(specs).toHaveLength(3);
  expect(textOf(p.dom)).toContain('首次下单');
  const { drawChart, layout } = mp('admin/lib/chart.js');
  const out = join(__dirname, '../output');
  mkdirSync(out, { recursive: true });
  for (const { id, spec } of specs) {
    const canvas = createCanvas(spec.width, spec.height);
    const ctx = canvas.getContext('2d');
    drawChart(ctx, spec);
    writeFileSync(join(out, `${id}.png`), canvas.toBuffer('image/png'));
    // The last day (today) carries the sale: its point is drawn above the baseline in the series colour.
    const L = layout(spec);
    const last = L.points[L.points.length - 1];
    expect(last.y).toBeLessThan(L.baseY);
    const px = ctx.getImageData(Math.round(last.x), Math.round(last.y) + 1, 1, 1).data;
    expect(px[0] + px[1] + px[2]).toBeLessThan(3 * 250); // not white: something was drawn there
  }
});

test('distributors: search, review an application, disable', async () => {
  await w.cloud.admin('settings.update', { onboarding: { mode: 'approval' } });
  await w.cloud.api('dave', 'distributor.apply', { realName: '王大卫', phone: '13800000000' });
  await w.as(ADMIN);
  const p = await w.page('admin/pages/distributors/index');
  expect(texts(p, '.dist')).toHaveLength(1);
  expect(text(p, '.dist')).toContain('审核中');
  await tap(w, p, '.approve');
  expect(w.log.toasts).toContain('已通过');
  expect(text(p, '.dist')).toContain('已开通');
  await tap(w, p, '.disable');
  expect(text(p, '.dist')).toContain('已停用');
  p.instance.onSearch({ detail: '没有这个人' });
  await w.settle();
  expect(text(p, '#state')).toContain('没有符合条件的分销商');
});

test('team tree: the upline picked from a list of people, unbinding only by its own confirmed button', async () => {
  await sale();
  await w.cloud.api('alice', 'user.updateProfile', { nickname: '爱丽丝' });
  await w.cloud.api('bob', 'user.updateProfile', { nickname: '小波' });
  await w.cloud.api('carol', 'user.updateProfile', { nickname: '卡萝' });
  const carol = await w.cloud.api('carol', 'distributor.apply', { phone: '13900001111' });
  await w.as(ADMIN);
  const t = await w.page('admin/pages/team/index', { openid: 'alice' });
  expect(text(t, '#person')).toContain('一级 1 人');
  const b = await w.page('admin/pages/team/index', { openid: 'bob' });
  expect(text(b, '#name')).toBe('小波');
  expect(texts(b, '.up')[0]).toContain('爱丽丝');
  expect(textOf(b.dom)).not.toMatch(/\b(alice|bob|carol)\b/); // people, not openids
  expect(b.querySelector('#referrer')).toBeUndefined(); // no openid field any more

  // 更换上级: a searchable list of distributors; search by phone, pick, confirm.
  await tap(w, b, '#change');
  const picker = b.querySelector('#picker');
  expect(texts(picker, '.person').join('|')).toContain('爱丽丝');
  picker.instance.onSearch({ detail: '13900001111' });
  await w.settle();
  const rows = texts(picker, '.person');
  expect(rows).toHaveLength(1);
  expect(rows[0]).toContain('卡萝');
  expect(rows[0]).toContain('邀请码 ' + carol.inviteCode);
  picker.querySelector('.person').dispatchEvent('tap');
  await w.settle();
  expect(w.log.modals.pop()?.content).toContain('把 小波 的上级改为 卡萝');
  expect((await uplineOf('bob'))).toBe('carol');
  expect(texts(b, '.up')[0]).toContain('卡萝');

  // 解除绑定 asks first; saying no changes nothing.
  w.modalAnswer.confirm = false;
  await tap(w, b, '#unbind');
  expect(w.log.modals.pop()?.title).toBe('解除绑定');
  expect((await uplineOf('bob'))).toBe('carol');
  w.modalAnswer.confirm = true;
  await tap(w, b, '#unbind');
  expect((await uplineOf('bob'))).toBeNull();
  expect(b.querySelector('#no-upline')).toBeDefined();
});

test('team tree: a link lapsed under the current rules is marked, the same as the orders read it', async () => {
  await sale();
  await w.cloud.admin('settings.update', { binding: { mode: 'window', windowDays: 30 } });
  w.cloud.local.clock.advance(31 * 86_400_000);
  await w.as(ADMIN);
  const t = await w.page('admin/pages/team/index', { openid: 'alice' });
  expect(texts(t, '.l1')[0]).toContain('绑定已失效');
  const b = await w.page('admin/pages/team/index', { openid: 'bob' });
  expect(texts(b, '.up')[0]).toContain('绑定已失效');
  await w.cloud.admin('settings.update', { binding: { mode: 'permanent' } });
  const again = await w.page('admin/pages/team/index', { openid: 'alice' });
  expect(texts(again, '.l1')[0]).not.toContain('绑定已失效');
});

test('withdrawals: approve then mark paid', async () => {
  const { orderId } = await sale();
  await w.cloud.admin('settings.update', { settlement: { freezeDays: 0 } });
  await w.cloud.admin('order.ship', { orderId, parcels: [PARCEL] });
  await w.cloud.api('bob', 'order.confirmReceipt', { orderId });
  await w.cloud.local.trigger('settle');
  await w.cloud.api('alice', 'withdrawal.request', { amountFen: 1500, channel: 'wechat' });
  await w.as(ADMIN);
  const p = await w.page('admin/pages/withdrawals/index');
  expect(text(p, '.wd')).toContain('¥15.00');
  await tap(w, p, '.approve');
  expect(text(p, '#state')).toContain('暂无提现申请');
  p.instance.onTab({ detail: { name: 'approved' } });
  await w.settle();
  await tap(w, p, '.paid');
  const list = await w.cloud.api('alice', 'withdrawal.list', {});
  expect(list.items[0].status).toBe('paid');
});

test('products: list and edit with the server’s validation message shown', async () => {
  const { productId } = await sale();
  await w.as(ADMIN);
  const list = await w.page('admin/pages/products/index');
  expect(text(list, '.product')).toContain('¥100.00');
  const edit = await w.page('admin/pages/product-edit/index', { id: productId });
  expect(edit.data.f.price).toBe('100.00');
  edit.instance.onField({ currentTarget: { dataset: { key: 'title' } }, detail: '' });
  await tap(w, edit, '#save');
  expect(text(edit, '#server-error')).toBeTruthy();
  edit.instance.onField({ currentTarget: { dataset: { key: 'title' } }, detail: '手工月饼（礼盒）' });
  edit.instance.onField({ currentTarget: { dataset: { key: 'price' } }, detail: '88.8' });
  await tap(w, edit, '#save');
  const p = await w.cloud.api('bob', 'product.get', { id: productId });
  expect(p).toMatchObject({ title: '手工月饼（礼盒）', priceFen: 8880 });
});

test('settings: the server refuses rates over the cap and says why; the compliance check is shown', async () => {
  await w.as(ADMIN);
  const p = await w.page('admin/pages/settings/index');
  expect(text(p, '#compliance')).toBe('全部通过');
  expect(p.data.f.level1).toBe('10.00');
  p.instance.onField({ currentTarget: { dataset: { key: 'level1' } }, detail: '40' });
  await tap(w, p, '#save');
  expect(text(p, '#server-error')).toBeTruthy();
  const s = await w.cloud.admin('settings.get', {});
  expect(s.settings.rates.level1Bps).toBe(1000);
  p.instance.onField({ currentTarget: { dataset: { key: 'level1' } }, detail: '12.5' });
  await tap(w, p, '#save');
  expect(w.log.toasts).toContain('已保存');
  expect((await w.cloud.admin('settings.get', {})).settings.rates.level1Bps).toBe(1250);
});

test('settings: a change of the binding rules shows what it does to existing bindings before saving', async () => {
  await sale(); // bob bound to alice, now
  await w.cloud.api('carol', 'referral.bind', { code: (await w.cloud.api('alice', 'user.login')).user.distributor.inviteCode });
  w.cloud.local.clock.advance(40 * 86_400_000);
  await w.as(ADMIN);
  const p = await w.page('admin/pages/settings/index');
  p.instance.onRadio({ currentTarget: { dataset: { key: 'bindingMode' } }, detail: 'window' });
  // Cancelled: nothing saved.
  w.modalAnswer.confirm = false;
  await tap(w, p, '#save');
  expect(w.log.modals).toHaveLength(1);
  expect(w.log.modals[0].content).toContain('2 个');
  expect(w.log.modals[0].content).toContain('失效');
  expect((await w.cloud.admin('settings.get', {})).settings.binding.mode).toBe('permanent');
  // Confirmed: saved.
  w.modalAnswer.confirm = true;
  await tap(w, p, '#save');
  expect(w.log.modals).toHaveLength(2);
  expect((await w.cloud.admin('settings.get', {})).settings.binding.mode).toBe('window');
  expect(w.log.toasts).toContain('已保存');
  // A save that leaves the binding rules alone asks nothing.
  p.instance.onField({ currentTarget: { dataset: { key: 'freezeDays' } }, detail: '5' });
  await tap(w, p, '#save');
  expect(w.log.modals).toHaveLength(2);
  expect((await w.cloud.admin('settings.get', {})).settings.settlement.freezeDays).toBe(5);
});

test('reconciliation shows the books balance', async () => {
  await sale();
  await w.as(ADMIN);
  const p = await w.page('admin/pages/reconcile/index');
  expect(text(p, '#result')).toContain('账目一致');
  expect(text(p, '#frozen')).toContain('¥20.00');
});

test('materials: add one (a reward promise is warned about), distributors see it', async () => {
  await w.as(ADMIN);
  const p = await w.page('admin/pages/materials/index');
  expect(text(p, '#state')).toContain('还没有素材');
  p.instance.onField({ currentTarget: { dataset: { key: 'title' } }, detail: '中秋文案' });
  p.instance.onField({ currentTarget: { dataset: { key: 'text' } }, detail: '团圆时刻，好月饼送家人' });
  await tap(w, p, '#save');
  expect(texts(p, '.material')).toHaveLength(1);
  expect(p.querySelector('#warnings')).toBeUndefined();
  p.instance.onField({ currentTarget: { dataset: { key: 'title' } }, detail: '推广文案' });
  p.instance.onField({ currentTarget: { dataset: { key: 'text' } }, detail: '转发给好友就能赚佣金' });
  await tap(w, p, '#save');
  expect(text(p, '#warnings')).toBeTruthy();
  expect(texts(p, '.material')).toHaveLength(2);
  await w.cloud.api('alice', 'distributor.apply', {});
  await w.as('alice');
  const d = await w.page('distributor/pages/materials/index');
  expect(textOf(d.dom)).toContain('团圆时刻');
  await tap(w, d, '.copy');
  const first = texts(d, '.m-text')[0];
  expect(['团圆时刻，好月饼送家人', '转发给好友就能赚佣金']).toContain(first);
  expect(w.log.clipboard).toEqual([first]);
});
