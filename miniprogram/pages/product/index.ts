import type { DeliveryAddress, ProductView } from '../../../typings/api';
import { addressLine, chooseAddress, lastAddress } from '../../services/address';
import { api, errorText, toastError } from '../../services/call';
import { payOrder } from '../../services/pay';
import { captureReferral } from '../../services/referral';
import { scenePage } from '../../services/scene';
import { inviteCode, productSharePath, productShareTitle } from '../../services/share';
import { fileSrc, storedFiles } from '../../utils/files';

/**
 * Product detail and buying: choose the quantity and (for goods that are sent) the delivery
 * address, create the order (stock reserved), pay, then the order page shows the result. Opened
 * from a share card or a poster code, it first hands the referral to the capture queue (never
 * waiting for it). A sold-out product shows no stepper, address or total, but 去逛逛.
 */
Component({
  behaviors: [storedFiles],
  data: {
    id: '',
    product: null as ProductView | null,
    loading: true,
    error: '',
    quantity: 1,
    buying: false,
    /** Where the goods go: the last address chosen on this device until the buyer changes it. */
    address: null as DeliveryAddress | null,
    addressText: '',
    slide: 0,
    /** An active distributor: may make a poster of this product. */
    canPromote: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      captureReferral(query);
      const id = query.id || scenePage(query).productId || '';
      this.setData({ id });
      this.showAddress(lastAddress());
      return this.load();
    },
    async load() {
      if (!this.data.id) {
        this.setData({ loading: false, error: '商品不存在或已下架' });
        return;
      }
      this.setData({ loading: true, error: '' });
      try {
        const product = await api('product.get', { id: this.data.id });
        this.setData({ product, loading: false, quantity: Math.max(1, Math.min(this.data.quantity, product.stock)), canPromote: !!inviteCode() });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    onRetry() {
      return this.load();
    },
    showAddress(address: DeliveryAddress | null) {
      this.setData({ address, addressText: addressLine(address) });
    },
    async onChooseAddress() {
      try {
        const a = await chooseAddress();
        if (a) this.showAddress(a);
      } catch (e) {
        toastError(e);
      }
    },
    onSlide(e: { detail: { current: number } }) {
      this.setData({ slide: Number(e.detail.current) || 0 });
    },
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const p = this.data.product;
      if (!p) return;
      const urls = p.images.map((u) => fileSrc(u, this.data.fileBase));
      wx.previewImage({ urls, current: urls[Number(e.currentTarget.dataset.index) || 0] });
    },
    onPoster() {
      wx.navigateTo({ url: '/distributor/pages/poster/index?productId=' + encodeURIComponent(this.data.id) });
    },
    onBrowse() {
      wx.switchTab({ url: '/pages/index/index' });
    },
    onQuantity(e: { detail: number }) {
      this.setData({ quantity: Number(e.detail) || 1 });
    },
    async onBuy() {
      const product = this.data.product;
      if (!product || this.data.buying) return;
      // Goods that are sent need somewhere to go: ask first (virtual products — courses, cards — don't).
      if (!product.virtual && !this.data.address) {
        await this.onChooseAddress();
        if (!this.data.address) {
          wx.showToast({ title: '请选择收货地址', icon: 'none' });
          return;
        }
      }
      this.setData({ buying: true });
      let orderId = '';
      try {
        const items = [{ productId: product.id, quantity: this.data.quantity }];
        const address = this.data.address;
        const order = await api('order.create', !product.virtual && address ? { items, address } : { items });
        orderId = order.orderId;
        const paid = await payOrder(order.orderId, order.outTradeNo, order.payment);
        if (paid.status === 'pending') wx.showToast({ title: '支付结果确认中', icon: 'none' });
        else wx.showToast({ title: '支付成功', icon: 'success' });
        wx.redirectTo({ url: '/pages/order/index?id=' + order.orderId });
      } catch (e) {
        toastError(e);
        // The order exists but is unpaid: it can be paid from its page until it closes.
        if (orderId) wx.redirectTo({ url: '/pages/order/index?id=' + orderId });
      } finally {
        this.setData({ buying: false });
      }
    },
    onShareAppMessage() {
      const p = this.data.product;
      if (!p) return { title: '好物推荐', path: '/pages/index/index' };
      return { title: productShareTitle(p), path: productSharePath(p.id), imageUrl: p.images[0] };
    },
  },
});
