import type { ProductView } from '../../../typings/api';
import { api } from '../../services/call';
import { captureReferral } from '../../services/referral';
import { homeShare } from '../../services/share';
import { emptyList, loadList, type ListData } from '../../utils/pager';
import { listPage } from '../../utils/list-page';
import { storedFiles } from '../../utils/files';

/** 首页: the products on sale, paged, with pull-to-refresh. */
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
    load(reset: boolean) {
      return loadList(this, 'list', (cursor) => api('product.list', cursor ? { cursor } : {}), (p: ProductView) => p, reset);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: '/pages/product/index?id=' + e.currentTarget.dataset.id });
    },
    onShareAppMessage() {
      return homeShare();
    },
  },
});
