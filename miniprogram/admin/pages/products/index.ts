import type { AdminProductView } from '../../../../typings/admin';
import { admin } from '../../../services/call';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';

/** 商品管理: every product (on and off sale); tap to edit, or add one. */
Component({
  behaviors: [listPage],
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
  },
});
