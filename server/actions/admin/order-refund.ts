import { z } from 'zod';
import { defineAction } from '../action';
import { AppError, conflict, notFound } from '../../core/errors';
import { id, text } from '../../core/validate';
import { releaseRefund } from '../../payments/on-refund';
import { REFUND_RECHECK_MS, requestRefund } from '../../payments/request-refund';
import { C, type OrderDoc, type RefundDoc } from '../../repo/docs';
import { planRefund } from '../../rules/refund';
import { transact } from '../../db/transact';

const REFUNDABLE = new Set(['paid', 'shipped', 'received']);

const schema = z.strictObject({
  orderId: id(),
  lines: z
    .array(z.strictObject({ productId: id(), quantity: z.number().int().min(1).max(99) }))
    .min(1)
    .max(20)
    .optional(),
  reason: text(80).optional(),
});

/**
 * Refunds a whole order (no `lines`: every unit not yet refunded) or some units of some lines.
 * First, in one transaction, the units are checked against what is left and held on the order and a
 * refund record is written (`_id` = outRefundNo = `<orderId>-R<n>`, n counted on the order, so two
 * requests never share one and never hold the same units); then WeChat Pay is asked. Commission,
 * stock and the order's refunded counts move when WeChat reports the refund (payments/on-refund.ts).
 * A refund WeChat refuses is marked failed and its units released.
 */
export const orderRefund = defineAction({
  schema,
  async run(ctx, p) {
    const held = await transact(ctx.db, async (tx) => {
      const { data: order } = await tx.collection<OrderDoc>(C.orders).doc(p.orderId).get();
      if (!order) throw notFound('订单不存在');
      if (!REFUNDABLE.has(order.status)) throw conflict('只有已付款、已发货或已收货的订单可以退款');
      const requestedFen = order.refundRequestedFen ?? order.refundedFen;
      const plan = planRefund(order.lines, order.totalFen, requestedFen, p.lines);
      const seq = (order.refundSeq ?? 0) + 1;
      const refund: RefundDoc = {
        _id: `${order._id}-R${seq}`,
        orderId: order._id,
        outTradeNo: order.outTradeNo,
        lines: plan.lines,
        refundFen: plan.refundFen,
        whole: plan.whole,
        reason: p.reason?.trim() ?? '',
        status: 'pending',
        requestedBy: ctx.caller.openid,
        createdAt: ctx.now,
        doneAt: null,
        refundId: null,
        failReason: '',
        checkAt: ctx.now + REFUND_RECHECK_MS,
      };
      const take = new Map(plan.lines.map((l) => [l.lineIndex, l.quantity]));
      const lines = order.lines.map((l, i) => ({
        ...l,
        refundRequestedQuantity: (l.refundRequestedQuantity ?? l.refundedQuantity) + (take.get(i) ?? 0),
      }));
      const _ = ctx.db.command;
      await tx.collection(C.orders).doc(order._id).update({
        data: { lines: _.set(lines), refundSeq: seq, refundRequestedFen: requestedFen + plan.refundFen },
      });
      await tx.collection<RefundDoc>(C.refunds).add({ data: refund });
      return { refund, totalFen: order.totalFen };
    }, { busy: '该订单正在处理其他退款，请稍后重试', derivedIds: true });

    const { refund } = held;
    const call = await requestRefund(ctx.cloud, refund, held.totalFen);
    if (!call.ok && 'unknown' in call) {
      // Unknown whether WeChat took it: the record stays pending (its units held); WeChat's
      // notification completes it, or the settle run asks WeChat again (same outRefundNo).
      console.error('[order.refund] cloudPay.refund threw', refund._id, call.unknown);
      throw new AppError('PAYMENT_FAILED', '退款请求未得到微信支付确认，请稍后查看订单状态');
    }
    if (!call.ok) {
      await releaseRefund(ctx.db, refund._id, call.refused);
      throw new AppError('PAYMENT_FAILED', `微信支付拒绝退款：${call.refused}`.slice(0, 120));
    }
    return { refundId: refund._id, status: 'pending' as const, refundFen: refund.refundFen, whole: refund.whole };
  },
});
