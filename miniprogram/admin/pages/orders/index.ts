import type { OrderStatus } from '../../../../typings/api';
import type { AdminOrderView } from '../../../../typings/admin';
import { admin, toastError } from '../../../services/call';
import { dateTime } from '../../../utils/date';
import { ORDER_STATUS } from '../../../utils/labels';
import { yuan } from '../../../shared/money';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';

type Row = AdminOrderView & { statusText: string; time: string; refundable: boolean };
const TABS = [
  { name: 'all', title: '全部' },
  { name: 'paid', title: '待发货' },
  { name: 'shipped', title: '已发货' },
  { name: 'received', title: '已完成' },
  { name: 'refunded', title: '已退款' },
];

/** 订单管理: ship paid orders; refund a whole order or some units of some lines. */
Component({
  behaviors: [listPage],
  data: {
    tabs: TABS,
    status: 'all',
    list: emptyList<Row>(),
    /** Units picked for a partial refund: orderId → productId → quantity. */
    picks: {} as Record<string, Record<string, number>>,
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    load(reset: boolean) {
      const status = this.data.status === 'all' ? undefined : (this.data.status as OrderStatus);
      return loadList(
        this,
        'list',
        (cursor) => admin('order.list', { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
        (o: AdminOrderView): Row => ({
          ...o,
          statusText: ORDER_STATUS[o.status],
          time: dateTime(o.createdAt),
          refundable: (o.status === 'paid' || o.status === 'shipped' || o.status === 'received') && o.refundedFen < o.totalFen,
        }),
        reset,
      );
    },
    onTab(e: { detail: { name: string } }) {
      this.setData({ status: e.detail.name });
      return this.load(true);
    },
    onPick(e: WechatMiniprogram.CustomEvent<{}, {}, { order: string; product: string }> & { detail: number }) {
      const { order, product } = e.currentTarget.dataset;
      const picks = { ...this.data.picks, [order]: { ...(this.data.picks[order] || {}), [product]: Number(e.detail) || 0 } };
      this.setData({ picks });
    },
    async onShip(e: WechatMiniprogram.TouchEvent) {
      try {
        await admin('order.ship', { orderId: String(e.currentTarget.dataset.id) });
        wx.showToast({ title: '已发货', icon: 'success' });
        await this.load(true);
      } catch (err) {
        toastError(err);
      }
    },
    onRefund(e: WechatMiniprogram.TouchEvent) {
      return this.refund(String(e.currentTarget.dataset.id), undefined);
    },
    onRefundSome(e: WechatMiniprogram.TouchEvent) {
      const orderId = String(e.currentTarget.dataset.id);
      const lines = Object.entries(this.data.picks[orderId] || {})
        .filter(([, q]) => q > 0)
        .map(([productId, quantity]) => ({ productId, quantity }));
      if (!lines.length) {
        wx.showToast({ title: '请先选择要退的件数', icon: 'none' });
        return undefined;
      }
      return this.refund(orderId, lines);
    },
    refund(orderId: string, lines: Array<{ productId: string; quantity: number }> | undefined) {
      return new Promise<void>((resolve) => {
        wx.showModal({
          title: lines ? '退所选件' : '整单退款',
          content: '退款将原路退回买家，相应佣金按原比例扣回',
          success: async (r) => {
            if (r.confirm) {
              try {
                const res = await admin('order.refund', lines ? { orderId, lines } : { orderId });
                wx.showToast({ title: '已退款 ' + yuan(res.refundFen), icon: 'none' });
                this.setData({ picks: { ...this.data.picks, [orderId]: {} } });
                await this.load(true);
              } catch (err) {
                toastError(err);
              }
            }
            resolve();
          },
        });
      });
    },
  },
});
