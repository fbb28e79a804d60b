import { ADMIN, createWorld, tap, text, texts, type World } from './support/harness';
import { ADDRESS } from './support/order-wx';

let w: World;
beforeEach(() => {
  w = createWorld();
});
afterEach(() => w.close());

describe('share visits from the phone and the 推广建议 page', () => {
  test('a friend opening a shared product card records one visit for the sharer, without waiting on it', async () => {
    const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 10000, stock: 50, status: 'on', images: [], description: '' });
    const a = await w.cloud.api('alice', 'distributor.apply', {});
    await w.as('frank');
    const page = await w.page('pages/product/index', { id, c: a.inviteCode });
    await w.settle();
    expect(text(page, '.title') || page.data.product.title).toContain('手工月饼');
    expect(w.log.requests.filter((r) => r.action === 'share.visit')).toHaveLength(1);
    // Opened again the same day: the server counts it once.
    await w.page('pages/product/index', { id, c: a.inviteCode });
    await w.settle();
    const got = await w.cloud.api('alice', 'insight.get');
    expect(got.funnel.visits).toBe(1);
    expect(got.funnel.binds).toBe(1); // the same open bound frank to alice
  });

  test('the distributor center links to 推广建议, which shows the funnel, best hours and what to share', async () => {
    const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 10000, stock: 50, status: 'on', images: [], description: '' });
    const a = await w.cloud.api('alice', 'distributor.apply', {});
    await w.cloud.api('gina', 'share.visit', { code: a.inviteCode, productId: id });
    await w.cloud.api('gina', 'referral.bind', { code: a.inviteCode });
    const o = await w.cloud.api('gina', 'order.create', { items: [{ productId: id, quantity: 2 }], address: ADDRESS });
    await w.cloud.local.pay.pay(o.outTradeNo);
    await w.cloud.local.trigger('settle');

    await w.as('alice');
    const center = await w.page('distributor/pages/center/index');
    expect(center.querySelector('#insights')).toBeDefined();
    const page = await w.page('distributor/pages/insights/index');
    expect([text(page, '#visits'), text(page, '#binds'), text(page, '#orders'), text(page, '#sales')]).toEqual(['1', '1', '1', '¥200.00']);
    expect(text(page, '#hours')).toMatch(/好友常在 \d\d:00–\d\d:00 打开你的分享后下单/);
    expect(texts(page, '.name')).toEqual(['手工月饼']);
    expect(texts(page, '.reason')).toEqual(['你分享的手工月饼被打开 1 次，成交 1 单']);
    // Share card of the suggestion carries her code; the poster button opens the poster of that product.
    const share = page.instance.onShareAppMessage({ from: 'button', target: { dataset: { id } } });
    expect(share).toEqual({ title: '手工月饼', path: `/pages/product/index?id=${id}&c=${a.inviteCode}` });
    await tap(w, page, '.poster');
    expect(w.log.navigations.pop()).toBe(`/distributor/pages/poster/index?productId=${id}`);
    // No one else's identity on the page.
    expect(JSON.stringify(page.data)).not.toContain('gina');
  });

  test('a new distributor with nothing yet: zeros, a hint instead of hours, and the shop best sellers', async () => {
    await w.cloud.admin('product.upsert', { title: '桂花糕', priceFen: 2000, stock: 5, status: 'on', images: [], description: '' });
    await w.cloud.api('hana', 'distributor.apply', {});
    await w.as('hana');
    const page = await w.page('distributor/pages/insights/index');
    expect(text(page, '#visits')).toBe('0');
    expect(text(page, '#hours')).toContain('还没有好友通过你的分享下单');
    expect(texts(page, '.name')).toEqual(['桂花糕']);
  });

  test('not a distributor: the error state with a retry', async () => {
    await w.as('ivan');
    const page = await w.page('distributor/pages/insights/index');
    expect(text(page, '#error')).toContain('你还不是分销员');
    expect(page.querySelector('#retry')).toBeDefined();
  });

  test('the admin dashboard shows the share funnel and the scorecard with conversion and refund rate', async () => {
    const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 10000, stock: 50, status: 'on', images: [], description: '' });
    const a = await w.cloud.api('alice', 'distributor.apply', {});
    await w.cloud.api('alice', 'user.updateProfile', { nickname: '阿丽' });
    for (const friend of ['f1', 'f2', 'f3', 'f4']) await w.cloud.api(friend, 'share.visit', { code: a.inviteCode, productId: id });
    await w.cloud.api('f1', 'referral.bind', { code: a.inviteCode });
    const o = await w.cloud.api('f1', 'order.create', { items: [{ productId: id, quantity: 1 }], address: ADDRESS });
    await w.cloud.local.pay.pay(o.outTradeNo);
    await w.cloud.local.trigger('settle');
    await w.as(ADMIN);
    const p = await w.page('admin/pages/dashboard/index');
    expect([text(p, '#sf-visits'), text(p, '#sf-binds'), text(p, '#sf-orders'), text(p, '#sf-sales')]).toEqual(['4', '1', '1', '¥100.00']);
    expect(texts(p, '.score .name')).toEqual(['阿丽']);
    expect(texts(p, '.score .muted')[0]).toMatch(/浏览 4 · 转化 25(\.0+)?% · 退款率 0(\.0+)?%/);
    expect(texts(p, '.score .price')).toEqual(['¥100.00']);
  });
});
