import type { CommissionOverride } from '../../../../typings/api';
import type { AdminProductView } from '../../../../typings/admin';
import { admin, errorText } from '../../../services/call';
import { parseYuan } from '../../../shared/money';

/** "12.5" (%) → 1250 bps, by the same string arithmetic as money (2 decimals max). */
function parsePercent(text: string): number | null {
  return parseYuan(text);
}

function fenText(fen: number): string {
  return Math.floor(fen / 100) + '.' + String(fen % 100).padStart(2, '0');
}

/**
 * Adds (新增商品) or edits (编辑商品) a product: title, price (yuan typed, fen sent), stock, photos
 * (uploaded, reordered, removed), on/off, virtual (no delivery), commission. A new product starts
 * off sale and goes on sale by itself once it has stock, unless the admin set the switch.
 */
Component({
  data: {
    id: '',
    f: { title: '', price: '', stock: '', images: [] as string[], description: '', on: false, virtual: false, mode: 'inherit', l1: '', l2: '' },
    /** The admin touched the on-sale switch: stock no longer sets it. */
    onTouched: false,
    errors: { price: '' },
    serverError: '',
    saving: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      wx.setNavigationBarTitle({ title: query.id ? '编辑商品' : '新增商品' });
      if (!query.id) return;
      this.setData({ id: query.id, onTouched: true });
      // Find it in the admin list (there is no admin product.get).
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await admin('product.list', cursor ? { cursor } : {});
        const p = page.items.find((x: AdminProductView) => x.id === query.id);
        if (p) return this.fill(p);
        if (!page.nextCursor) return;
        cursor = page.nextCursor;
      }
    },
    fill(p: AdminProductView) {
      const c = p.commission;
      this.setData({
        f: {
          title: p.title,
          price: fenText(p.priceFen),
          stock: String(p.stock),
          images: p.images,
          description: p.description,
          on: p.status === 'on',
          virtual: p.virtual,
          mode: c.mode,
          l1: c.mode === 'rate' ? fenText(c.level1Bps) : c.mode === 'fixed' ? fenText(c.level1Fen) : '',
          l2: c.mode === 'rate' ? fenText(c.level2Bps) : c.mode === 'fixed' ? fenText(c.level2Fen) : '',
        },
      });
    },
    onField(e: WechatMiniprogram.CustomEvent<{}, {}, { key: string }> & { detail: string }) {
      const key = e.currentTarget.dataset.key;
      this.setData({ ['f.' + key]: String(e.detail) });
      // A new product goes on sale with its first stock (until the admin decides otherwise).
      if (key === 'stock' && !this.data.onTouched) this.setData({ 'f.on': Number(e.detail) > 0 });
    },
    onOn(e: { detail: boolean }) {
      this.setData({ 'f.on': !!e.detail, onTouched: true });
    },
    onImages(e: { detail: { images: string[] } }) {
      this.setData({ 'f.images': e.detail.images });
    },
    onVirtual(e: { detail: boolean }) {
      this.setData({ 'f.virtual': !!e.detail });
    },
    onMode(e: { detail: string }) {
      this.setData({ 'f.mode': e.detail });
    },
    async onSave() {
      const f = this.data.f;
      const priceFen = parseYuan(f.price);
      if (priceFen === null || priceFen <= 0) {
        this.setData({ errors: { price: '请输入正确的价格' } });
        return;
      }
      let commission: CommissionOverride = { mode: 'inherit' };
      if (f.mode === 'rate') commission = { mode: 'rate', level1Bps: parsePercent(f.l1) ?? -1, level2Bps: parsePercent(f.l2) ?? -1 };
      if (f.mode === 'fixed') commission = { mode: 'fixed', level1Fen: parseYuan(f.l1) ?? -1, level2Fen: parseYuan(f.l2) ?? -1 };
      this.setData({ saving: true, serverError: '', errors: { price: '' } });
      try {
        const images = Array.from(f.images as ArrayLike<string>);
        const res = await admin('product.upsert', {
          ...(this.data.id ? { id: this.data.id } : {}),
          title: f.title.trim(),
          priceFen,
          stock: Number(f.stock) || 0,
          status: f.on ? 'on' : 'off',
          images,
          description: f.description,
          commission,
          virtual: f.virtual,
        });
        if (!this.data.id) wx.setNavigationBarTitle({ title: '编辑商品' });
        this.setData({ id: res.id, onTouched: true });
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (e) {
        // The server's validation message (Chinese) is shown as it is.
        this.setData({ serverError: errorText(e) });
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
