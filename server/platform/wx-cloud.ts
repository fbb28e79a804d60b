import type * as Sdk from 'wx-server-sdk';
import type { Db } from '../db/types';
import type { Cloud, OpenApi, WXContext } from './cloud';

/**
 * The Cloud of a real WeChat cloud environment, built from wx-server-sdk. This file and the four
 * function entries are the only code that touches the SDK.
 */
export function wxCloud(sdk: typeof Sdk): Cloud {
  // The SDK types its database loosely (results typed `Promise<T> | void | string`); its behaviour is
  // the Db interface, which the local database's conformance tests pin down. One conversion, here.
  // throwOnNotFound: false — a transaction's `doc().get()` of a missing document answers
  // `{ data: null }` instead of throwing (the SDK's default throws: wx-server-sdk index.js:1345-1360),
  // as WeChat's transaction guide advises and the backend expects (server/db/types.ts TxDocRef). It
  // applies outside transactions too; the backend never reads a missing document with doc().get() there.
  const db = sdk.database({ throwOnNotFound: false }) as unknown as Db;
  const openapi: OpenApi = {
    async getUnlimitedWxacode(params) {
      const res: { contentType: string; buffer: Buffer } = await sdk.openapi.wxacode.getUnlimited(params);
      return { contentType: res.contentType, buffer: res.buffer };
    },
    async sendSubscribeMessage(params) {
      const res: { errCode: number; errMsg: string } = await sdk.openapi.subscribeMessage.send(params);
      return { errCode: res.errCode, errMsg: res.errMsg };
    },
    async uploadShippingInfo(params) {
      // The body is in WeChat's snake_case already (the SDK's camel→snake conversion leaves it as is).
      return wechatAnswer(() => sdk.openapi.wxa.sec.order.uploadShippingInfo(params));
    },
    async getShippingOrder(params) {
      const res = await wechatAnswer<Record<string, any>>(() => sdk.openapi.wxa.sec.order.getOrder(params));
      const o = res.order as Record<string, any> | undefined;
      const shipping = o?.shipping as Record<string, any> | undefined;
      return {
        errCode: res.errCode,
        errMsg: res.errMsg,
        order: o
          ? {
              transactionId: String(o.transaction_id ?? o.transactionId ?? ''),
              merchantTradeNo: String(o.merchant_trade_no ?? o.merchantTradeNo ?? ''),
              openid: String(o.openid ?? ''),
              orderState: Number(o.order_state ?? o.orderState ?? 0),
              shipping: shipping
                ? {
                    logisticsType: Number(shipping.logistics_type ?? shipping.logisticsType ?? 0),
                    shippingList: ((shipping.shipping_list ?? shipping.shippingList ?? []) as Array<Record<string, unknown>>).map((p) => ({
                      trackingNo: String(p.tracking_no ?? p.trackingNo ?? ''),
                      expressCompany: String(p.express_company ?? p.expressCompany ?? ''),
                    })),
                  }
                : undefined,
            }
          : undefined,
      };
    },
  };
  return {
    db,
    getWXContext(): WXContext {
      const c = sdk.getWXContext();
      return {
        OPENID: c.OPENID ?? '',
        APPID: c.APPID ?? '',
        UNIONID: c.UNIONID,
        SOURCE: c.SOURCE ?? '',
        ENV: c.ENV ?? '',
      };
    },
    now: () => Date.now(),
    pay: sdk.cloudPay,
    openapi,
    storage: {
      async uploadFile(params) {
        const res = await sdk.uploadFile(params);
        return { fileID: res.fileID };
      },
      async getTempFileURL(params) {
        const res = await sdk.getTempFileURL(params);
        if (!res) throw new Error('getTempFileURL returned nothing');
        return {
          fileList: res.fileList.map((f) => ({ fileID: f.fileID, tempFileURL: f.tempFileURL, status: f.status })),
        };
      },
    },
    env: (name) => process.env[name],
    get envId() {
      return sdk.getWXContext().ENV ?? '';
    },
  };
}

/**
 * An openapi call's answer: WeChat's refusals come back from the SDK as thrown errors carrying a
 * positive `errCode` (or `errcode`): those are answers. Anything else thrown (network, the SDK's own
 * negative codes) is "no answer" and is rethrown. Branches on the numeric code, never the message.
 */
async function wechatAnswer<T extends object = object>(call: () => Promise<any>): Promise<T & { errCode: number; errMsg: string }> {
  try {
    const res = (await call()) as Record<string, unknown>;
    const errCode = Number(res.errCode ?? res.errcode ?? 0);
    return { ...(res as T), errCode, errMsg: String(res.errMsg ?? res.errmsg ?? 'ok') };
  } catch (e) {
    const err = e as { errCode?: unknown; errcode?: unknown; errMsg?: unknown; message?: unknown };
    const code = Number(err.errCode ?? err.errcode);
    if (Number.isInteger(code) && code > 0) return { errCode: code, errMsg: String(err.errMsg ?? err.message ?? '') } as T & { errCode: number; errMsg: string };
    throw e;
  }
}
