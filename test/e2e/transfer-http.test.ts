import { ADDRESS, SHIP } from '../support/delivery';
import { useProcess } from './process';

/** 商家转账 over `npm start`'s HTTP face: the dev control and the notification route. */
describe('the local cloud process: payouts to the WeChat wallet', () => {
  const proc = useProcess();

  test('request → approve (bill made) → POST /__dev/transfer confirm → paid; a forged notification to /wechatpay/transfer-notify is refused', async () => {
    const p = proc();
    const call = (fn: 'api' | 'admin', openid: string, action: string, params: object = {}) => p.call(fn, openid, action, params);
    await call('admin', 'admin', 'settings.update', {
      settlement: { freezeDays: 0 },
      payout: { mode: 'wechat_transfer', mchId: '1900000109', appId: 'wx0000000000000000', sceneId: '1005', remark: '推广佣金提现' },
    });
    const settings = await call('admin', 'admin', 'settings.get');
    expect(settings.payoutSecrets).toEqual({ privateKey: true, serialNo: true, apiV3Key: true, publicKey: true, publicKeyId: true });
    expect(JSON.stringify(settings)).not.toContain('PRIVATE KEY');

    const { id } = await call('admin', 'admin', 'product.upsert', { title: '茶叶礼盒', priceFen: 10000, stock: 10, status: 'on' });
    const a = await call('api', 'amy', 'distributor.apply');
    await call('api', 'carl', 'referral.bind', { code: a.inviteCode });
    const o = await call('api', 'carl', 'order.create', { items: [{ productId: id, quantity: 1 }], address: ADDRESS });
    expect((await p.post('/__dev/pay', { outTradeNo: o.outTradeNo })).status).toBe(200);
    await call('admin', 'admin', 'order.ship', { orderId: o.orderId, ...SHIP });
    await call('api', 'carl', 'order.confirmReceipt', { orderId: o.orderId });
    expect((await p.post('/__dev/trigger/settle', {})).status).toBe(200);

    const w = await call('api', 'amy', 'withdrawal.request', { amountFen: 500, channel: 'wechat' });
    expect(await call('admin', 'admin', 'withdrawal.review', { withdrawalId: w.withdrawalId, approve: true })).toMatchObject({ status: 'transferring' });
    const info = await call('api', 'amy', 'withdrawal.transferInfo', { withdrawalId: w.withdrawalId });
    expect(info).toMatchObject({ mchId: '1900000109', appId: 'wx0000000000000000', package: expect.any(String) });

    const forged = await p.post('/wechatpay/transfer-notify', { event_type: 'MCHTRANSFER.BILL.FINISHED', resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: 'eA==', nonce: 'x', associated_data: '' } });
    expect(forged.status).toBe(401);
    expect((await p.post('/__dev/transfer', { outBillNo: info.outBillNo, action: 'dance' })).status).toBe(400);
    expect((await p.post('/__dev/transfer', { outBillNo: 'NOPE1', action: 'confirm' })).status).toBe(404);

    const confirmed = await p.post('/__dev/transfer', { outBillNo: info.outBillNo, action: 'confirm' });
    expect(confirmed).toMatchObject({ status: 200, json: { state: 'SUCCESS', notified: 200 } });
    const list = await call('api', 'amy', 'withdrawal.list');
    expect(list.items[0]).toMatchObject({ withdrawalId: w.withdrawalId, status: 'paid' });
    expect((await p.post('/__dev/transfer', { outBillNo: info.outBillNo, action: 'cancel' })).status).toBe(409);
    expect(p.output()).not.toContain('PRIVATE KEY');
  });
});
