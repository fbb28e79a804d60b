import { join } from 'node:path';
import type { WXContext } from '../../server/platform/cloud';
import { LocalCloud } from '../../local/runtime';
import { ADDRESS, SHIP } from '../support/delivery';

/**
 * The deployable bundles themselves (cloudfunctions/<name>/index.js, what `npm run build` makes and
 * WeChat runs), loaded with a wx-server-sdk whose services are the local cloud's: this runs the real
 * entries and the real SDK adapter (server/platform/wx-cloud.ts), not the local runtime's shortcut.
 */
describe('the built cloud functions', () => {
  const local = new LocalCloud({ adminOpenids: [] });
  let context: WXContext = { OPENID: '', APPID: '', SOURCE: '', ENV: 'local-dev' };
  const inits: unknown[] = [];
  const fakeSdk = {
    DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
    init: (config: unknown) => void inits.push(config),
    database: () => local.db,
    getWXContext: () => ({ ...context }),
    cloudPay: local.pay,
    openapi: {
      wxacode: { getUnlimited: (p: never) => local.cloud.openapi.getUnlimitedWxacode(p) },
      subscribeMessage: { send: (p: never) => local.cloud.openapi.sendSubscribeMessage(p) },
      wxa: {
        sec: {
          order: {
            uploadShippingInfo: (p: never) => local.cloud.openapi.uploadShippingInfo(p),
            getOrder: (p: never) => local.cloud.openapi.getShippingOrder(p),
          },
        },
      },
    },
    uploadFile: (p: { cloudPath: string; fileContent: Buffer }) =>
      local.storage.uploadFile(p).then((r) => ({ ...r, statusCode: 200, errMsg: 'uploadFile:ok' })),
    getTempFileURL: (p: { fileList: string[] }) =>
      local.storage
        .getTempFileURL(p)
        .then((r) => ({ errMsg: 'ok', fileList: r.fileList.map((f) => ({ ...f, maxAge: 7200, errMsg: 'ok' })) })),
  };
  type Main = (event: unknown) => Promise<any>;
  let fns: Record<'api' | 'admin' | 'payCallback' | 'settle', Main>;

  beforeAll(() => {
    process.env.ADMIN_OPENIDS = 'boss';
    process.env.SUB_MCH_ID = '1900000109';
    jest.doMock('wx-server-sdk', () => fakeSdk, { virtual: true });
    const load = (name: string) => (require(join(__dirname, '../../cloudfunctions', name, 'index.js')) as { main: Main }).main;
    fns = { api: load('api'), admin: load('admin'), payCallback: load('payCallback'), settle: load('settle') };
  });
  afterAll(() => {
    delete process.env.ADMIN_OPENIDS;
    delete process.env.SUB_MCH_ID;
    local.close();
  });

  const as = (openid: string, source = 'wx_client') => {
    context = { OPENID: openid, APPID: openid ? 'wxapp' : '', SOURCE: source, ENV: 'local-dev' };
  };
  const ok = async (fn: 'api' | 'admin', openid: string, action: string, params: object = {}) => {
    as(openid);
    const res = await fns[fn]({ action, ...params, userInfo: { appId: 'wxapp', openId: openid } });
    if (!res.ok) throw new Error(`${action}: ${res.code} ${res.message}`);
    return res.data;
  };

  test('each bundle initialises the SDK for the current environment', () => {
    expect(inits).toEqual(Array(4).fill({ env: fakeSdk.DYNAMIC_CURRENT_ENV }));
  });

  test('a shop runs through the bundles: admin from the environment, a sale paid by WeChat Pay, settle on its timer', async () => {
    expect((await ok('api', 'boss', 'user.login')).isAdmin).toBe(true);
    const { id } = await ok('admin', 'boss', 'product.upsert', { title: '桂花乌龙', priceFen: 5000, stock: 5, status: 'on' });
    const { inviteCode } = await ok('api', 'amy', 'distributor.apply');
    await ok('api', 'ben', 'referral.bind', { code: inviteCode });
    const order = await ok('api', 'ben', 'order.create', { items: [{ productId: id, quantity: 2 }], address: ADDRESS });

    // WeChat Pay's notification to the payCallback bundle: refused from a client, handled from WeChat Pay.
    const { event } = local.pay.markPaid(order.outTradeNo);
    as('ben');
    expect(await fns.payCallback(event)).toMatchObject({ errcode: 1 });
    as('', 'wx_paycallback');
    expect(await fns.payCallback(event)).toEqual({ errcode: 0, errmsg: 'paid' });
    expect(await fns.payCallback(event)).toEqual({ errcode: 0, errmsg: 'duplicate' });
    expect((await ok('api', 'amy', 'distributor.summary')).balance.frozenFen).toBe(1000);

    // 发货 through the bundle records the shipment with WeChat through sdk.openapi.wxa.sec.order.
    const shipped = await ok('admin', 'boss', 'order.ship', { orderId: order.orderId, ...SHIP });
    expect(shipped.shippingRecord.status).toBe('recorded');
    expect(local.openapi.acceptedUploads(order.outTradeNo)).toHaveLength(1);
    const asked = await ok('api', 'ben', 'afterSale.request', { orderId: order.orderId, lines: [{ productId: id, quantity: 1 }], reason: '不想要了' });
    expect(asked).toMatchObject({ status: 'open', refundFen: 5000 });

    const poster = await ok('api', 'amy', 'distributor.poster');
    expect(poster.url).toMatch(/\/files\/posters\//);
    expect(local.storage.read(poster.fileID)?.subarray(1, 4).toString()).toBe('PNG');

    as('', 'wx_trigger');
    expect(await fns.settle({ Type: 'Timer', TriggerName: 'hourly', Time: new Date().toISOString() })).toMatchObject({ ok: true });
    as('ben');
    expect(await fns.settle({})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    as('ben');
    expect(await fns.admin({ action: 'dashboard', days: 7 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
