/* eslint-disable @typescript-eslint/no-explicit-any */
import { ADMIN, createWorld, mp, tap, text, texts, textOf, type World } from './support/harness';
import { ADDRESS, PARCEL } from './support/order-wx';

/** Admin pages 数据导出, 操作日志 and 管理员, on the real local cloud with data made through the actions. */
let w: World;
beforeEach(() => {
  w = createWorld();
});
afterEach(() => w.close());

/** alice brings bob, who buys `orders` times (2 × ¥100.00 each, alice earns 10%), all paid. */
async function sales(orders = 1) {
  const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 10000, stock: 50, status: 'on', images: [], description: '' });
  await w.cloud.api('alice', 'user.updateProfile', { nickname: '爱丽丝' });
  const a = await w.cloud.api('alice', 'distributor.apply', {});
  await w.cloud.api('bob', 'referral.bind', { code: a.inviteCode });
  const ids: string[] = [];
  for (let i = 0; i < orders; i++) {
    const o = await w.cloud.api('bob', 'order.create', { items: [{ productId: id, quantity: 2 }], address: ADDRESS });
    await w.cloud.local.pay.pay(o.outTradeNo);
    ids.push(o.orderId);
  }
  return ids;
}

async function count(collection: string): Promise<number> {
  return (await w.cloud.db.collection(collection).count()).total;
}

/** Taps a van-cell (its inner .van-cell) and lets only the tap through, so the in-flight state can be seen. */
async function press(comp: any, selector: string) {
  const host = comp.querySelector(selector);
  if (!host) throw new Error(`nothing matches ${selector}`);
  (host.querySelector('.van-cell') ?? host).dispatchEvent('tap');
  await new Promise((r) => setTimeout(r, 0)); // the event reaches the page on the next tick
}

test('the dashboard links to export, audit log and admins', async () => {
  await w.as(ADMIN);
  const p = await w.page('admin/pages/dashboard/index');
  const items = p.querySelectorAll('.entry');
  const byText = new Map<string, any>(items.map((i: any) => [textOf(i.dom).trim(), i]));
  for (const [label, url] of [
    ['导出', '/admin/pages/export/index'],
    ['日志', '/admin/pages/audit/index'],
    ['管理员', '/admin/pages/admins/index'],
  ]) {
    const item = byText.get(label);
    expect(item).toBeDefined();
    (item.querySelector('.van-grid-item__content') ?? item).dispatchEvent('tap');
    await w.settle();
    expect(w.log.navigations[w.log.navigations.length - 1]).toBe(url);
  }
  const app = JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, '../../miniprogram/app.json'), 'utf8'));
  const adminPkg = app.subPackages.find((s: any) => s.root === 'admin');
  expect(adminPkg.pages).toEqual(expect.arrayContaining(['pages/export/index', 'pages/audit/index', 'pages/admins/index']));
  expect(app.pages.some((p: string) => /export|audit|admins/.test(p))).toBe(false);
});

describe('数据导出', () => {
  test('exporting orders shows loading on that cell, then the row count and a link to copy', async () => {
    const orderIds = await sales(2);
    await w.as(ADMIN);
    const p = await w.page('admin/pages/export/index');
    expect(texts(p, '.kind').map((t) => t.replace(/导出$/, '').trim())).toEqual(['分销商', '佣金', '提现', '订单']);
    expect(text(p, '#hint')).toContain('复制下载链接');
    expect(text(p, '#hint')).toContain('无法直接打开');
    expect(p.querySelector('#result-orders')).toBeUndefined();

    await press(p, '#cell-orders');
    expect(text(p, '#cell-orders')).toContain('导出中');
    expect(p.querySelector('#cell-orders .cell-loading')).toBeDefined();
    expect(text(p, '#cell-commissions')).not.toContain('导出中'); // only the tapped one
    await w.settle();

    expect(text(p, '#cell-orders')).not.toContain('导出中');
    expect(text(p, '#result-orders')).toContain(`共 ${await count('orders')} 行`);
    expect(p.querySelector('#open-orders')).toBeUndefined(); // local mode: copying is the way
    await tap(w, p, '#copy-orders');
    expect(w.log.clipboard).toHaveLength(1);
    const url = w.log.clipboard[0];
    expect(url.startsWith(w.cloud.local.baseUrl + '/files/exports/orders-')).toBe(true);
    expect(w.log.toasts.some((t) => t.includes('链接已复制'))).toBe(true);
    // The link is the file the host serves: the CSV with both orders in it.
    const csv = w.cloud.local.storage.read(decodeURI(url.slice((w.cloud.local.baseUrl + '/files/').length)))!.toString('utf8');
    for (const id of orderIds) expect(csv).toContain(id);

    await tap(w, p, '#cell-commissions');
    expect(text(p, '#result-commissions')).toContain(`共 ${await count('commissions')} 行`);
    expect(await count('commissions')).toBe(2);
  });

  test('a refused export shows the error on that cell, and retry works once allowed', async () => {
    await sales(1);
    await w.as('bob');
    const p = await w.page('admin/pages/export/index');
    await tap(w, p, '#cell-distributors');
    expect(text(p, '#error-distributors')).toBeTruthy();
    expect(text(p, '#error-distributors')).toContain('重试');
    expect(p.querySelector('#result-distributors')).toBeUndefined();
    expect(w.log.clipboard).toEqual([]);
    await w.cloud.admin('admin.add', { openid: 'bob' });
    await tap(w, p, '#retry-distributors');
    expect(p.querySelector('#error-distributors')).toBeUndefined();
    expect(text(p, '#result-distributors')).toContain(`共 ${await count('distributors')} 行`);
  });
});

describe('操作日志', () => {
  test('admin calls: who by name, the action in Chinese, ok or refused with a plain reason (no codes); look-ups on request', async () => {
    await sales(1);
    await w.cloud.api(ADMIN, 'user.updateProfile', { nickname: '店长' });
    await w.cloud.api('bob', 'user.updateProfile', { nickname: '小波' });
    await w.cloud.adminRaw('order.ship', { orderId: 'NO-SUCH-ORDER' });
    await w.cloud.adminRaw('no.such', {});
    await w.cloud.adminRaw('product.list', {}); // a successful look-up: hidden by default
    w.cloud.local.clock.advance(60_000); // a later minute, so it is the newest for sure
    await w.cloud.adminRaw('dashboard', { days: 7 }, 'bob'); // not an admin: refused, still logged
    await w.as(ADMIN);
    const p = await w.page('admin/pages/audit/index');
    const entries = texts(p, '.admin-entry');
    const find = (s: string) => entries.find((e) => e.includes(s)) ?? '';
    expect(find('保存商品')).toContain('成功');
    expect(find('保存商品')).toContain('店长');
    expect(find('发货')).toContain('已拒绝');
    expect(find('其他操作')).toContain('已拒绝');
    expect(find('查看数据看板')).toContain('小波');
    expect(find('查看数据看板')).toContain('已拒绝');
    expect(find('查看数据看板')).toContain('仅管理员可操作');
    expect(find('保存商品')).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(entries.join('|')).not.toMatch(/NOT_FOUND|UNKNOWN_ACTION|FORBIDDEN|admin-openid|\bbob\b/);
    expect(find('查看商品')).toBe(''); // the look-up is not in the way
    // newest first: the refused dashboard call was the last admin call before the page opened
    expect(entries[0]).toContain('查看数据看板');
    // 显示查看记录 brings the look-ups back.
    p.instance.onReads({ detail: true });
    await w.settle();
    expect(texts(p, '.admin-entry').some((e) => e.includes('查看商品'))).toBe(true);
    const { actionLabel } = mp('admin/lib/audit-labels.js');
    expect(actionLabel('withdrawal.review')).toBe('审核提现');
    expect(actionLabel('future.thing')).toBe('其他操作');
  });

  test('money: the ledger events of commissions and withdrawals, amounts by the money formatter', async () => {
    const [orderId] = await sales(1);
    await w.as(ADMIN);
    const p = await w.page('admin/pages/audit/index');
    p.instance.onTab({ detail: { name: 'money' } });
    await w.settle();
    const [c] = texts(p, '.money-entry');
    expect(c).toContain('佣金 ¥20.00');
    expect(c).toContain('爱丽丝');
    expect(c).not.toContain('alice');
    // The order number shortened in the row, copied whole.
    expect(c).toContain('订单 …' + orderId.slice(-8));
    expect(c).not.toContain(orderId);
    p.querySelector('.copy').dispatchEvent('tap');
    await w.settle();
    expect(w.log.clipboard).toEqual([orderId]);
    expect(c).toContain('佣金入账');
    expect(c).toContain('待结算 +¥20.00');

    // Settle it and withdraw ¥15.00: the hold moves available → withdrawing.
    await w.cloud.admin('settings.update', { settlement: { freezeDays: 0 } });
    await w.cloud.admin('order.ship', { orderId, parcels: [PARCEL] });
    await w.cloud.api('bob', 'order.confirmReceipt', { orderId });
    await w.cloud.local.trigger('settle');
    await w.cloud.api('alice', 'withdrawal.request', { amountFen: 1500, channel: 'wechat' });
    await p.instance.onPullDownRefresh();
    await w.settle();
    const all = texts(p, '.money-entry');
    expect(all).toHaveLength(2);
    const wd = all.find((e) => e.includes('提现 ¥')) ?? '';
    expect(wd).toContain('提现 ¥15.00');
    expect(wd).toContain('审核中');
    expect(wd).toContain('微信零钱');
    expect(wd).toContain('提现冻结');
    expect(wd).toContain('可提现 -¥15.00');
    expect(wd).toContain('提现中 +¥15.00');
    const com = all.find((e) => e.includes('佣金 ¥')) ?? '';
    expect(com).toContain('结算解冻');
    expect(com).toContain('可提现 +¥20.00');
    expect(com).toContain('待结算 -¥20.00');
  });

  test('paging on reaching the bottom, pull-to-refresh, empty and error states', async () => {
    for (let i = 0; i < 23; i++) await w.cloud.admin('settings.update', {});
    await w.as(ADMIN);
    const p = await w.page('admin/pages/audit/index');
    const first = texts(p, '.admin-entry').length;
    expect(first).toBe(20);
    expect(text(p, '#state')).not.toContain('没有更多了');
    await p.instance.onReachBottom();
    await w.settle();
    const total = await count('audit');
    // every entry written before the first page was read (the page's own call may or may not be in it)
    expect(texts(p, '.admin-entry').length).toBeGreaterThanOrEqual(23);
    expect(texts(p, '.admin-entry').length).toBeLessThanOrEqual(total);
    expect(text(p, '#state')).toContain('没有更多了');

    await w.cloud.admin('order.ship', { orderId: 'GONE' }).catch(() => undefined);
    await p.instance.onPullDownRefresh();
    await w.settle();
    expect(texts(p, '.admin-entry')[0]).toContain('发货');
    expect(texts(p, '.admin-entry')).toHaveLength(20);

    p.instance.onTab({ detail: { name: 'money' } });
    await w.settle();
    expect(texts(p, '.money-entry')).toHaveLength(0);
    expect(text(p, '#state')).toContain('暂无资金流水');

    await w.as('bob');
    const refused = await w.page('admin/pages/audit/index');
    expect(text(refused, '#state')).toContain('重试');
    await w.cloud.admin('admin.add', { openid: 'bob' });
    await tap(w, refused.querySelector('#state'), '#retry');
    expect(texts(refused, '.admin-entry').length).toBeGreaterThan(0);
    expect(text(refused, '#state')).not.toContain('重试');
  });
});

describe('管理员', () => {
  test('lists admins as people and adds one picked from a search (confirmed first); no openids on screen', async () => {
    await w.cloud.api(ADMIN, 'user.updateProfile', { nickname: '店长' });
    await w.cloud.api('carol', 'user.updateProfile', { nickname: '卡萝' });
    await w.cloud.api('dan', 'user.updateProfile', { nickname: '卡丹' });
    await w.as(ADMIN);
    const p = await w.page('admin/pages/admins/index');
    expect(texts(p, '.admin')).toHaveLength(1);
    expect(text(p, '.admin')).toContain('店长');
    expect(text(p, '.admin')).toContain('（我）');
    expect(textOf(p.dom)).not.toMatch(/ADMIN_OPENIDS|admin-openid|openid/);

    await tap(w, p, '#add');
    const picker = p.querySelector('#picker');
    picker.instance.onSearch({ detail: '卡' });
    await w.settle();
    const rows = texts(picker, '.person');
    expect(rows).toHaveLength(2);
    expect(rows.join('|')).toContain('顾客'); // not distributors: any person can be picked

    // Saying no to the confirmation adds nobody.
    w.modalAnswer.confirm = false;
    picker.querySelectorAll('.person').find((n: any) => textOf(n.dom).includes('卡萝')).dispatchEvent('tap');
    await w.settle();
    expect(w.log.modals.pop()?.content).toContain('让 卡萝 成为管理员');
    expect((await w.cloud.api('carol', 'user.login')).isAdmin).toBe(false);

    w.modalAnswer.confirm = true;
    picker.querySelectorAll('.person').find((n: any) => textOf(n.dom).includes('卡萝')).dispatchEvent('tap');
    await w.settle();
    expect(w.log.toasts).toContain('已添加');
    const admins = texts(p, '.admin');
    expect(admins).toHaveLength(2);
    expect(admins[1]).toContain('卡萝');
    expect(admins[1]).toContain('由 店长 添加');
    expect((await w.cloud.api('carol', 'user.login')).isAdmin).toBe(true);
    expect(textOf(p.dom)).not.toMatch(/\bcarol\b/);
  });

  test('a non-admin sees the refusal, not the list', async () => {
    await w.as('bob');
    const p = await w.page('admin/pages/admins/index');
    expect(text(p, '#error')).toBeTruthy();
    expect(p.querySelector('.admin')).toBeUndefined();
    expect(p.querySelector('#add')).toBeUndefined();
  });
});

describe('avatar upload in local mode', () => {
  // The smallest valid PNG signature + IHDR start: the host checks the signature, not the whole image.
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('avatar-bytes')]);

  test('a chosen temp avatar is uploaded to the local cloud and saved as its file id', async () => {
    await w.as('buyer');
    w.tempFiles.set('http://tmp/chosen.png', PNG);
    const p = await w.page('pages/profile/index');
    p.instance.onChooseAvatar({ detail: { avatarUrl: 'http://tmp/chosen.png' } });
    p.instance.onNickname({ detail: { value: '小博' } });
    await tap(w, p, '#save');
    expect(w.log.toasts).toContain('已保存');
    const upload = w.log.requests.find((r) => r.url === '/__dev/upload');
    expect(upload).toBeDefined();
    const me = await w.cloud.api('buyer', 'user.login');
    expect(me.user.nickname).toBe('小博');
    expect(me.user.avatarUrl).toMatch(/^cloud:\/\/[^/]+\/avatars\/[\w-]+\.png$/);
    expect(w.cloud.local.storage.read(me.user.avatarUrl)).toEqual(PNG);

    // 我的 shows it: van-image is given the local cloud's URL of that file (not the cloud:// id).
    await w.as('buyer');
    const mePage = await w.page('pages/me/index');
    const path = String(me.user.avatarUrl).replace(/^cloud:\/\/[^/]+\//, '');
    expect(mePage.querySelector('#avatar').data.src).toBe(`http://127.0.0.1:3000/files/${path}`);
  });

  test('a temp file that is not the image it claims is refused: nothing saved, the reason shown', async () => {
    await w.as('buyer');
    await w.cloud.api('buyer', 'user.updateProfile', { nickname: '原名' });
    w.tempFiles.set('http://tmp/fake.png', Buffer.from('<html>not an image</html>'));
    const p = await w.page('pages/profile/index');
    p.instance.onChooseAvatar({ detail: { avatarUrl: 'http://tmp/fake.png' } });
    p.instance.onNickname({ detail: { value: '新名字' } });
    await tap(w, p, '#save');
    expect(w.log.toasts).toContain('图片上传失败，请换一张图片重试');
    const me = await w.cloud.api('buyer', 'user.login');
    expect(me.user).toMatchObject({ nickname: '原名', avatarUrl: '' });
  });
});
