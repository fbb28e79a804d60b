import type { OrderStatus, OrderView } from '../../../typings/api';
import { api } from '../../services/call';
import { dateTime } from '../../utils/date';
import { ORDER_STATUS } from '../../utils/labels';
import { emptyList, loadList } from '../../utils/pager';
import { listPage } from '../../utils/list-page';

type Row = OrderView & { statusText: string; time: string };

const TABS: Array<{ name: string; title: string }> = [
  { name: 'all', title: '全部' },
  { name: 'pending', title: '待支付' },
  { name: 'paid', title: '待发货' },
  { name: 'shipped', title: '待收货' },
  { name: 'received', title: '已完成' },
];

/** 我的订单: my orders by status, paged, pull-to-refresh; tap one for its detail; none yet: 去逛逛. */
Component({
  behaviors: [listPage],
  data: {
    tabs: TABS,
    tab: 'all',
    list: emptyList<Row>(),
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.status && TABS.some((t) => t.name === query.status)) this.setData({ tab: query.status });
      return this.load(true);
    },
    onShow() {
      // Coming back from an order page: its status may have changed.
      if (this.data.list.loaded) return this.load(true);
      return undefined;
    },
    load(reset: boolean) {
      const status = this.data.tab === 'all' ? undefined : (this.data.tab as OrderStatus);
      return loadList(
        this,
        'list',
        (cursor) => api('order.list', { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
        (o: OrderView): Row => ({
          ...o,
          statusText: ORDER_STATUS[o.status] + (o.afterSales.some((a) => a.status === 'open') ? ' · 售后中' : ''),
          time: dateTime(o.createdAt),
        }),
        reset,
      );
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ name: string }>) {
      this.setData({ tab: e.detail.name });
      return this.load(true);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: '/pages/order/index?id=' + e.currentTarget.dataset.id });
    },
    /** No orders yet: the way on is the shop (a tab). */
    onBrowse() {
      wx.switchTab({ url: '/pages/index/index' });
    },
  },
});
