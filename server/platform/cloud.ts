import type { WxPayment } from '../../typings/api';
import type { Db } from '../db/types';
import type { HttpTransport } from '../payments/wechatpay-v3/http';

/**
 * Everything the backend needs from its platform. The function entries build one from
 * wx-server-sdk (`wx-cloud.ts`); the local cloud builds one from SQLite and local services.
 * Backend code never imports wx-server-sdk and never reads the wall clock itself.
 */
export interface Cloud {
  readonly db: Db;
  /** Per call: read it inside the handler, never keep it in module state. */
  getWXContext(): WXContext;
  /** Milliseconds since the epoch, from the runtime's clock (movable in the local cloud). */
  now(): number;
  readonly pay: CloudPay;
  readonly openapi: OpenApi;
  readonly storage: Storage;
  /** The environment variables the functions read (ADMIN_OPENIDS, SUB_MCH_ID, ...). */
  env(name: string): string | undefined;
  /** The cloud environment id, for cloudPay's `envId`. */
  readonly envId: string;
  /** HTTPS to WeChat Pay APIv3 (商家转账); absent: node:https. The local cloud routes it to its stand-in. */
  readonly http?: HttpTransport;
}

export interface WXContext {
  OPENID: string;
  APPID: string;
  UNIONID?: string;
  /** `wx_client` for calls from the mini program, `wx_paycallback` for WeChat Pay notifications. */
  SOURCE: string;
  ENV: string;
}

/** The v2 payment notification WeChat Pay delivers to the callback function. */
export interface PayNotification {
  returnCode: 'SUCCESS' | 'FAIL';
  resultCode: 'SUCCESS' | 'FAIL';
  outTradeNo: string;
  transactionId: string;
  totalFee: number;
  subMchId?: string;
  subOpenid?: string;
  timeEnd?: string;
  feeType?: string;
  bankType?: string;
  tradeType?: string;
  [field: string]: unknown;
}

/** The refund notification WeChat Pay delivers to the callback function (fields decrypted). */
export interface RefundNotification {
  returnCode: 'SUCCESS' | 'FAIL';
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  totalFee: number;
  refundFee: number;
  refundStatus: 'SUCCESS' | 'CHANGE' | 'REFUNDCLOSE';
  successTime?: string;
  [field: string]: unknown;
}

/** What cloudPay answers: errCode 0 says the call reached WeChat Pay, not that it succeeded. */
export interface PayApiResult {
  errCode: number;
  errMsg: string;
  returnCode: 'SUCCESS' | 'FAIL';
  returnMsg?: string;
  resultCode?: 'SUCCESS' | 'FAIL';
  errCodeDes?: string;
}

export interface UnifiedOrderParams {
  body: string;
  outTradeNo: string;
  spbillCreateIp: string;
  subMchId: string;
  totalFee: number;
  envId: string;
  functionName: string;
  /** The payer; WeChat's cloud fills it from the caller when omitted. */
  subOpenid?: string;
  tradeType?: 'JSAPI';
  nonceStr?: string;
}
export interface UnifiedOrderResult extends PayApiResult {
  payment?: WxPayment;
}

export interface QueryOrderParams {
  outTradeNo: string;
  subMchId: string;
  nonceStr?: string;
}
export interface QueryOrderResult extends PayApiResult {
  /** SUCCESS, REFUND, NOTPAY, CLOSED, ... */
  tradeState?: string;
  totalFee?: number;
  transactionId?: string;
  outTradeNo?: string;
}

export interface RefundParams {
  outTradeNo: string;
  outRefundNo: string;
  subMchId: string;
  totalFee: number;
  refundFee: number;
  envId: string;
  functionName: string;
  refundDesc?: string;
  nonceStr?: string;
}
export interface RefundResult extends PayApiResult {
  refundId?: string;
  refundFee?: number;
}

/**
 * `cloudPay.queryRefund` (wx-server-sdk ≥ 2.0.2; WeChat Pay v2 refundquery): one of refundId,
 * outRefundNo, transactionId, outTradeNo (that priority); `offset` pages an order's refunds by 10.
 */
export interface QueryRefundParams {
  subMchId: string;
  outRefundNo?: string;
  outTradeNo?: string;
  refundId?: string;
  transactionId?: string;
  offset?: number;
  nonceStr?: string;
}
/**
 * What queryRefund answers. WeChat Pay v2 documents one set of fields per refund, suffixed `_$n`
 * (`refund_status_0`, ...), which the SDK's camel-casing turns into `refundStatus_0`; cloudPay has
 * been seen answering arrays instead (`refundStatusList`, `outRefundNoList`, ...), sometimes empty.
 * Read it with `readRefundEntries` (payments/refund-query.ts), never field by field.
 */
export interface QueryRefundResult extends PayApiResult {
  outTradeNo?: string;
  totalFee?: number;
  refundCount?: number;
  totalRefundCount?: number;
  [field: string]: unknown;
}

export interface CloudPay {
  unifiedOrder(params: UnifiedOrderParams): Promise<UnifiedOrderResult>;
  queryOrder(params: QueryOrderParams): Promise<QueryOrderResult>;
  closeOrder(params: { outTradeNo: string; subMchId: string }): Promise<PayApiResult>;
  refund(params: RefundParams): Promise<RefundResult>;
  queryRefund(params: QueryRefundParams): Promise<QueryRefundResult>;
}

export interface OpenApi {
  /** A mini program code (PNG) for `page` whose scene is `scene` (at most 32 visible chars). */
  getUnlimitedWxacode(params: {
    scene: string;
    page: string;
    width?: number;
    checkPath?: boolean;
    envVersion?: 'release' | 'trial' | 'develop';
  }): Promise<{ contentType: string; buffer: Buffer }>;
  sendSubscribeMessage(params: {
    touser: string;
    templateId: string;
    page?: string;
    data: Record<string, { value: string }>;
    miniprogramState?: 'developer' | 'trial' | 'formal';
  }): Promise<{ errCode: number; errMsg: string }>;
}

export interface Storage {
  uploadFile(params: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  getTempFileURL(params: {
    fileList: string[];
  }): Promise<{ fileList: Array<{ fileID: string; tempFileURL: string; status: number }> }>;
}
