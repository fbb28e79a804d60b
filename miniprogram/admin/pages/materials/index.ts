import type { AdminData } from '../../../../typings/admin';
import { admin, toastError } from '../../../services/call';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';
import { storedFiles } from '../../../utils/files';

type Item = AdminData<'material.list'>['items'][number];
const EMPTY = { id: '', title: '', text: '', images: [] as string[] };

/** 推广素材 (admin): add or edit the photos (uploaded) and copy distributors share; warns on reward promises. */
Component({
  behaviors: [listPage, storedFiles],
  data: {
    f: { ...EMPTY },
    warnings: [] as string[],
    list: emptyList<Item>(),
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    load(reset: boolean) {
      return loadList(this, 'list', (cursor) => admin('material.list', cursor ? { cursor } : {}), (m: Item) => m, reset);
    },
    onField(e: WechatMiniprogram.CustomEvent<{}, {}, { key: string }> & { detail: string }) {
      this.setData({ ['f.' + e.currentTarget.dataset.key]: String(e.detail) });
    },
    onEdit(e: WechatMiniprogram.TouchEvent) {
      const m = this.data.list.items[Number(e.currentTarget.dataset.index)];
      if (m) this.setData({ f: { id: m.id, title: m.title, text: m.text, images: m.images }, warnings: [] });
    },
    onImages(e: { detail: { images: string[] } }) {
      this.setData({ 'f.images': e.detail.images });
    },
    onNew() {
      this.setData({ f: { ...EMPTY, images: [] }, warnings: [] });
    },
    async onSave() {
      const f = this.data.f;
      try {
        const images = Array.from(f.images as ArrayLike<string>);
        const res = await admin('material.upsert', { ...(f.id ? { id: f.id } : {}), title: f.title.trim(), text: f.text, images, status: 'on' });
        this.setData({ warnings: res.warnings, f: { ...EMPTY, images: [] } });
        wx.showToast({ title: '已保存', icon: 'success' });
        await this.load(true);
      } catch (err) {
        toastError(err);
      }
    },
  },
});
