import type { PersonMatch } from '../../../../typings/admin';
import { admin, errorText } from '../../../services/call';
import { fileBase } from '../../../utils/files';
import { DISTRIBUTOR_STATUS } from '../../../utils/labels';

type Row = PersonMatch & { statusText: string };

/**
 * Picking a person instead of typing an openid: a search (nickname, invite code, phone) over the
 * admin's `user.search`, results as people (avatar, name, code, phone). Tapping one fires `pick`
 * with the match; the page asks for confirmation and acts.
 */
Component({
  properties: {
    /** Only distributors (an upline must be one). */
    distributorsOnly: { type: Boolean, value: false },
    placeholder: { type: String, value: '搜索昵称、邀请码或手机号' },
    /** An openid to leave out (the person being edited). */
    exclude: { type: String, value: '' },
  },
  data: {
    q: '',
    items: [] as Row[],
    loading: false,
    loaded: false,
    error: '',
    fileBase: fileBase(),
    defaultAvatar: '/images/avatar.png',
  },
  lifetimes: {
    attached() {
      void (this as unknown as { search(): Promise<void> }).search();
    },
  },
  methods: {
    onChange(e: { detail: string }) {
      this.setData({ q: String(e.detail) });
    },
    onSearch(e: { detail: string }) {
      this.setData({ q: String(e.detail) });
      return this.search();
    },
    async search() {
      const q = this.data.q.trim();
      this.setData({ loading: true, error: '' });
      try {
        const { items } = await admin('user.search', { ...(q ? { q } : {}), ...(this.data.distributorsOnly ? { distributorsOnly: true } : {}) });
        const rows = items
          .filter((p) => p.openid !== this.data.exclude)
          .map((p) => ({ ...p, statusText: p.distributorStatus ? DISTRIBUTOR_STATUS[p.distributorStatus] : '顾客' }));
        this.setData({ items: rows, loading: false, loaded: true });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    onPick(e: WechatMiniprogram.TouchEvent) {
      const person = this.data.items[Number(e.currentTarget.dataset.index)];
      if (person) this.triggerEvent('pick', person);
    },
  },
});
