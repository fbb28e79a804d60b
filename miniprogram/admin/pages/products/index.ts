import type { AdminProductView } from '../../../../typings/admin';
import { admin } from '../../../services/call';
import { emptyList, loadList } from '../../../utils/pager';

/** 商品管理: every product (on and off sale); tap to edit, or add one. */
Component({
  data: {
    list: emptyList<AdminProductView>(),
  },
  methods: {
    onShow() {
      return this.load(true);
    },
    load(reset: boolean) {
      return loadList(this, 'list', (cursor) => admin('product.list', cursor ? { cursor } : {}), (p: AdminProductView) => p, reset);
    },
    onAdd() {
      wx.navigateTo({ url: '/admin/pages/product-edit/index' });
    },
    async onPullDownRefresh() {
      await this.load(true);
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      return this.load(false);
    },
    onRetry() {
      return this.load(!this.data.list.loaded);
    },
  },
});
