import type { OrderTimelineEntry, OrderView, WxPayment } from '../../typings/api';
import type { ShippingRecordView } from '../../typings/admin';
import { afterSaleWindow, freeUnits } from '../rules/after-sale';
import { expressName } from '../rules/express';
import { notFound } from '../core/errors';
import type { Db } from '../db/types';
import type { Cloud } from '../platform/cloud';
import { payBody } from '../rules/order';
import { C, type OrderDoc, type ProductDoc } from './docs';
import { BUSY, transact } from '../db/transact';

/** What an order view needs beyond the order: the clock, the after-sales window, the merchant id. */
export interface OrderViewContext {
  now: number;
  afterSalesDays: number;
  mchId: string;
}

export function orderViewContext(cloud: Cloud, now: number, settings: { afterSalesDays: number }): OrderViewContext {
  return { now, afterSalesDays: settings.afterSalesDays, mchId: cloud.env('SUB_MCH_ID') ?? '' };
}

export function toOrderView(o: OrderDoc, vc: OrderViewContext): OrderView {
  const window = afterSaleWindow(o, vc.afterSalesDays, vc.now);
  const lines = o.lines.map((l) => ({
    productId: l.productId,
    title: l.title,
    image: l.image,
    quantity: l.quantity,
    unitFen: l.unitFen,
    refundedQuantity: l.refundedQuantity,
    virtual: l.virtual === true,
    afterSaleQuantity: l.afterSaleQuantity ?? 0,
    requestableQuantity: Math.max(0, freeUnits(l)),
  }));
  const recorded = o.wxShipping?.status === 'recorded';
  return {
    orderId: o._id,
    outTradeNo: o.outTradeNo,
    status: o.status,
    totalFen: o.totalFen,
    refundedFen: o.refundedFen,
    lines,
    createdAt: o.createdAt,
    paidAt: o.paidAt,
    shippedAt: o.shippedAt,
    receivedAt: o.receivedAt,
    closedAt: o.closedAt,
    payDeadline: o.payDeadline,
    virtual: o.lines.every((l) => l.virtual === true),
    address: o.address ?? null,
    parcels: (o.parcels ?? []).map((p) => ({ ...p, expressName: expressName(p.expressCompany) })),
    noLogistics: o.noLogistics === true,
    afterSales: (o.afterSales ?? []).map((a) => ({ afterSaleId: a.afterSaleId, status: a.status })),
    timeline: orderTimeline(o),
    canRequestAfterSale: window.open && lines.some((l) => l.requestableQuantity > 0),
    afterSaleDeadline: window.deadline,
    wxConfirm:
      recorded && o.status === 'shipped'
        ? o.transactionId
          ? { transaction_id: o.transactionId }
          : { merchant_id: vc.mchId, merchant_trade_no: o.outTradeNo }
        : null,
  };
}

/** The order's history, oldest first: its own timestamps plus the events written with each step. */
export function orderTimeline(o: OrderDoc): OrderTimelineEntry[] {
  const steps: OrderTimelineEntry[] = [{ kind: 'created', at: o.createdAt }];
  if (o.paidAt != null) steps.push({ kind: 'paid', at: o.paidAt });
  if (o.shippedAt != null) steps.push({ kind: 'shipped', at: o.shippedAt });
  if (o.receivedAt != null) steps.push({ kind: 'received', at: o.receivedAt });
  if (o.closedAt != null) steps.push({ kind: 'closed', at: o.closedAt });
  steps.push(...(o.events ?? []));
  // Stable: steps of the same millisecond keep their logical order.
  return steps.sort((a, b) => a.at - b.at);
}

/** Where recording the shipment with WeChat stands, for the admin. */
export function shippingRecordView(o: OrderDoc | undefined): ShippingRecordView {
  const st = o?.wxShipping;
  if (!st) return { status: 'none', attempts: 0, lastError: '', recordedAt: null };
  return { status: st.status, attempts: st.attempts, lastError: st.lastError, recordedAt: st.recordedAt };
}

/** The caller's own order; anyone else's reads exactly like a missing one. */
export async function getOwnOrderOrThrow(db: Db, buyerOpenid: string, orderId: string): Promise<OrderDoc> {
  const { data } = await db.collection<OrderDoc>(C.orders).where({ _id: orderId, buyerOpenid }).limit(1).get();
  if (!data[0]) throw notFound('订单不存在');
  return data[0];
}

/**
 * Closes an unpaid order and puts its reserved stock back, once: the status is read and changed in
 * the same transaction, so a timeout sweep and a failed payment request racing each other release
 * the stock a single time. Returns whether this call closed it.
 */
export async function closeUnpaidOrder(db: Db, orderId: string, now: number): Promise<boolean> {
  const _ = db.command;
  return transact(db, async (tx) => {
    const ref = tx.collection<OrderDoc>(C.orders).doc(orderId);
    const { data: order } = await ref.get();
    if (!order || order.status !== 'pending') return false;
    await ref.update({ data: { status: 'closed', closedAt: now } });
    for (const line of order.lines) {
      await tx.collection<ProductDoc>(C.products).doc(line.productId).update({ data: { stock: _.inc(line.quantity), sales: _.inc(-line.quantity) } });
    }
    return true;
  }, { busy: BUSY });
}

export type PaymentRequest = { ok: true; payment: WxPayment } | { ok: false; reason: string };

/**
 * Asks WeChat Pay (cloudPay.unifiedOrder) for the payment parameters of an order, with the
 * callback function `payCallback`. cloudPay answers errCode 0 whenever the call reached WeChat Pay,
 * even when WeChat said FAIL, so success is returnCode, resultCode and payment all present.
 */
export async function requestPayment(cloud: Cloud, order: OrderDoc): Promise<PaymentRequest> {
  try {
    const res = await cloud.pay.unifiedOrder({
      body: payBody(order.lines.map((l) => l.title)),
      outTradeNo: order.outTradeNo,
      spbillCreateIp: '127.0.0.1',
      subMchId: cloud.env('SUB_MCH_ID') ?? '',
      totalFee: order.totalFen,
      envId: cloud.envId,
      functionName: 'payCallback',
      subOpenid: order.buyerOpenid,
    });
    if (res.errCode === 0 && res.returnCode === 'SUCCESS' && res.resultCode === 'SUCCESS' && res.payment) {
      return { ok: true, payment: res.payment };
    }
    return { ok: false, reason: res.errCodeDes ?? res.returnMsg ?? res.errMsg ?? 'FAIL' };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
