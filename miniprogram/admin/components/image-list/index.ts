import { toastError } from '../../../services/call';
import { chooseImages, uploadImage, type ImageFolder } from '../../../services/upload';
import { fileBase } from '../../../utils/files';

/**
 * Photos of a product or material: add several (wx.chooseMedia, then uploaded to cloud storage —
 * the local cloud's upload route in local mode), move one earlier or later (the first is the cover
 * and the poster's picture), remove one. Fires `change` with the file ids in order.
 */
Component({
  properties: {
    images: { type: Array, value: [] as string[] },
    folder: { type: String, value: 'products' },
    max: { type: Number, value: 9 },
  },
  data: {
    uploading: 0,
    fileBase: fileBase(),
  },
  methods: {
    list(): string[] {
      // Arrays may arrive as array-likes across realms (tests): copy by index.
      const v = this.data.images as unknown as ArrayLike<string>;
      return Array.from({ length: v.length || 0 }, (_, i) => v[i]);
    },
    emit(images: string[]) {
      this.triggerEvent('change', { images });
    },
    async onAdd() {
      const room = this.data.max - this.list().length - this.data.uploading;
      const paths = await chooseImages(room);
      if (!paths.length) return;
      this.setData({ uploading: this.data.uploading + paths.length });
      // All at once, kept in the order chosen; one that fails is said and left out.
      const ids = await Promise.all(
        paths.map((path) =>
          uploadImage(this.data.folder as ImageFolder, path).then(
            (id) => id,
            (e) => {
              toastError(e);
              return '';
            },
          ),
        ),
      );
      this.setData({ uploading: this.data.uploading - paths.length });
      const added = ids.filter(Boolean);
      if (added.length) this.emit(this.list().concat(added));
    },
    onRemove(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      this.emit(this.list().filter((_, j) => j !== i));
    },
    /** Moves a photo one place earlier (`dir` -1) or later (+1). */
    onMove(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const j = i + Number(e.currentTarget.dataset.dir);
      const next = this.list();
      if (j < 0 || j >= next.length) return;
      [next[i], next[j]] = [next[j], next[i]];
      this.emit(next);
    },
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const base = this.data.fileBase;
      const urls = this.list().map((u) => (base && u.indexOf('cloud://') === 0 ? base + u.substring(u.indexOf('/', 8) + 1) : u));
      wx.previewImage({ urls, current: urls[Number(e.currentTarget.dataset.index)] });
    },
  },
});
