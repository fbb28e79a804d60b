import { createWorld, text, texts, tap, textOf, type World } from './support/harness';
import { ADDRESS, PARCEL, installOrderWx } from './support/order-wx';

let w: World;
beforeEach(() => {
  w = createWorld();
  installOrderWx(w); // checkout asks WeChat's address book
});
afterEach(() => w.close());

async function addProduct(title: string, priceFen: number, extra: object = {}) {
  const { id } = await w.cloud.admin('product.upsert', { title, priceFen, stock: 10, status: 'on', images: [], description: title + '的介绍', ...extra });
  return id as string;
}

describe('首页 product list', () => {
  test('shows products on sale with prices formatted from fen', async () => {
    await addProduct('高山红茶', 12900);
    await addProduct('手工月饼', 5990);
    await addProduct('下架商品', 100, { status: 'off' });
    await w.as('buyer');
    const page = await w.page('pages/index/index');
    const cards = texts(page, '.card');
    expect(cards).toHaveLength(2);
    expect(textOf(page.dom)).toContain('高山红茶');
    expect(textOf(page.dom)).toContain('¥129.00');
    expect(textOf(page.dom)).toContain('¥59.90');
    expect(textOf(page.dom)).not.toContain('下架商品');
    expect(textOf(page.dom)).toContain('没有更多了');
  });

  test('an empty shop says so (vant empty state)', async () => {
    const page = await w.page('pages/index/index');
    expect(text(page, '#state')).toContain('还没有上架的商品');
  });
});

describe('product detail and buying', () => {
  test('an unknown product shows an error state (vant empty) with retry', async () => {
    await w.as('buyer');
    const page = await w.page('pages/product/index', { id: 'nope' });
    expect(text(page, '#error')).toBeTruthy();
    expect(text(page, '#retry')).toBe('重试');
  });

  test('quantity changes the total; buying 2 creates one paid order of ¥259.80', async () => {
    const id = await addProduct('高山红茶', 12990);
    await w.as('buyer');
    const page = await w.page('pages/product/index', { id });
    expect(text(page, '#price')).toBe('¥129.90');
    page.instance.onQuantity({ detail: 2 });
    await w.settle();
    expect(text(page, '#total')).toBe('¥259.80');
    await tap(w, page, '#buy');
    expect(w.log.toasts).toContain('支付成功');
    const orders = await w.cloud.api('buyer', 'order.list', {});
    expect(orders.items).toHaveLength(1);
    expect(orders.items[0]).toMatchObject({ status: 'paid', totalFen: 25980 });
    expect(w.log.navigations).toEqual([`/pages/order/index?id=${orders.items[0].orderId}`]);
  });

  test('sold out: the buy button says so and is disabled', async () => {
    const id = await addProduct('限量礼盒', 9900, { stock: 0 });
    await w.as('buyer');
    const page = await w.page('pages/product/index', { id });
    expect(text(page, '#buy')).toBe('已售罄');
    await tap(w, page, '#buy');
    expect((await w.cloud.api('buyer', 'order.list', {})).items).toHaveLength(0);
  });

  test('the share card of a non-distributor carries no code, and the title never promises money', async () => {
    const id = await addProduct('高山红茶', 12900);
    await w.as('buyer');
    const page = await w.page('pages/product/index', { id });
    const card = page.instance.onShareAppMessage();
    expect(card.path).toBe(`/pages/product/index?id=${id}`);
    expect(card.title).toContain('¥129.00');
    expect(card.title).not.toMatch(/佣金|赚|返利|奖励|收益/);
  });

  test('the share title follows the shop’s template from the settings', async () => {
    const id = await addProduct('高山红茶', 12900);
    await w.cloud.admin('settings.update', { share: { titleTemplate: '【{title}】今日 {price}' } });
    await w.as('buyer');
    const page = await w.page('pages/product/index', { id });
    expect(page.instance.onShareAppMessage().title).toBe('【高山红茶】今日 ¥129.00');
  });
});

describe('my orders and order detail', () => {
  test('an unpaid order is paid from its page; then shipped and confirmed', async () => {
    const id = await addProduct('手工月饼', 5990);
    const o = await w.cloud.api('buyer', 'order.create', { items: [{ productId: id, quantity: 1 }], address: ADDRESS });
    await w.as('buyer');
    const list = await w.page('pages/orders/index');
    expect(texts(list, '.order')).toHaveLength(1);
    expect(text(list, '.order')).toContain('待支付');
    expect(text(list, '.order')).toContain('¥59.90');
    const page = await w.page('pages/order/index', { id: o.orderId });
    expect(text(page, '#status')).toBe('待支付');
    expect(text(page, '#pay')).toBe('立即支付 ¥59.90');
    await tap(w, page, '#pay');
    expect(text(page, '#status')).toBe('待发货');
    expect(page.querySelector('#pay')).toBeUndefined();
    await w.cloud.admin('order.ship', { orderId: o.orderId, parcels: [PARCEL] });
    await page.instance.load();
    await w.settle();
    expect(text(page, '#status')).toBe('已发货');
    await tap(w, page, '#confirm');
    expect(text(page, '#status')).toBe('已完成');
    list.instance.onTab({ detail: { name: 'received' } });
    await w.settle();
    expect(texts(list, '.order')).toHaveLength(1);
    list.instance.onTab({ detail: { name: 'pending' } });
    await w.settle();
    expect(text(list, '#state')).toContain('还没有订单');
  });

  test('a partial refund shows on the order', async () => {
    const id = await addProduct('手工月饼', 5000);
    const o = await w.cloud.api('buyer', 'order.create', { items: [{ productId: id, quantity: 3 }], address: ADDRESS });
    await w.cloud.local.pay.pay(o.outTradeNo);
    await w.cloud.admin('order.refund', { orderId: o.orderId, lines: [{ productId: id, quantity: 1 }] });
    await w.cloud.local.pay.idle();
    await w.as('buyer');
    const page = await w.page('pages/order/index', { id: o.orderId });
    expect(text(page, '#refunded')).toContain('¥50.00');
    expect(textOf(page.dom)).toContain('已退 1 件');
  });

  test('the order page shows the order number shortened, and 复制 copies the whole number', async () => {
    const id = await addProduct('手工月饼', 5990);
    const o = await w.cloud.api('buyer', 'order.create', { items: [{ productId: id, quantity: 1 }], address: ADDRESS });
    await w.as('buyer');
    const page = await w.page('pages/order/index', { id: o.orderId });
    const shown = text(page, '#order-no');
    expect(shown).toContain('…' + o.outTradeNo.slice(-8));
    expect(shown).not.toContain(o.outTradeNo);
    await tap(w, page, '#copy-no');
    expect(w.log.clipboard).toEqual([o.outTradeNo]);
  });

  test('no orders yet: the list says so and 去逛逛 leads to the shop', async () => {
    await w.as('buyer');
    const list = await w.page('pages/orders/index');
    expect(text(list, '#state')).toContain('还没有订单');
    await tap(w, list.querySelector('#state'), '#empty-action');
    expect(w.log.navigations).toEqual(['/pages/index/index']);
  });

  test('my orders page shows the error state when the backend is unreachable, and recovers on retry', async () => {
    await w.as('buyer');
    const wx = (globalThis as any).wx;
    const real = wx.request;
    wx.request = (o: any) => setTimeout(() => o.fail({ errMsg: 'request:fail timeout' }), 0);
    const list = await w.page('pages/orders/index');
    // A plain sentence and a retry; the URL and `request:fail …` go to the console only.
    expect(text(list, '#state')).toContain('网络不太顺畅，请检查网络后重试');
    expect(text(list, '#state')).not.toMatch(/127\.0\.0\.1|request:fail|timeout/);
    wx.request = real;
    await tap(w, list.querySelector('#state'), '#retry');
    expect(text(list, '#state')).toContain('还没有订单');
  });
});

describe('我的 and profile', () => {
  test('the dev identity switcher plays another user', async () => {
    await w.as('buyer');
    const me = await w.page('pages/me/index');
    expect(text(me, '#as-demo-xiaomei')).toContain('小美（一级分销商）');
    await tap(w, me, '#as-demo-xiaomei');
    expect(w.storage.get('dev.openid')).toBe('demo-xiaomei');
    expect(me.data.openid).toBe('demo-xiaomei');
    expect(text(me, '#as-demo-xiaomei')).toContain('当前');
  });

  test('avatar and nickname from the fill-in components are saved with user.updateProfile', async () => {
    await w.as('buyer');
    const p = await w.page('pages/profile/index');
    p.instance.onChooseAvatar({ detail: { avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/a.png' } });
    p.instance.onNickname({ detail: { value: '小博' } });
    await tap(w, p, '#save');
    expect(w.log.toasts).toContain('已保存');
    const me = await w.cloud.api('buyer', 'user.login');
    expect(me.user.nickname).toBe('小博');
    expect(me.user.avatarUrl).toBe('https://thirdwx.qlogo.cn/mmopen/a.png');
    // A temp file from the chooser is uploaded to the local cloud (/__dev/upload) and saved as its file id.
    w.tempFiles.set('http://tmp/avatar.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
    p.instance.onChooseAvatar({ detail: { avatarUrl: 'http://tmp/avatar.png' } });
    p.instance.onNickname({ detail: { value: '小博博' } });
    await tap(w, p, '#save');
    const again = await w.cloud.api('buyer', 'user.login');
    expect(again.user.nickname).toBe('小博博');
    expect(again.user.avatarUrl).toMatch(/^cloud:\/\/.+\/avatars\/.+\.png$/);
    const page = await w.page('pages/me/index');
    expect(text(page, '#name')).toBe('小博博');
  });

  test('an empty nickname is not sent', async () => {
    await w.as('buyer');
    const p = await w.page('pages/profile/index');
    p.instance.onNickname({ detail: { value: '  ' } });
    await tap(w, p, '#save');
    expect(w.log.toasts).toContain('请输入昵称');
  });
});
