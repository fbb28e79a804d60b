import { createWorld, tap, text, texts, textOf, type World } from './support/harness';
import { ADDRESS, PARCEL } from './support/order-wx';

let w: World;
beforeEach(() => {
  w = createWorld();
});
afterEach(() => w.close());

/** A (distributor) → B (bound to A, buys) → C (bound to B, buys): commissions for A at L1 and L2. */
async function shopWithSales() {
  const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 10000, stock: 50, status: 'on', images: [], description: '' });
  const a = await w.cloud.api('alice', 'distributor.apply', {});
  await w.cloud.api('bob', 'user.login');
  await w.cloud.api('bob', 'referral.bind', { code: a.inviteCode });
  const b = await w.cloud.api('bob', 'distributor.apply', {});
  await w.cloud.api('carol', 'referral.bind', { code: b.inviteCode });
  const orders: Record<string, string> = {};
  for (const buyer of ['bob', 'carol']) {
    const o = await w.cloud.api(buyer, 'order.create', { items: [{ productId: id, quantity: 1 }], address: ADDRESS });
    await w.cloud.local.pay.pay(o.outTradeNo);
    orders[buyer] = o.orderId;
  }
  return { productId: id, codeA: a.inviteCode as string, orders };
}

describe('推广 tab and join', () => {
  test('a new user sees the join pitch; the join page shows pending under approval', async () => {
    await w.cloud.admin('settings.update', { onboarding: { mode: 'approval' } });
    await w.as('dave');
    const promote = await w.page('pages/promote/index');
    expect(text(promote, '#join')).toBe('立即加入');
    const join = await w.page('distributor/pages/join/index');
    await tap(w, join, '#submit');
    expect(text(join, '#status')).toContain('审核中');
    expect(join.querySelector('#submit')).toBeUndefined();
    const again = await w.page('pages/promote/index');
    expect(text(again, '#pending')).toContain('审核中');
  });

  test('the invite code from a scanned poster is prefilled and binds the new distributor', async () => {
    const a = await w.cloud.api('alice', 'distributor.apply', {});
    await w.as('erin');
    const join = await w.page('distributor/pages/join/index', { scene: encodeURIComponent(`c=${a.inviteCode}`) });
    expect(join.data.code).toBe(a.inviteCode);
    await tap(w, join, '#submit');
    const erin = await w.cloud.api('erin', 'user.login');
    // Bound to alice (the user view says so without alice's openid):
    expect(erin.user.referrerOpenid).toEqual(expect.any(String));
    expect((await w.cloud.api('alice', 'distributor.team', { level: 1 })).items).toHaveLength(1);
    expect(erin.user.distributor.status).toBe('active');
  });

  test('an active distributor sees the invite code and copies it', async () => {
    const a = await w.cloud.api('alice', 'distributor.apply', {});
    await w.as('alice');
    const promote = await w.page('pages/promote/index');
    expect(text(promote, '#code')).toBe(a.inviteCode);
    await tap(w, promote, '#copy');
    expect(w.log.clipboard).toEqual([a.inviteCode]);
    expect(textOf(promote.dom)).toContain('推广海报');
  });
});

describe('distributor center pages', () => {
  test('center: balances, today/month/lifetime and team counts from the real ledger', async () => {
    await shopWithSales();
    await w.as('alice');
    const c = await w.page('distributor/pages/center/index');
    // A: L1 on bob's order (10% of ¥100) + L2 on carol's (5%) = ¥15.00 frozen.
    expect(text(c, '#frozen')).toBe('¥15.00');
    expect(text(c, '#available')).toBe('¥0.00');
    expect(text(c, '#lifetime')).toBe('¥15.00');
    expect(text(c, '#team')).toContain('一级 1 人 · 二级 1 人');
    await tap(w, c, '#copy');
    expect(w.log.clipboard).toHaveLength(1);
    const share = c.instance.onShareAppMessage();
    expect(share.path).toBe('/pages/index/index?c=' + w.log.clipboard[0]);
  });

  test('team: level 1 and level 2 tabs with their counts; a member’s team counts in their contribution', async () => {
    await shopWithSales();
    await w.as('alice');
    const t = await w.page('distributor/pages/team/index');
    expect(textOf(t.dom)).toContain('一级成员（1）');
    expect(textOf(t.dom)).toContain('二级成员（1）');
    expect(texts(t, '.member')).toHaveLength(1);
    expect(text(t, '.member')).toContain('推广员'); // bob joined too
    // bob's own purchase earned alice ¥10 (L1); carol, whom bob brought, earned her ¥5 more (L2).
    expect(text(t, '.member')).toContain('贡献 ¥15.00');
    expect(text(t, '.member')).toContain('本人 ¥10.00 · 团队 ¥5.00');
    t.instance.onTab({ detail: { name: 2 } });
    await w.settle();
    expect(texts(t, '.member')).toHaveLength(1);
    expect(text(t, '.member')).toContain('贡献 ¥5.00');
  });

  test('team: members are keyed by an opaque id (no openids reach the page); a lapsed binding is marked', async () => {
    await shopWithSales();
    await w.cloud.admin('settings.update', { binding: { mode: 'window', windowDays: 30 } });
    w.cloud.local.clock.advance(31 * 86_400_000);
    await w.as('alice');
    const t = await w.page('distributor/pages/team/index');
    expect(JSON.stringify(t.data.list.items)).not.toMatch(/"(bob|carol)"/);
    expect(t.data.list.items[0].memberId).toMatch(/^m_/);
    expect(text(t, '.member')).toContain('已失效');
    await w.cloud.admin('settings.update', { binding: { mode: 'permanent' } });
    const again = await w.page('distributor/pages/team/index');
    expect(text(again, '.member')).not.toContain('已失效');
  });

  test('commissions: status tabs, amounts from fen', async () => {
    await shopWithSales();
    await w.as('alice');
    const p = await w.page('distributor/pages/commissions/index');
    const rows = texts(p, '.row-item');
    expect(rows).toHaveLength(2);
    expect(rows.join('|')).toContain('+¥10.00');
    expect(rows.join('|')).toContain('+¥5.00');
    expect(rows.join('|')).toContain('待结算');
    p.instance.onTab({ detail: { name: 'available' } });
    await w.settle();
    expect(texts(p, '.row-item')).toHaveLength(0);
    expect(text(p, '#state')).toContain('暂无佣金记录');
  });

  test('promoted orders list', async () => {
    await shopWithSales();
    await w.as('alice');
    const p = await w.page('distributor/pages/orders/index');
    const rows = texts(p, '.row-item');
    expect(rows).toHaveLength(2);
    expect(rows.join('|')).toContain('佣金 ¥10.00');
    expect(rows.join('|')).toContain('订单金额 ¥100.00');
  });

  test('withdraw: fee and net shown before submit, then the request appears in history', async () => {
    const { orders } = await shopWithSales();
    await w.cloud.admin('settings.update', { withdrawal: { feeBps: 100 }, settlement: { freezeDays: 0 } });
    // Make A's commission available: ship, receipt confirmed, the hourly settle.
    for (const [buyer, orderId] of Object.entries(orders)) {
      await w.cloud.admin('order.ship', { orderId, parcels: [PARCEL] });
      await w.cloud.api(buyer, 'order.confirmReceipt', { orderId });
    }
    await w.cloud.local.trigger('settle');
    await w.as('alice');
    const p = await w.page('distributor/pages/withdraw/index');
    expect(text(p, '#available')).toBe('¥15.00');
    expect(text(p, '#rules')).toContain('手续费 1%');
    expect(text(p, '#rules')).toContain('单笔 ¥1.00 ~ ¥5,000.00');
    p.instance.onAmount({ detail: '5' });
    await w.settle();
    expect(text(p, '#fee')).toContain('¥0.05');
    expect(text(p, '#net')).toContain('¥4.95');
    // With the shop's template ids configured, the tap asks the user to subscribe to the results.
    Object.assign(w.require('config.js').SUBSCRIBE_TEMPLATES, { withdrawalReviewed: 'tpl-review', commissionAvailable: 'tpl-commission' });
    await tap(w, p, '#submit');
    expect(w.log.subscriptions).toEqual([['tpl-review', 'tpl-commission']]);
    Object.assign(w.require('config.js').SUBSCRIBE_TEMPLATES, { withdrawalReviewed: '', commissionAvailable: '' });
    expect(w.log.toasts).toContain('已提交，实际到账 ¥4.95');
    expect(texts(p, '.history')[0]).toContain('¥5.00');
    expect(texts(p, '.history')[0]).toContain('审核中');
    expect(text(p, '#available')).toBe('¥10.00');
  });

  test('withdraw: an amount over the balance is refused before submit', async () => {
    await w.cloud.api('alice', 'distributor.apply', {});
    await w.as('alice');
    const p = await w.page('distributor/pages/withdraw/index');
    p.instance.onAmount({ detail: '12.345' });
    await w.settle();
    expect(text(p, '#amount')).toContain('请输入正确的金额');
    p.instance.onAmount({ detail: '10' });
    await w.settle();
    expect(text(p, '#amount')).toContain('超出可提现余额');
    expect(p.data.canSubmit).toBe(false);
    expect(text(p, '#state')).toContain('暂无提现记录');
  });

  test('ranking shows the leaders and my rank', async () => {
    await shopWithSales();
    await w.as('alice');
    const p = await w.page('distributor/pages/ranking/index');
    expect(p.data.period).toBe('week');
    p.instance.onPeriod({ detail: { name: 'all' } });
    await w.settle();
    const rows = texts(p, '.rank-row');
    // Lifetime commission: A ¥15.00 (L1 ¥10 + L2 ¥5), B ¥10.00 (L1 on carol's order).
    expect(rows[0]).toMatch(/^1\. .*¥15\.00$/);
    expect(rows[1]).toMatch(/^2\. .*¥10\.00$/);
    expect(text(p, '#me')).toBe('我的排名：第 1 名 · ¥15.00');
    // My own row is the one the server marks; no openid reaches the page.
    expect(texts(p, '.rank-row.mine')).toHaveLength(1);
    expect(text(p, '.rank-row.mine')).toMatch(/^1\. /);
    expect(JSON.stringify(p.data.items)).not.toMatch(/alice|bob/);
    p.instance.onBy({ detail: { name: 'team' } });
    await w.settle();
    expect(text(p, '#me')).toBe('我的排名：第 1 名 · 2 人');
  });
});

describe('poster page', () => {
  test('shows the poster (the mini program code from the server) and saves it after asking for the album', async () => {
    const { productId } = await shopWithSales();
    await w.as('alice');
    const p = await w.page('distributor/pages/poster/index', { productId });
    expect(p.data.error).toBe('');
    expect(p.data.image).toBeTruthy();
    expect(text(p, '#save')).toBe('保存到相册');
    await tap(w, p, '#save');
    await w.settle(20);
    expect(w.album.granted).toBe(true);
    expect(w.log.savedImages).toEqual([p.data.image]);
    expect(w.log.toasts).toContain('已保存到相册');
  });

  test('refused before: explains and opens the settings page; still refused → nothing saved', async () => {
    await w.cloud.api('alice', 'distributor.apply', {});
    await w.as('alice');
    w.album.granted = false;
    w.album.grantInSettings = false;
    const p = await w.page('distributor/pages/poster/index');
    await tap(w, p, '#save');
    await w.settle(20);
    expect(w.log.modals[0].title).toBe('需要相册权限');
    expect(w.log.savedImages).toEqual([]);
    expect(w.log.toasts).toContain('未获得相册权限，图片未保存');
  });
});

test('materials: empty state from the real list', async () => {
  await w.cloud.api('alice', 'distributor.apply', {});
  await w.as('alice');
  const p = await w.page('distributor/pages/materials/index');
  expect(text(p, '#state')).toContain('暂无推广素材');
});
