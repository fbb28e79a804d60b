import type { OrderView } from '../../../typings/api';
import { api, errorText, toastError } from '../../services/call';
import { payOrder } from '../../services/pay';
import { dateTime } from '../../utils/date';
import { ORDER_STATUS } from '../../utils/labels';

function view(order: OrderView) {
  return {
    order,
    statusText: ORDER_STATUS[order.status] + (order.status === 'paid' && order.refundedFen ? '（部分退款）' : ''),
    deadline: dateTime(order.payDeadline),
    times: {
      created: dateTime(order.createdAt),
      paid: dateTime(order.paidAt),
      shipped: dateTime(order.shippedAt),
      received: dateTime(order.receivedAt),
    },
  };
}

/** One of my orders: status, lines, refunds; pay it while unpaid, confirm receipt once shipped. */
Component({
  data: {
    id: '',
    order: null as OrderView | null,
    statusText: '',
    deadline: '',
    times: { created: '', paid: '', shipped: '', received: '' },
    loading: true,
    error: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id || '' });
      return this.load();
    },
    async load() {
      this.setData({ loading: !this.data.order, error: '' });
      try {
        const order = await api('order.get', { orderId: this.data.id });
        this.setData({ ...view(order), loading: false });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    async onPay() {
      const order = this.data.order;
      if (!order || this.data.busy) return;
      this.setData({ busy: true });
      try {
        const pay = await api('order.pay', { orderId: order.orderId });
        const paid = await payOrder(pay.orderId, pay.outTradeNo, pay.payment);
        this.setData(view(paid));
        wx.showToast({ title: paid.status === 'pending' ? '支付结果确认中' : '支付成功', icon: paid.status === 'pending' ? 'none' : 'success' });
      } catch (e) {
        toastError(e);
        await this.load();
      } finally {
        this.setData({ busy: false });
      }
    },
    onConfirm() {
      const order = this.data.order;
      if (!order || this.data.busy) return;
      wx.showModal({
        title: '确认收货',
        content: '请确认已收到商品',
        success: async (r) => {
          if (!r.confirm) return;
          this.setData({ busy: true });
          try {
            await api('order.confirmReceipt', { orderId: order.orderId });
            wx.showToast({ title: '已确认收货', icon: 'success' });
          } catch (e) {
            toastError(e);
          } finally {
            this.setData({ busy: false });
            await this.load();
          }
        },
      });
    },
  },
});
