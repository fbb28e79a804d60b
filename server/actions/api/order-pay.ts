import { z } from 'zod';
import { defineAction } from '../action';
import { AppError, conflict } from '../../core/errors';
import { id } from '../../core/validate';
import { askWeChatTrade, payFromQuery } from '../../payments/ask-trade';
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
      // Why WeChat refused is read from the trade's state, never from the answer's text.
      const trade = await askWeChatTrade(ctx.cloud, order.outTradeNo);
      if (trade.state === 'PAID') {
        await payFromQuery(ctx.cloud, order.outTradeNo, trade);
        throw conflict('订单已支付，请稍候刷新');
      }
      if (trade.state === 'CLOSED') {
        await closeUnpaidOrder(ctx.db, order._id, ctx.cloud.now());
        throw conflict('订单已关闭');
      }
      throw new AppError('PAYMENT_FAILED', '微信支付下单失败，请稍后重试');
    }
    return { orderId: order._id, outTradeNo: order.outTradeNo, totalFen: order.totalFen, payment: pay.payment };
  },
});
