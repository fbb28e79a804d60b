import type { ApiData } from '../../../../typings/api';
import { api, errorText } from '../../../services/call';
import { homeShare } from '../../../services/share';
import { dateMonthDay } from '../../../utils/date';
import { campaignCard, type CampaignCard } from '../../../utils/campaign';

/**
 * 推广中心: the distributor's money (available, frozen, withdrawing, withdrawn; today, month,
 * lifetime), team counts, promoted orders and the invite code to copy. Shares the shop with the code.
 */
Component({
  data: {
    s: null as ApiData<'distributor.summary'> | null,
    loading: true,
    error: '',
    nextText: '',
    /** The running campaign's card (奖励活动), or null: loaded beside the summary, never blocking it. */
    campaign: null as CampaignCard | null,
  },
  methods: {
    onShow() {
      return this.load();
    },
    async load() {
      this.setData({ error: '', loading: !this.data.s });
      try {
        const s = await api('distributor.summary', {});
        if (s.status !== 'active') {
          wx.redirectTo({ url: '/distributor/pages/join/index' });
          return;
        }
        this.setData({ s, loading: false, nextText: s.nextUnfreeze ? dateMonthDay(s.nextUnfreeze.atMs) : '' });
        void this.loadCampaign();
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    async loadCampaign() {
      try {
        const r = await api('campaign.list', {});
        const running = r.items.find((c) => c.status === 'running');
        this.setData({ campaign: running ? campaignCard(running) : null });
      } catch {
        // The card is extra: without it the center is complete.
      }
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    onCopy() {
      if (this.data.s?.inviteCode) wx.setClipboardData({ data: this.data.s.inviteCode });
    },
    onWithdraw() {
      if (!this.data.s || this.data.s.balance.availableFen <= 0) return;
      wx.navigateTo({ url: '/distributor/pages/withdraw/index' });
    },
    onCampaigns() {
      wx.navigateTo({ url: '/distributor/pages/campaigns/index' });
    },
    onShareAppMessage() {
      const code = this.data.s?.inviteCode;
      const share = homeShare();
      return code ? { title: share.title, path: '/pages/index/index?c=' + code } : share;
    },
  },
});
