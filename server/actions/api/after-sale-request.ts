import { z } from 'zod';
import { defineAction } from '../action';
import { limitExceeded, notEligible, notFound } from '../../core/errors';
import { id, text, title } from '../../core/validate';
import { transact } from '../../db/transact';
import { notifyAfterSale } from '../../after-sales/notify';
import { C, type AfterSaleDoc, type OrderDoc } from '../../repo/docs';
import { loadSettings } from '../../repo/settings';
import { afterSaleWindow, planAfterSale, withAfterSaleHold } from '../../rules/after-sale';

/** Requests per order, ever (bounds the order's summary list). */
export const MAX_AFTER_SALES_PER_ORDER = 20;

const schema = z.strictObject({
  orderId: id(),
  lines: z
    .array(z.strictObject({ productId: id(), quantity: z.number().int().min(1).max(99) }))
    .min(1)
    .max(20),
  reason: title(30),
  note: text(200).optional(),
  // Photos the buyer uploaded to cloud storage (wx.cloud.uploadFile): file ids only.
  images: z
    .array(z.string().max(512).regex(/^cloud:\/\/[^\s"'<>\\]+$/, '须为云存储文件 ID'))
    .max(3)
    .optional(),
  // The same key again (a retry after a lost answer) replays the first request instead of making a second.
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,24}$/).optional(),
});

/**
 * A buyer asks for a refund of some units of their paid, shipped or received order (received: within
 * `afterSalesDays`). In one transaction on the order — the guard document — the units are checked
 * against those still free (not refunded, not under another open request) and held; so two requests
 * on the same units never both pass (the second meets a write conflict, runs again, and is refused).
 * Refund = units × the line's unit price. The commission on the covered lines stays frozen while open.
 */
export const afterSaleRequest = defineAction({
  schema,
  async run(ctx, p) {
    const settings = await loadSettings(ctx.db);
    const me = ctx.user;
    const _ = ctx.db.command;
    const { doc, replayed } = await transact(
      ctx.db,
      async (tx) => {
        const ref = tx.collection<OrderDoc>(C.orders).doc(p.orderId);
        const { data: order } = await ref.get();
        if (!order || order.buyerOpenid !== me.openid) throw notFound('订单不存在');
        const replay = p.requestId ? order.afterSales?.find((a) => a.requestId === p.requestId) : undefined;
        if (replay) {
          const { data: first } = await tx.collection<AfterSaleDoc>(C.afterSales).doc(replay.afterSaleId).get();
          if (first) return { doc: first, replayed: true };
        }
        const window = afterSaleWindow(order, settings.afterSalesDays, ctx.now);
        if (!window.open) throw notEligible(window.reason);
        const seq = (order.afterSaleSeq ?? 0) + 1;
        if (seq > MAX_AFTER_SALES_PER_ORDER) throw limitExceeded('这笔订单的售后申请次数已达上限，请联系商家');
        const plan = planAfterSale(order.lines, p.lines);
        const as: AfterSaleDoc = {
          _id: `${order._id}-A${seq}`,
          orderId: order._id,
          buyerOpenid: me.openid,
          buyerNickname: me.nickname,
          status: 'open',
          lines: plan.lines,
          refundFen: plan.refundFen,
          reason: p.reason.trim(),
          note: (p.note ?? '').trim(),
          images: p.images ?? [],
          createdAt: ctx.now,
          resolvedAt: null,
          resolvedBy: null,
          rejectReason: '',
          refundId: null,
          closed: 0,
        };
        await ref.update({
          data: {
            lines: _.set(withAfterSaleHold(order.lines, plan.lines, 1)),
            afterSaleSeq: seq,
            afterSales: _.push([{ afterSaleId: as._id, status: 'open', ...(p.requestId ? { requestId: p.requestId } : {}) }]),
            events: _.push([{ kind: 'afterSaleRequested', at: ctx.now, afterSaleId: as._id, refundFen: as.refundFen }]),
          },
        });
        await tx.collection<AfterSaleDoc>(C.afterSales).add({ data: as });
        return { doc: as, replayed: false };
      },
      { busy: '订单正在处理中，请稍后重试', derivedIds: true },
    );
    if (!replayed) await notifyAfterSale(ctx.cloud, doc, ctx.now);
    return { afterSaleId: doc._id, status: doc.status, refundFen: doc.refundFen };
  },
});
