import type { AfterSaleView } from '../../../../typings/api';
import { api, toastError } from '../../../services/call';
import { afterSaleStatusText } from '../../../utils/after-sale';
import { dateTime } from '../../../utils/date';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';
import { storedFiles } from '../../../utils/files';

type Row = AfterSaleView & { statusText: string; time: string; linesText: string };

function row(a: AfterSaleView): Row {
  return {
    ...a,
    statusText: afterSaleStatusText(a),
    time: dateTime(a.createdAt),
    linesText: a.lines.map((l) => l.title + ' × ' + l.quantity).join('，'),
  };
}

/** 我的售后: my after-sales requests, newest first, with their status; an open one can be withdrawn. */
Component({
  behaviors: [listPage, storedFiles],
  data: {
    list: emptyList<Row>(),
    busy: '',
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    load(reset: boolean) {
      return loadList(this, 'list', (cursor) => api('afterSale.list', cursor ? { cursor } : {}), row, reset);
    },
    onOrder(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: '/pages/order/index?id=' + String(e.currentTarget.dataset.order) });
    },
    onCancel(e: WechatMiniprogram.TouchEvent) {
      const afterSaleId = String(e.currentTarget.dataset.id);
      if (this.data.busy) return Promise.resolve();
      return new Promise<void>((resolve) => {
        wx.showModal({
          title: '撤销售后申请',
          content: '撤销后，如仍需售后可重新申请',
          confirmText: '撤销',
          success: async (r) => {
            if (r.confirm) {
              this.setData({ busy: afterSaleId });
              try {
                await api('afterSale.cancel', { afterSaleId });
                wx.showToast({ title: '已撤销', icon: 'success' });
                await this.load(true);
              } catch (err) {
                toastError(err);
                await this.load(true);
              } finally {
                this.setData({ busy: '' });
              }
            }
            resolve();
          },
        });
      });
    },
  },
});
