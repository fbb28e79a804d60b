import type { OrderView } from '../../../../typings/api';
import { api, errorText, toastError } from '../../../services/call';
import { uploadImage } from '../../lib/upload';
import { yuan } from '../../../shared/money';
import { AFTER_SALE_REASONS } from '../../../utils/after-sale';
import { newRequestId } from '../../../utils/request-id';

const MAX_PHOTOS = 3;

interface LineRow {
  productId: string;
  title: string;
  image: string;
  unitFen: number;
  /** Units still open to a request (not refunded, not under another open request). */
  max: number;
  quantity: number;
}
interface Photo {
  url: string;
  fileID: string;
  status: 'uploading' | 'done';
  message: string;
}

function refundOf(lines: LineRow[]): number {
  return lines.reduce((sum, l) => sum + l.quantity * l.unitFen, 0);
}

/**
 * 申请售后: which units of which lines to return (each bounded by what is still refundable), why
 * (a reason from the list), a note and up to 3 photos; the refund it asks for is units × the price
 * paid, shown as it changes. Sent as one `afterSale.request`; the shop then approves or rejects it.
 */
Component({
  data: {
    orderId: '',
    loading: true,
    error: '',
    /** Why nothing can be asked for on this order (no retry: it is an answer, not a failure). */
    notice: '',
    lines: [] as LineRow[],
    reason: '',
    reasons: AFTER_SALE_REASONS.map((name) => ({ name })),
    showReasons: false,
    note: '',
    photos: [] as Photo[],
    maxPhotos: MAX_PHOTOS,
    refundFen: 0,
    refundText: yuan(0),
    submitting: false,
    /** This submission's key: a retry of the same form replays it; any edit makes a new one. */
    requestId: newRequestId(),
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orderId: query.orderId || '', requestId: newRequestId() });
      return this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const order: OrderView = await api('order.get', { orderId: this.data.orderId });
        if (!order.canRequestAfterSale) {
          this.setData({ loading: false, notice: '这笔订单现在不能申请售后（未付款、已关闭或已过售后期）' });
          return;
        }
        const lines = order.lines
          .filter((l) => l.requestableQuantity > 0)
          .map((l) => ({ productId: l.productId, title: l.title, image: l.image, unitFen: l.unitFen, max: l.requestableQuantity, quantity: 0 }));
        // One line with one unit: that is the only thing it can be about.
        if (lines.length === 1 && lines[0].max === 1) lines[0].quantity = 1;
        this.setData({ lines, loading: false });
        this.updateRefund();
        if (!lines.length) this.setData({ notice: '这笔订单的商品都已退款或在售后中' });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    updateRefund() {
      const refundFen = refundOf(this.data.lines);
      this.setData({ refundFen, refundText: yuan(refundFen) });
    },
    edited() {
      this.setData({ requestId: newRequestId() });
    },
    onQuantity(e: WechatMiniprogram.CustomEvent<{}, {}, { index: number }> & { detail: number }) {
      const i = Number(e.currentTarget.dataset.index);
      const line = this.data.lines[i];
      if (!line) return;
      const q = Math.max(0, Math.min(line.max, Math.floor(Number(e.detail) || 0)));
      this.setData({ ['lines[' + i + '].quantity']: q });
      this.updateRefund();
      this.edited();
    },
    onReasons() {
      this.setData({ showReasons: true });
    },
    onReasonsClose() {
      this.setData({ showReasons: false });
    },
    onReason(e: { detail: { name: string } }) {
      this.setData({ reason: e.detail.name, showReasons: false });
      this.edited();
    },
    onNote(e: { detail: string }) {
      this.setData({ note: String(e.detail) });
      this.edited();
    },
    /** Photos chosen in van-uploader (wx.chooseMedia): each uploaded at once, shown as uploading until stored. */
    async onPhotos(e: { detail: { file: { url: string } | Array<{ url: string }> } }) {
      const files = Array.isArray(e.detail.file) ? e.detail.file : [e.detail.file];
      const room = MAX_PHOTOS - this.data.photos.length;
      for (const file of files.slice(0, Math.max(0, room))) {
        const at = this.data.photos.length;
        this.setData({ ['photos[' + at + ']']: { url: file.url, fileID: '', status: 'uploading', message: '上传中' } });
        try {
          const fileID = await uploadImage('aftersales', file.url);
          const i = this.data.photos.findIndex((p) => p.url === file.url && p.status === 'uploading');
          if (i >= 0) this.setData({ ['photos[' + i + ']']: { url: file.url, fileID, status: 'done', message: '' } });
          this.edited();
        } catch (err) {
          this.setData({ photos: this.data.photos.filter((p) => p.url !== file.url) });
          toastError(err);
        }
      }
    },
    onPhotoDelete(e: { detail: { index: number } }) {
      const photos = this.data.photos.slice();
      photos.splice(e.detail.index, 1);
      this.setData({ photos });
      this.edited();
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const lines = this.data.lines.filter((l) => l.quantity > 0).map((l) => ({ productId: l.productId, quantity: l.quantity }));
      if (!lines.length) return wx.showToast({ title: '请选择要退的商品件数', icon: 'none' });
      if (!this.data.reason) return wx.showToast({ title: '请选择售后原因', icon: 'none' });
      if (this.data.photos.some((p) => p.status !== 'done')) return wx.showToast({ title: '照片还在上传，请稍候', icon: 'none' });
      const note = this.data.note.trim();
      const images = this.data.photos.map((p) => p.fileID);
      this.setData({ submitting: true });
      try {
        const r = await api('afterSale.request', {
          orderId: this.data.orderId,
          lines,
          reason: this.data.reason,
          ...(note ? { note } : {}),
          ...(images.length ? { images } : {}),
          requestId: this.data.requestId,
        });
        wx.showToast({ title: '已提交，申请退款 ' + yuan(r.refundFen), icon: 'none' });
        wx.redirectTo({ url: '/aftersale/pages/list/index' });
      } catch (e) {
        toastError(e);
      } finally {
        this.setData({ submitting: false });
      }
      return undefined;
    },
  },
});
