import type { AdminData, PersonMatch } from '../../../../typings/admin';
import { admin, errorText } from '../../../services/call';
import { session } from '../../../services/session';
import { dateOnly } from '../../../utils/date';
import { storedFiles } from '../../../utils/files';

type Item = AdminData<'admin.list'>['items'][number] & { label: string; isMe: boolean };

/**
 * 管理员: who has admin rights, as people (the shop's deployment owners and those added here), and
 * adding one by picking them from a searchable list (nickname, invite code, phone) — never by
 * typing an openid. The pick is confirmed before the rights are given.
 */
Component({
  behaviors: [storedFiles],
  data: {
    loading: true,
    error: '',
    items: [] as Item[],
    picking: false,
    adding: false,
    serverError: '',
    defaultAvatar: '/images/avatar.png',
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      this.setData({ loading: !this.data.items.length, error: '' });
      try {
        const { items } = await admin('admin.list', {});
        const me = session()?.user.openid;
        this.setData({
          loading: false,
          items: items.map((a) => ({
            ...a,
            isMe: a.openid === me,
            label:
              a.source === 'env'
                ? '店铺创建时设置，不能在这里移除'
                : '由 ' + ((a.addedByPerson && a.addedByPerson.nickname) || '管理员') + ' 添加 · ' + dateOnly(a.addedAt),
          })),
        });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    onStartPick() {
      this.setData({ picking: !this.data.picking, serverError: '' });
    },
    async onPick(e: { detail: PersonMatch }) {
      const p = e.detail;
      if (this.data.adding) return;
      const name = p.nickname || p.realName || '该用户';
      const ok = await new Promise<boolean>((resolve) =>
        wx.showModal({
          title: '添加管理员',
          content: `让 ${name} 成为管理员？管理员可查看全部数据、审核提现和修改设置。`,
          confirmColor: '#ee0a24',
          success: (r) => resolve(!!r.confirm),
          fail: () => resolve(false),
        }),
      );
      if (!ok) return;
      this.setData({ adding: true, serverError: '' });
      try {
        const r = await admin('admin.add', { openid: p.openid });
        wx.showToast({ title: r.added ? '已添加' : '已是管理员', icon: r.added ? 'success' : 'none' });
        this.setData({ picking: false });
        await this.load();
      } catch (err) {
        this.setData({ serverError: errorText(err) });
      } finally {
        this.setData({ adding: false });
      }
    },
  },
});
