import type { AdminData } from '../../../../typings/admin';
import { admin, errorText } from '../../../services/call';
import { dateTime } from '../../../utils/date';

type Item = AdminData<'admin.list'>['items'][number] & { label: string };

/**
 * 管理员: who has admin rights (the deployment's ADMIN_OPENIDS and those added here) and adding one
 * by openid. The openid is checked by the server; its message is shown under the field.
 */
Component({
  data: {
    loading: true,
    error: '',
    items: [] as Item[],
    openid: '',
    adding: false,
    serverError: '',
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      this.setData({ loading: !this.data.items.length, error: '' });
      try {
        const { items } = await admin('admin.list', {});
        this.setData({
          loading: false,
          items: items.map((a) => ({
            ...a,
            label: a.source === 'env' ? '部署配置（ADMIN_OPENIDS），不可在此移除' : '由 ' + (a.addedBy ?? '') + ' 添加 · ' + dateTime(a.addedAt),
          })),
        });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    onOpenid(e: { detail: string }) {
      this.setData({ openid: e.detail, serverError: '' });
    },
    async onAdd() {
      if (this.data.adding) return;
      this.setData({ adding: true, serverError: '' });
      try {
        // Sent as typed (trimmed): the server validates it and says what is wrong.
        const r = await admin('admin.add', { openid: this.data.openid.trim() });
        wx.showToast({ title: r.added ? '已添加' : '已是管理员', icon: r.added ? 'success' : 'none' });
        this.setData({ openid: '' });
        await this.load();
      } catch (e) {
        this.setData({ serverError: errorText(e) });
      } finally {
        this.setData({ adding: false });
      }
    },
  },
});
