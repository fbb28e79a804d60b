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
  /**
   * Records a shipment with WeChat (小程序发货信息管理服务 发货信息录入, cloud call
   * `wxa.sec.order.uploadShippingInfo`, HTTPS `/wxa/sec/order/upload_shipping_info`). Answers
   * errCode 0 (accepted) or WeChat's refusal (errCode > 0); a call that got no answer throws — WeChat
   * may or may not have it (check with `getShippingOrder` before sending again).
   */
  uploadShippingInfo(params: UploadShippingInfoParams): Promise<{ errCode: number; errMsg: string }>;
  /** 查询订单发货状态 (`wxa.sec.order.getOrder`, `/wxa/sec/order/get_order`). Throws when there is no answer. */
  getShippingOrder(params: { transaction_id?: string; merchant_id?: string; merchant_trade_no?: string }): Promise<ShippingOrderResult>;
}

/** `order_key`: the WeChat Pay transaction id (type 2), or merchant id + out_trade_no (type 1). */
export type ShippingOrderKey =
  | { order_number_type: 2; transaction_id: string }
  | { order_number_type: 1; mchid: string; out_trade_no: string };

/** The request body of upload_shipping_info, field names as WeChat spells them. */
export interface UploadShippingInfoParams {
  order_key: ShippingOrderKey;
  /** 1 express, 2 同城配送, 3 virtual goods, 4 用户自提. */
  logistics_type: 1 | 2 | 3 | 4;
  /** 1 UNIFIED_DELIVERY (one parcel), 2 SPLIT_DELIVERY (several). */
  delivery_mode: 1 | 2;
  /** Split delivery only: every parcel is in this list. */
  is_all_delivered?: boolean;
  /** 1–15 items; tracking_no and express_company only for express (1). */
  shipping_list: Array<{
    tracking_no?: string;
    express_company?: string;
    item_desc: string;
    /** Required by WeChat for SF: a masked phone of the receiver or sender. */
    contact?: { consignor_contact?: string; receiver_contact?: string };
  }>;
  /** RFC 3339 with offset, e.g. `2026-12-02T09:30:00.000+08:00`; must be newer than the last upload. */
  upload_time: string;
  payer: { openid: string };
}

export interface ShippingOrderResult {
  errCode: number;
  errMsg: string;
  order?: {
    transactionId: string;
    merchantTradeNo: string;
    openid: string;
    /** 1 待发货, 2 已发货, 3 确认收货, 4 交易完成, 5 已退款, 6 资金待结算. */
    orderState: number;
    shipping?: {
      logisticsType: number;
      shippingList: Array<{ trackingNo: string; expressCompany: string }>;
    };
  };
}

export interface Storage {
  uploadFile(params: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  getTempFileURL(params: {
    fileList: string[];
  }): Promise<{ fileList: Array<{ fileID: string; tempFileURL: string; status: number }> }>;
}
