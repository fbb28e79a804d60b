import type { AdminData } from '../../../../typings/admin';
import { admin, errorText, toastError } from '../../../services/call';

/** A distributor's team tree (upline, level 1 and 2) and the admin's change of their referrer. */
Component({
  data: {
    openid: '',
    tree: null as AdminData<'distributor.tree'> | null,
    loading: true,
    error: '',
    referrer: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ openid: query.openid ? decodeURIComponent(query.openid) : '' });
      return this.load();
    },
    async load() {
      try {
        const tree = await admin('distributor.tree', { openid: this.data.openid });
        this.setData({ tree, loading: false, error: '' });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    onReferrer(e: { detail: string }) {
      this.setData({ referrer: String(e.detail).trim() });
    },
    async onChange() {
      try {
        await admin('distributor.changeReferrer', { openid: this.data.openid, referrerOpenid: this.data.referrer || null });
        wx.showToast({ title: '上级已修改', icon: 'success' });
        await this.load();
      } catch (e) {
        toastError(e);
      }
    },
  },
});
