import { LOCAL_APP_ID, LOCAL_MCH_ID } from '../../local/wechatpay-v3';
import { ADDRESS, SHIP } from '../support/delivery';
import { ADMIN, createWorld, tap, text, texts, type World } from './support/harness';

let w: World;
beforeEach(() => {
  w = createWorld();
});
afterEach(() => w.close());

/** alice, a distributor, with ¥15.00 available (two paid, received and settled orders of her team). */
async function aliceWithBalance() {
  const { id } = await w.cloud.admin('product.upsert', { title: '手工月饼', priceFen: 10000, stock: 50, status: 'on', images: [], description: '' });
  await w.cloud.admin('settings.update', { settlement: { freezeDays: 0 } });
  const a = await w.cloud.api('alice', 'distributor.apply', {});
  await w.cloud.api('bob', 'referral.bind', { code: a.inviteCode });
  const b = await w.cloud.api('bob', 'distributor.apply', {});
  await w.cloud.api('carol', 'referral.bind', { code: b.inviteCode });
  for (const buyer of ['bob', 'carol']) {
    const o = await w.cloud.api(buyer, 'order.create', { items: [{ productId: id, quantity: 1 }], address: ADDRESS });
    await w.cloud.local.pay.pay(o.outTradeNo);
    await w.cloud.admin('order.ship', { orderId: o.orderId, ...SHIP });
    await w.cloud.api(buyer, 'order.confirmReceipt', { orderId: o.orderId });
  }
  await w.cloud.local.trigger('settle');
}

describe('提现到微信零钱 (商家转账) through the pages', () => {
  test('the admin turns it on in settings (keys shown only as set) → request → approve → 待确认收款 → 确认收款 → 已到账', async () => {
    await aliceWithBalance();

    // 分销设置: the payout section, saved through the page
    await w.as(ADMIN);
    const settings = await w.page('admin/pages/settings/index');
    settings.instance.onRadio({ currentTarget: { dataset: { key: 'payoutMode' } }, detail: 'wechat_transfer' });
    await w.settle();
    expect(texts(settings, '.secret')).toEqual(['商户API私钥已配置', '商户证书序列号已配置', 'APIv3密钥已配置', '微信支付公钥已配置', '微信支付公钥ID已配置']);
    for (const [key, value] of [['mchId', LOCAL_MCH_ID], ['appId', LOCAL_APP_ID]]) {
      settings.instance.onField({ currentTarget: { dataset: { key } }, detail: value });
    }
    await tap(w, settings, '#save');
    expect(w.log.toasts).toContain('已保存');
    expect((await w.cloud.admin('settings.get', {})).settings.payout).toMatchObject({ mode: 'wechat_transfer', mchId: LOCAL_MCH_ID, appId: LOCAL_APP_ID });

    // alice asks for ¥5.00 to WeChat change
    await w.as('alice');
    const withdraw = await w.page('distributor/pages/withdraw/index');
    withdraw.instance.onAmount({ detail: '5' });
    await w.settle();
    await tap(w, withdraw, '#submit');
    expect(texts(withdraw, '.history')[0]).toContain('审核中');

    // the admin approves: the bill is made, the row waits for the user
    await w.as(ADMIN);
    const queue = await w.page('admin/pages/withdrawals/index');
    await tap(w, queue, '.approve');
    expect(w.cloud.local.transfers.bills()).toHaveLength(1);
    queue.instance.onTab({ detail: { name: 'transferring' } });
    await w.settle();
    expect(text(queue, '.transfer')).toContain('等待用户确认收款');

    // alice sees 待确认收款 and confirms (local mode: the stand-in plays WeChat's sheet)
    await w.as('alice');
    const again = await w.page('distributor/pages/withdraw/index');
    expect(texts(again, '.history')[0]).toContain('待确认收款');
    await tap(w, again, '.confirm-transfer');
    expect(w.log.toasts).toContain('已到账微信零钱');
    expect(texts(again, '.history')[0]).toContain('已到账');
    expect(again.querySelector('.confirm-transfer')).toBeUndefined();
    expect(w.log.requests.filter((r) => r.url === '/__dev/transfer')).toHaveLength(1);
    expect((await w.cloud.admin('reconcile')).ok).toBe(true);
  });
});
