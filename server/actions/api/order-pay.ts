import { z } from 'zod';
import { defineAction } from '../action';
import { AppError, conflict } from '../../core/errors';
import { id } from '../../core/validate';
import { closeUnpaidOrder, getOwnOrderOrThrow, requestPayment } from '../../repo/orders';

/**
 * Payment parameters again for one's own unpaid order (the user closed the pay sheet). Same
 * outTradeNo and amount, so WeChat Pay treats it as the same trade and it can only be paid once.
 * An order past its deadline is left to the timeout sweep, which closes it and releases the stock.
 */
export const orderPay = defineAction({
  schema: z.strictObject({ orderId: id() }),
  async run(ctx, p) {
    const order = await getOwnOrderOrThrow(ctx.db, ctx.user.openid, p.orderId);
    if (order.status !== 'pending') throw conflict(order.status === 'closed' ? '订单已关闭' : '订单已支付');
    if (order.payDeadline <= ctx.now) throw conflict('订单已超时，请重新下单');
    const pay = await requestPayment(ctx.cloud, order);
    if (!pay.ok) {
      if (pay.reason.startsWith('ORDERPAID')) throw conflict('订单已支付，请稍候刷新');
      if (pay.reason.startsWith('ORDERCLOSED')) {
        await closeUnpaidOrder(ctx.db, order._id, ctx.cloud.now());
        throw conflict('订单已关闭');
      }
      throw new AppError('PAYMENT_FAILED', '微信支付下单失败，请稍后重试');
    }
    return { orderId: order._id, outTradeNo: order.outTradeNo, totalFen: order.totalFen, payment: pay.payment };
  },
});
