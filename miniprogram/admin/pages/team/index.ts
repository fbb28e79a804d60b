import type { AdminData, PersonMatch } from '../../../../typings/admin';
import { admin, errorText, toastError } from '../../../services/call';
import { storedFiles } from '../../../utils/files';

function confirm(title: string, content: string): Promise<boolean> {
  return new Promise((resolve) =>
    wx.showModal({ title, content, confirmColor: '#ee0a24', success: (r) => resolve(!!r.confirm), fail: () => resolve(false) }),
  );
}

/**
 * A distributor's team tree (upline, level 1 and 2) and the admin's change of their referrer: the
 * new upline is picked from a searchable list of distributors (never typed as an openid), and
 * unbinding is its own button with a confirmation — an empty choice never unbinds anyone.
 */
Component({
  behaviors: [storedFiles],
  data: {
    openid: '',
    tree: null as AdminData<'distributor.tree'> | null,
    loading: true,
    error: '',
    picking: false,
    busy: false,
    defaultAvatar: '/images/avatar.png',
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
    name(): string {
      return (this.data.tree && this.data.tree.user.nickname) || '该用户';
    },
    onStartPick() {
      this.setData({ picking: !this.data.picking });
    },
    async onPick(e: { detail: PersonMatch }) {
      const p = e.detail;
      if (p.distributorStatus !== 'active') {
        wx.showToast({ title: '只能选择已开通的分销商作为上级', icon: 'none' });
        return;
      }
      const ok = await confirm('修改上级', `把 ${this.name()} 的上级改为 ${p.nickname || p.realName || '该分销商'}？之后的订单按新的关系计算佣金。`);
      if (ok) await this.change(p.openid, '上级已修改');
    },
    async onUnbind() {
      const ok = await confirm('解除绑定', `解除后 ${this.name()} 将没有上级，之后的订单不再为原上级产生佣金。确定解除？`);
      if (ok) await this.change(null, '已解除绑定');
    },
    async change(referrerOpenid: string | null, done: string) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        await admin('distributor.changeReferrer', { openid: this.data.openid, referrerOpenid });
        wx.showToast({ title: done, icon: 'success' });
        this.setData({ picking: false });
        await this.load();
      } catch (e) {
        toastError(e);
      } finally {
        this.setData({ busy: false });
      }
    },
    /** The openid is for support work only: copied, never shown. */
    onCopyId() {
      wx.setClipboardData({ data: this.data.openid });
    },
  },
});
