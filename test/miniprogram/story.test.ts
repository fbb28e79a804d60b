import { createWorld, mp, tap, text, textOf, type World } from './support/harness';
import { installOrderWx } from './support/order-wx';

let w: World;
beforeEach(() => {
  w = createWorld();
  installOrderWx(w); // checkout asks WeChat's address book
});
afterEach(() => w.close());

test('the whole story: admin adds a product, A joins, B opens A’s share and is bound, B buys and pays, A sees the frozen commission', async () => {
  // The shop owner adds a product on the admin tab (¥129.00; default rates: L1 10%).
  await w.as('admin-openid');
  const me = await w.page('pages/me/index');
  expect(text(me, '#admin')).toContain('管理后台');
  const edit = await w.page('admin/pages/product-edit/index');
  edit.instance.onField({ currentTarget: { dataset: { key: 'title' } }, detail: '高山红茶' });
  edit.instance.onField({ currentTarget: { dataset: { key: 'price' } }, detail: '129' });
  edit.instance.onField({ currentTarget: { dataset: { key: 'stock' } }, detail: '5' });
  edit.instance.onField({ currentTarget: { dataset: { key: 'description' } }, detail: '明前采摘' });
  await tap(w, edit, '#save');
  expect(w.log.toasts).toContain('已保存');
  const productId: string = edit.data.id;
  expect(productId).toBeTruthy();

  // A joins from the join page (open onboarding) and lands in the center with an invite code.
  await w.as('alice');
  const join = await w.page('distributor/pages/join/index');
  expect(text(join, '#submit')).toBe('立即加入');
  await tap(w, join, '#submit');
  expect(w.log.navigations).toContain('/distributor/pages/center/index');
  const session = mp('services/session.js');
  const code: string = session.session().user.distributor.inviteCode;
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);

  // A's product page shares a card whose path carries A's code, and whose title sells the product.
  const aProduct = await w.page('pages/product/index', { id: productId });
  const card = aProduct.instance.onShareAppMessage();
  expect(card.path).toBe(`/pages/product/index?id=${productId}&c=${code}`);
  expect(card.title).toContain('高山红茶');
  expect(card.title).not.toMatch(/佣金|赚|返利|奖励/);

  // B opens the card before logging in: the page renders at once (shopping is not blocked)...
  session.logout();
  w.storage.set('dev.openid', 'bob');
  const bProduct = await w.page('pages/product/index', { id: productId, c: code });
  expect(text(bProduct, '#title')).toBe('高山红茶');
  expect(text(bProduct, '#price')).toBe('¥129.00');
  expect(mp('services/referral.js').pendingReferrals()).toEqual([code]);
  // ...and the bind happens once B is known.
  await session.login();
  await w.settle();
  expect(mp('services/referral.js').pendingReferrals()).toEqual([]);
  const bob = await w.cloud.api('bob', 'user.login');
  expect(bob.user.referrerOpenid).toEqual(expect.any(String)); // bound (alice's openid is not bob's to see)
  expect((await w.cloud.api('alice', 'distributor.team', { level: 1 })).items).toHaveLength(1);

  // B buys one and pays (the local pay service plays WeChat Pay and calls payCallback).
  await tap(w, bProduct, '#buy');
  const orderUrl = w.log.navigations[w.log.navigations.length - 1];
  expect(orderUrl).toMatch(/^\/pages\/order\/index\?id=/);
  expect(w.log.toasts).toContain('支付成功');
  const order = await w.page('pages/order/index', { id: orderUrl.split('id=')[1] });
  expect(text(order, '#status')).toBe('待发货');
  expect(text(order, '#total')).toContain('¥129.00');

  // A's center shows the frozen commission: floor(12900 × 10%) = ¥12.90.
  await w.as('alice');
  const center = await w.page('distributor/pages/center/index');
  expect(text(center, '#frozen')).toBe('¥12.90');
  expect(text(center, '#available')).toBe('¥0.00');
  expect(text(center, '#team')).toContain('一级 1 人');
  expect(text(center, '#promoted')).toContain('1 单');
  expect(textOf(center.dom)).toContain(code);
});
