import type { OrderView } from '../../../typings/api';
import { addressLine } from '../../services/address';
import { api, errorText, toastError } from '../../services/call';
import { payOrder } from '../../services/pay';
import { openWechatConfirm } from '../../services/receipt';
import { AFTER_SALE_STATUS, timelineSteps } from '../../utils/after-sale';
import { dateTime } from '../../utils/date';
import { shortId } from '../../utils/ids';
import { ORDER_STATUS } from '../../utils/labels';

function view(order: OrderView) {
  const openAfterSale = order.afterSales.some((a) => a.status === 'open');
  const { steps, active } = timelineSteps(order);
  return {
    order,
    statusText: ORDER_STATUS[order.status] + (order.status === 'paid' && order.refundedFen ? '（部分退款）' : '') + (openAfterSale ? ' · 售后处理中' : ''),
    deadline: dateTime(order.payDeadline),
    addressText: addressLine(order.address),
    /** The order number as a cell fits it: its tail (the whole one is copied). */
    orderNo: shortId(order.outTradeNo),
    steps,
    active,
    afterSaleRows: order.afterSales.map((a) => ({ ...a, statusText: AFTER_SALE_STATUS[a.status] })),
    afterSaleDeadline: order.canRequestAfterSale && order.afterSaleDeadline ? dateTime(order.afterSaleDeadline) : '',
    times: {
      created: dateTime(order.createdAt),
      paid: dateTime(order.paidAt),
      shipped: dateTime(order.shippedAt),
      received: dateTime(order.receivedAt),
    },
  };
}

/**
 * One of my orders: status and its history, where it goes and the parcels on their way (tracking
 * numbers copyable), lines and refunds, the order number (shortened, copyable); pay it while unpaid, confirm receipt once shipped, ask for
 * after-sales (售后) while the shop accepts it.
 */
Component({
  data: {
    id: '',
    order: null as OrderView | null,
    statusText: '',
    deadline: '',
    addressText: '',
    orderNo: '',
    steps: [] as Array<{ text: string; desc: string }>,
    active: 0,
    afterSaleRows: [] as Array<{ afterSaleId: string; statusText: string }>,
    afterSaleDeadline: '',
    times: { created: '', paid: '', shipped: '', received: '' },
    loading: true,
    error: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // `orderId` is how the server's subscribe messages link here.
      this.setData({ id: query.id || query.orderId || '' });
      return this.load();
    },
    /** Back from WeChat's confirm-receipt component or the after-sales form: show what changed. */
    onShow() {
      if (this.data.order) return this.load();
      return undefined;
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
    onCopy(e: WechatMiniprogram.TouchEvent) {
      const no = String(e.currentTarget.dataset.no || '');
      if (no) wx.setClipboardData({ data: no });
    },
    /** WeChat's confirm-receipt component where it can open; the shop's own confirmation otherwise. */
    async onConfirm() {
      const order = this.data.order;
      if (!order || this.data.busy) return;
      if (order.wxConfirm) {
        const r = await openWechatConfirm(order.wxConfirm);
        if (r === 'cancel') return;
        if (r === 'success') {
          await this.confirmOnServer();
          return;
        }
      }
      wx.showModal({
        title: '确认收货',
        content: '请确认已收到商品',
        success: (r) => {
          if (r.confirm) this.confirmOnServer();
        },
      });
    },
    async confirmOnServer() {
      const order = this.data.order;
      if (!order) return;
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
    onAfterSale() {
      const order = this.data.order;
      if (order) wx.navigateTo({ url: '/aftersale/pages/apply/index?orderId=' + order.orderId });
    },
    onAfterSales() {
      wx.navigateTo({ url: '/aftersale/pages/list/index' });
    },
  },
});
