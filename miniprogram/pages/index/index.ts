import type { ProductView } from '../../../typings/api';
import { api } from '../../services/call';
import { captureReferral } from '../../services/referral';
import { homeShare } from '../../services/share';
import { emptyList, loadList, type ListData } from '../../utils/pager';
import { listPage } from '../../utils/list-page';
import { storedFiles } from '../../utils/files';

/** Sold-out products after those one can buy (stable: each group keeps the server's order). */
export function soldOutLast<P extends { stock: number }>(items: P[]): P[] {
  return items.filter((p) => p.stock > 0).concat(items.filter((p) => p.stock <= 0));
}

/** 首页: the products on sale, paged, with pull-to-refresh; sold-out ones last. */
Component({
  behaviors: [storedFiles, listPage],
  data: {
    list: emptyList<ProductView>() as ListData<ProductView>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      captureReferral(query);
      return this.load(true);
    },
    async load(reset: boolean) {
      await loadList(this, 'list', (cursor) => api('product.list', cursor ? { cursor } : {}), (p: ProductView) => p, reset);
      this.setData({ 'list.items': soldOutLast(this.data.list.items) });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: '/pages/product/index?id=' + e.currentTarget.dataset.id });
    },
    onShareAppMessage() {
      return homeShare();
    },
  },
});
