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
