/**
 * Paying an order: WeChat Pay in the cloud (`wx.requestPayment` with the server's payment params);
 * in local mode the local cloud's pay service plays WeChat Pay (`POST /__dev/pay`), which calls the
 * real payment callback. Either way the order's status is then read back from the server — the
 * client never decides that an order is paid.
 */
import type { OrderView, WxPayment } from '../../typings/api';
import { api, CallError, isLocal, localPost } from './call';

export async function payOrder(orderId: string, outTradeNo: string, payment: WxPayment): Promise<OrderView> {
  if (isLocal()) {
    const res = await localPost('/__dev/pay', { outTradeNo });
    if (res.status !== 200) throw new CallError('PAYMENT_FAILED', '支付失败（本地支付服务）');
  } else {
    await new Promise<void>((resolve, reject) => {
      wx.requestPayment({
        timeStamp: payment.timeStamp,
        nonceStr: payment.nonceStr,
        package: payment.package,
        signType: payment.signType as 'MD5',
        paySign: payment.paySign,
        success: () => resolve(),
        fail: (err) =>
          reject(new CallError('PAYMENT_FAILED', /cancel/.test(err.errMsg || '') ? '已取消支付' : '支付失败')),
      });
    });
  }
  // WeChat reports the payment to the callback a moment later: read it back a few times.
  let order = await api('order.get', { orderId });
  for (let i = 0; i < 5 && order.status === 'pending'; i++) {
    await new Promise((r) => setTimeout(r, 600));
    order = await api('order.get', { orderId });
  }
  return order;
}
