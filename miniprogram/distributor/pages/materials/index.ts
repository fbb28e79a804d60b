import type { ApiData } from '../../../../typings/api';
import { api, toastError } from '../../../services/call';
import { saveImagesToAlbum } from '../../../services/album';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';
import { storedFiles } from '../../../utils/files';

type Item = ApiData<'material.list'>['items'][number];

/** 推广素材: the shop's images and copy — copy the text, save the images (album permission flow). */
Component({
  behaviors: [storedFiles, listPage],
  data: {
    list: emptyList<Item>(),
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    load(reset: boolean) {
      return loadList(this, 'list', (cursor) => api('material.list', cursor ? { cursor } : {}), (m: Item) => m, reset);
    },
    onCopy(e: WechatMiniprogram.TouchEvent) {
      wx.setClipboardData({ data: String(e.currentTarget.dataset.text || '') });
    },
    async onSave(e: WechatMiniprogram.TouchEvent) {
      try {
        const n = await saveImagesToAlbum((e.currentTarget.dataset.images as string[]) || []);
        if (n) wx.showToast({ title: '已保存 ' + n + ' 张图片', icon: 'success' });
      } catch (err) {
        toastError(err);
      }
    },
    onPreview(e: WechatMiniprogram.TouchEvent) {
      wx.previewImage({ urls: [String(e.currentTarget.dataset.url)] });
    },
  },
});
