import QRCode from 'qrcode';
import type { OpenApi, ShippingOrderResult, UploadShippingInfoParams } from '../server/platform/cloud';
import type { Outbox } from './outbox';

/** What the local mini program code encodes: the page and its scene, as a WeChat scan delivers them. */
export function wxacodeContent(page: string, scene: string): string {
  return `${page}?scene=${encodeURIComponent(scene)}`;
}

/** One call to the shipping service, as the stand-in saw it. */
export interface ShippingCall {
  api: 'uploadShippingInfo' | 'getShippingOrder';
  at: number;
  params: unknown;
  /** accepted / refused (with the code) / lost before or after WeChat acted. */
  outcome: 'accepted' | 'refused' | 'lost_before' | 'lost_after' | 'answered';
  errCode?: number;
}

/** WeChat's record of one order's shipment (keyed by transaction id, or mchid + out_trade_no). */
interface ShipmentRecord {
  transactionId: string;
  outTradeNo: string;
  openid: string;
  /** 2 shipped, 3 confirmed received. */
  state: number;
  logisticsType: number;
  shippingList: Array<{ trackingNo: string; expressCompany: string }>;
  /** Accepted uploads: the first record and at most one update. */
  uploads: number;
  uploadTime: string;
}

export type ShippingFault = 'refuse' | 'before' | 'after';

/**
 * openapi on this machine: `wxacode.getUnlimited` draws a real PNG QR code (WeChat's round code
 * cannot be drawn here; a QR code carries the same page and scene), with WeChat's limits on `scene`;
 * `subscribeMessage.send` goes to the outbox; the shipping service (发货信息管理) keeps WeChat's
 * record of each order's shipment with WeChat's rules (one update at most, upload_time moving
 * forward, SF needs a contact), records every call in `shippingCalls`, and can be made to refuse or
 * lose the next call (`failNext`), before or after it acted.
 */
export class LocalOpenApi implements OpenApi {
  readonly shippingCalls: ShippingCall[] = [];
  private readonly shipments = new Map<string, ShipmentRecord>();
  private readonly faults = new Map<'uploadShippingInfo' | 'getShippingOrder', ShippingFault>();

  constructor(
    private readonly outbox: Outbox,
    private readonly now: () => number,
    /** WeChat Pay's side: the paid trade with this transaction id or out_trade_no (null: unknown). */
    private readonly findTrade: (key: { transactionId?: string; outTradeNo?: string }) => { transactionId: string; outTradeNo: string; openid: string } | null,
  ) {}

  failNext(api: 'uploadShippingInfo' | 'getShippingOrder', fault: ShippingFault): void {
    this.faults.set(api, fault);
  }

  /** Accepted uploads for one order (tests: exactly once per parcel list). */
  acceptedUploads(outTradeNo: string): ShippingCall[] {
    return this.shippingCalls.filter(
      (c) =>
        c.api === 'uploadShippingInfo' &&
        (c.outcome === 'accepted' || c.outcome === 'lost_after') &&
        this.tradeOf((c.params as UploadShippingInfoParams).order_key)?.outTradeNo === outTradeNo,
    );
  }

  /** The buyer confirms receipt in WeChat (the confirm-receipt component or WeChat's own page). */
  confirmReceived(outTradeNo: string): ShipmentRecord | null {
    const rec = [...this.shipments.values()].find((r) => r.outTradeNo === outTradeNo);
    if (!rec || rec.state !== 2) return null;
    rec.state = 3;
    return rec;
  }

  async getUnlimitedWxacode({ scene, page, width = 430 }: Parameters<OpenApi['getUnlimitedWxacode']>[0]) {
    // WeChat: scene at most 32 visible characters from [0-9A-Za-z!#$&'()*+,/:;=?@-._~].
    if (!/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/.test(scene)) {
      throw Object.assign(new Error('openapi.wxacode.getUnlimited:fail invalid scene'), { errCode: 40169 });
    }
    if (!/^[A-Za-z0-9_\-/]+$/.test(page) || page.startsWith('/')) {
      throw Object.assign(new Error('openapi.wxacode.getUnlimited:fail invalid page'), { errCode: 41030 });
    }
    const buffer = await QRCode.toBuffer(wxacodeContent(page, scene), {
      type: 'png',
      width: Math.max(280, Math.min(1280, width)),
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    return { contentType: 'image/png', buffer };
  }

  async sendSubscribeMessage(params: Parameters<OpenApi['sendSubscribeMessage']>[0]) {
    await new Promise((r) => setImmediate(r));
    this.outbox.push({ kind: 'subscribeMessage', at: this.now(), payload: params });
    return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
  }

  async uploadShippingInfo(p: UploadShippingInfoParams): Promise<{ errCode: number; errMsg: string }> {
    await new Promise((r) => setImmediate(r));
    const call: ShippingCall = { api: 'uploadShippingInfo', at: this.now(), params: structuredClone(p), outcome: 'accepted' };
    this.shippingCalls.push(call);
    const fault = this.takeFault('uploadShippingInfo');
    if (fault === 'before') {
      call.outcome = 'lost_before';
      throw new Error('openapi.wxa.sec.order.uploadShippingInfo:fail network error (injected, before WeChat acted)');
    }
    const refuse = (errCode: number, errMsg: string) => {
      call.outcome = 'refused';
      call.errCode = errCode;
      return { errCode, errMsg };
    };
    if (fault === 'refuse') return refuse(10060100, '系统繁忙（注入的拒绝）');
    const trade = this.tradeOf(p.order_key);
    if (!trade) return refuse(10060001, '支付单不存在');
    if (p.payer?.openid !== trade.openid) return refuse(10060002, '支付者与订单不符');
    if (![1, 2, 3, 4].includes(p.logistics_type) || ![1, 2].includes(p.delivery_mode)) return refuse(47001, 'data format error');
    if (!Array.isArray(p.shipping_list) || p.shipping_list.length < 1 || p.shipping_list.length > 15) return refuse(47001, 'data format error');
    if (p.delivery_mode === 1 && p.shipping_list.length !== 1) return refuse(10060012, '统一发货只能有一个物流单');
    for (const s of p.shipping_list) {
      if (!s.item_desc || [...s.item_desc].length > 120) return refuse(47001, 'item_desc 不合法');
      if (p.logistics_type === 1 && (!s.tracking_no || !s.express_company)) return refuse(10060014, '物流单号或物流公司为空');
      if (s.express_company === 'SF' && !s.contact?.receiver_contact && !s.contact?.consignor_contact) return refuse(10060019, '顺丰须填写联系方式');
    }
    const key = trade.outTradeNo;
    const prev = this.shipments.get(key);
    if (prev && prev.state !== 2) return refuse(10060004, '订单已确认收货，不能修改发货信息');
    if (prev && prev.uploads >= 2) return refuse(10060023, '发货信息已更新过一次，不能再次修改');
    if (prev && p.upload_time <= prev.uploadTime) return refuse(10060024, 'upload_time 须晚于上次上传');
    this.shipments.set(key, {
      transactionId: trade.transactionId,
      outTradeNo: trade.outTradeNo,
      openid: trade.openid,
      state: 2,
      logisticsType: p.logistics_type,
      shippingList: p.shipping_list.map((s) => ({ trackingNo: s.tracking_no ?? '', expressCompany: s.express_company ?? '' })),
      uploads: (prev?.uploads ?? 0) + 1,
      uploadTime: p.upload_time,
    });
    if (fault === 'after') {
      call.outcome = 'lost_after';
      throw new Error('openapi.wxa.sec.order.uploadShippingInfo:fail network error (injected, after WeChat acted)');
    }
    return { errCode: 0, errMsg: 'ok' };
  }

  async getShippingOrder(p: { transaction_id?: string; merchant_id?: string; merchant_trade_no?: string }): Promise<ShippingOrderResult> {
    await new Promise((r) => setImmediate(r));
    const call: ShippingCall = { api: 'getShippingOrder', at: this.now(), params: { ...p }, outcome: 'answered' };
    this.shippingCalls.push(call);
    const fault = this.takeFault('getShippingOrder');
    if (fault === 'before' || fault === 'after') {
      call.outcome = fault === 'before' ? 'lost_before' : 'lost_after';
      throw new Error('openapi.wxa.sec.order.getOrder:fail network error (injected)');
    }
    if (fault === 'refuse') return { errCode: 10060001, errMsg: 'system busy (injected refusal)' };
    const trade = this.findTrade(p.transaction_id ? { transactionId: p.transaction_id } : { outTradeNo: p.merchant_trade_no });
    if (!trade) return { errCode: 10060001, errMsg: '支付单不存在' };
    const rec = this.shipments.get(trade.outTradeNo);
    return {
      errCode: 0,
      errMsg: 'ok',
      order: {
        transactionId: trade.transactionId,
        merchantTradeNo: trade.outTradeNo,
        openid: trade.openid,
        orderState: rec?.state ?? 1,
        shipping: rec ? { logisticsType: rec.logisticsType, shippingList: rec.shippingList.map((s) => ({ ...s })) } : undefined,
      },
    };
  }

  private takeFault(api: 'uploadShippingInfo' | 'getShippingOrder'): ShippingFault | undefined {
    const f = this.faults.get(api);
    this.faults.delete(api);
    return f;
  }

  private tradeOf(k: UploadShippingInfoParams['order_key'] | undefined) {
    if (!k) return null;
    return k.order_number_type === 2 ? this.findTrade({ transactionId: k.transaction_id }) : this.findTrade({ outTradeNo: k.out_trade_no });
  }
}

/** Kept for callers that only need the code and message services. */
export function localOpenApi(outbox: Outbox, now: () => number): OpenApi {
  return new LocalOpenApi(outbox, now, () => null);
}
