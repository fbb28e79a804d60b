import type { DistributorStatus } from '../../../../typings/api';
import { api, toastError } from '../../../services/call';
import { captureReferral, flushReferrals, lastInviteCode } from '../../../services/referral';
import { normalizeInviteCode } from '../../../services/scene';
import { login, relogin } from '../../../services/session';
import { storedFiles } from '../../../utils/files';

interface Inviter {
  nickname: string;
  avatarUrl: string;
  inviteCode: string | null;
}

/**
 * Joining: who invited you is the server's binding (name and avatar, `referral.inviter`) — never
 * the last share this phone opened, which cannot change a binding. Unbound, the invite code comes
 * prefilled from the share or code scan that brought the user (it binds them), name and phone are optional. Open onboarding makes them an
 * active distributor at once (on to the center); approval shows "审核中"; a rejection shows why.
 */
Component({
  behaviors: [storedFiles],
  data: {
    inviter: null as Inviter | null,
    inviterBound: false,
    defaultAvatar: '/images/avatar.png',
    loading: true,
    status: 'none' as DistributorStatus | 'none',
    code: '',
    codeLocked: false,
    realName: '',
    phone: '',
    busy: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      captureReferral(query);
      try {
        const s = await login();
        const d = s.user.distributor;
        if (d && d.status === 'active') {
          wx.redirectTo({ url: '/distributor/pages/center/index' });
          return;
        }
        // Who invites: the server's binding when there is one (it can't be changed here); else the
        // owner of the code this phone captured, by name — both from the server.
        const captured = lastInviteCode();
        const { inviter, bound } = await api('referral.inviter', captured ? { code: captured } : {});
        this.setData({
          status: d ? d.status : 'none',
          inviter,
          inviterBound: bound,
          code: bound && inviter ? inviter.inviteCode || '' : captured,
          codeLocked: bound,
        });
      } catch (e) {
        toastError(e);
      } finally {
        this.setData({ loading: false });
      }
    },
    onCode(e: { detail: string }) {
      const code = String(e.detail).toUpperCase();
      // A different code typed: the captured inviter is no longer the one shown.
      const keep = this.data.inviter && this.data.inviter.inviteCode === code;
      this.setData({ code, ...(keep || this.data.inviterBound ? {} : { inviter: null }) });
    },
    onRealName(e: { detail: string }) {
      this.setData({ realName: String(e.detail) });
    },
    onPhone(e: { detail: string }) {
      this.setData({ phone: String(e.detail) });
    },
    async onSubmit() {
      if (this.data.busy) return;
      const typed = this.data.code.trim();
      const code = typed ? normalizeInviteCode(typed) : null;
      if (typed && !code) {
        wx.showToast({ title: '邀请码应为 6 位字母或数字', icon: 'none' });
        return;
      }
      if (this.data.phone && !/^1\d{10}$/.test(this.data.phone)) {
        wx.showToast({ title: '请输入 11 位手机号', icon: 'none' });
        return;
      }
      this.setData({ busy: true });
      try {
        if (code && !this.data.codeLocked) {
          captureReferral({ c: code });
          await flushReferrals();
        }
        const params: { realName?: string; phone?: string } = {};
        if (this.data.realName.trim()) params.realName = this.data.realName.trim();
        if (this.data.phone) params.phone = this.data.phone;
        const res = await api('distributor.apply', params);
        await relogin();
        this.setData({ status: res.status });
        if (res.status === 'active') {
          wx.showToast({ title: '加入成功', icon: 'success' });
          wx.redirectTo({ url: '/distributor/pages/center/index' });
        } else if (res.status === 'pending') {
          wx.showToast({ title: '申请已提交', icon: 'success' });
        }
      } catch (e) {
        toastError(e);
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
