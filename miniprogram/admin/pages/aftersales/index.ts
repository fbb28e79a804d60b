import type { AfterSaleStatus } from '../../../../typings/api';
import type { AdminAfterSaleView } from '../../../../typings/admin';
import { admin, toastError } from '../../../services/call';
import { yuan } from '../../../shared/money';
import { afterSaleStatusText } from '../../../utils/after-sale';
import { dateTime } from '../../../utils/date';
import { storedFiles } from '../../../utils/files';
import { ORDER_STATUS } from '../../../utils/labels';
import { listPage } from '../../../utils/list-page';
import { emptyList, loadList } from '../../../utils/pager';

type Row = AdminAfterSaleView & { statusText: string; time: string; orderStatusText: string };
const TABS = [
  { name: 'open', title: '待处理' },
  { name: 'all', title: '全部' },
  { name: 'approved', title: '已同意' },
  { name: 'rejected', title: '已拒绝' },
  { name: 'cancelled', title: '已撤销' },
];

/**
 * 售后处理: the buyers' after-sales requests, open ones first; approving starts the refund (WeChat
 * Pay, then the commission of those units is reversed), rejecting needs a reason the buyer will read.
 */
Component({
  behaviors: [listPage, storedFiles],
  data: {
    tabs: TABS,
    status: 'open',
    list: emptyList<Row>(),
    openCount: 0,
    busy: '',
    reject: { show: false, afterSaleId: '', reason: '', error: '' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.status && TABS.some((t) => t.name === query.status)) this.setData({ status: query.status });
      return this.load(true);
    },
    load(reset: boolean) {
      const status = this.data.status === 'all' ? undefined : (this.data.status as AfterSaleStatus);
      return loadList(
        this,
        'list',
        async (cursor) => {
          const page = await admin('afterSale.list', { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
          this.setData({ openCount: page.openCount });
          return page;
        },
        (a: AdminAfterSaleView): Row => ({ ...a, statusText: afterSaleStatusText(a), time: dateTime(a.createdAt), orderStatusText: ORDER_STATUS[a.orderStatus] }),
        reset,
      );
    },
    onTab(e: { detail: { name: string } }) {
      this.setData({ status: e.detail.name });
      return this.load(true);
    },
    onApprove(e: WechatMiniprogram.TouchEvent) {
      const row = this.data.list.items.find((a) => a.afterSaleId === String(e.currentTarget.dataset.id));
      if (!row || this.data.busy) return Promise.resolve();
      return new Promise<void>((resolve) => {
        wx.showModal({
          title: '同意退款',
          content: '将原路退给买家 ' + yuan(row.refundFen) + '，相应的推广佣金一并扣回',
          confirmText: '同意退款',
          success: async (r) => {
            if (r.confirm) {
              this.setData({ busy: row.afterSaleId });
              try {
                const res = await admin('afterSale.approve', { afterSaleId: row.afterSaleId });
                wx.showToast({ title: '已同意，退款 ' + yuan(res.refundFen), icon: 'none' });
              } catch (err) {
                toastError(err);
              } finally {
                this.setData({ busy: '' });
                await this.load(true);
              }
            }
            resolve();
          },
        });
      });
    },
    onReject(e: WechatMiniprogram.TouchEvent) {
      this.setData({ reject: { show: true, afterSaleId: String(e.currentTarget.dataset.id), reason: '', error: '' } });
    },
    onRejectReason(e: { detail: string }) {
      this.setData({ 'reject.reason': String(e.detail), 'reject.error': '' });
    },
    onRejectCancel() {
      this.setData({ reject: { show: false, afterSaleId: '', reason: '', error: '' } });
    },
    async onRejectConfirm(e: { detail?: { dialog?: { stopLoading(): void } } }) {
      // van-dialog (async-close) turns its button to loading right after this handler starts: stop it after that.
      const stop = () => setTimeout(() => e && e.detail && e.detail.dialog && e.detail.dialog.stopLoading(), 0);
      const reason = this.data.reject.reason.trim();
      if (!reason) {
        this.setData({ 'reject.error': '请填写拒绝原因，买家会看到它' });
        stop();
        return;
      }
      try {
        await admin('afterSale.reject', { afterSaleId: this.data.reject.afterSaleId, reason });
        this.setData({ reject: { show: false, afterSaleId: '', reason: '', error: '' } });
        wx.showToast({ title: '已拒绝', icon: 'success' });
      } catch (err) {
        stop();
        toastError(err);
      }
      await this.load(true);
    },
  },
});
