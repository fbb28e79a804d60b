import type { UserView } from '../../../typings/api';
import { DEV_IDENTITIES } from '../../config';
import { admin, devOpenid, isLocal, toastError } from '../../services/call';
import { login, switchIdentity } from '../../services/session';
import { storedFiles } from '../../utils/files';

/**
 * 我的: who I am, my orders, my profile; the admin entry only for admins; in local mode a switcher
 * of dev identities (shop owner, distributor, friend) so one developer can play them all.
 */
Component({
  behaviors: [storedFiles],
  data: {
    user: null as UserView | null,
    isAdmin: false,
    local: isLocal(),
    openid: '',
    identities: DEV_IDENTITIES,
    defaultAvatar: '/images/avatar.png',
    /** For admins: after-sales requests waiting for the shop (shown on the 管理后台 entry). */
    openAfterSales: 0,
  },
  methods: {
    async onShow() {
      try {
        const s = await login();
        this.setData({ user: s.user, isAdmin: s.isAdmin, openid: devOpenid() });
        if (s.isAdmin) await this.countAfterSales();
      } catch (e) {
        toastError(e);
      }
    },
    async countAfterSales() {
      try {
        const page = await admin('afterSale.list', { status: 'open' });
        this.setData({ openAfterSales: page.openCount });
      } catch {
        // only a hint: the admin pages show their own errors
      }
    },
    /** 推广中心: the distributor center for an active distributor, otherwise how to join. */
    onPromote() {
      const d = this.data.user && this.data.user.distributor;
      wx.navigateTo({ url: d && d.status === 'active' ? '/distributor/pages/center/index' : '/distributor/pages/join/index' });
    },
    async onSwitch(e: WechatMiniprogram.TouchEvent) {
      const openid = String(e.currentTarget.dataset.openid);
      try {
        const s = await switchIdentity(openid);
        this.setData({ user: s.user, isAdmin: s.isAdmin, openid });
        wx.showToast({ title: '已切换身份', icon: 'success' });
      } catch (err) {
        toastError(err);
      }
    },
  },
});
