import type { ProductView } from '../../../../typings/api';
import { saveImagesToAlbum } from '../../../services/album';
import { api, errorText, toastError } from '../../../services/call';
import { session } from '../../../services/session';
import { inviteCode } from '../../../services/share';
import { yuan } from '../../../shared/money';
import { fileSrc } from '../../../utils/files';
import { drawPoster, POSTER_HEIGHT, POSTER_WIDTH } from '../../lib/poster';

type Img = WechatMiniprogram.Image;

function loadImage(canvas: WechatMiniprogram.Canvas, src: string): Promise<Img | null> {
  return new Promise((resolve) => {
    if (!src) return resolve(null);
    const img = canvas.createImage();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null);
    img.src = src;
  });
}

/**
 * 推广海报: the server makes the mini program code (scene = invite code + product); the page draws
 * the poster on a Canvas 2D (lib/poster.ts) with the product's first picture, shows it as an image
 * to long-press or save.
 * Where no canvas is available the code itself is shown and saved.
 */
Component({
  data: {
    productId: '',
    loading: true,
    error: '',
    image: '',
    inviteCode: '',
    cssW: POSTER_WIDTH / 2,
    cssH: POSTER_HEIGHT / 2,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ productId: query.productId || '', inviteCode: inviteCode() });
      return this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        // Opened without a product (from the 推广 tab): the shop's first product with a picture on
        // sale, so the poster shows a photo and its code opens that product.
        let productId = this.data.productId;
        if (!productId) {
          const first = (await api('product.list', {})).items.find((p) => p.images.length && p.stock > 0);
          productId = first ? first.id : '';
        }
        const [poster, product] = await Promise.all([
          api('distributor.poster', productId ? { productId } : {}),
          productId ? api('product.get', { id: productId }) : Promise.resolve(null),
        ]);
        const drawn = await this.draw(poster.url, product);
        this.setData({ loading: false, image: drawn || poster.url, inviteCode: inviteCode() || this.data.inviteCode });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    /** Draws the poster; resolves with its temp file, or '' when there is no canvas to draw on. */
    draw(qrUrl: string, product: ProductView | null): Promise<string> {
      return new Promise((resolve) => {
        const query = wx.createSelectorQuery().in(this);
        query
          .select('#poster')
          .fields({ node: true, size: true })
          .exec(async (res: Array<{ node?: WechatMiniprogram.Canvas } | null>) => {
            const canvas = res && res[0] && res[0].node;
            if (!canvas || typeof canvas.getContext !== 'function') return resolve('');
            try {
              canvas.width = POSTER_WIDTH;
              canvas.height = POSTER_HEIGHT;
              const ctx = canvas.getContext('2d') as unknown as Parameters<typeof drawPoster<Img>>[0];
              const [qr, productImage] = await Promise.all([loadImage(canvas, fileSrc(qrUrl)), loadImage(canvas, fileSrc(product?.images[0] || ''))]);
              if (!qr) return resolve('');
              drawPoster(ctx, {
                qr,
                productImage,
                title: product ? product.title : '精选好物，等你来挑',
                priceText: product ? yuan(product.priceFen) : '',
                sharerName: session()?.user.nickname || '',
              });
              wx.canvasToTempFilePath({ canvas, success: (r) => resolve(r.tempFilePath), fail: () => resolve('') });
            } catch {
              resolve('');
            }
          });
      });
    },
    async onSave() {
      if (!this.data.image || this.data.saving) return;
      this.setData({ saving: true });
      try {
        const n = await saveImagesToAlbum([this.data.image]);
        if (n) wx.showToast({ title: '已保存到相册', icon: 'success' });
      } catch (e) {
        toastError(e);
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
