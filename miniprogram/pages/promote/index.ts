import type { ApiData, DistributorStatus } from '../../../typings/api';
import { api, errorText } from '../../services/call';
import { dateMonthDay } from '../../utils/date';
import { relogin } from '../../services/session';
import { homeShare } from '../../services/share';

const ENTRIES = [
  { text: '推广中心', icon: 'chart-trending-o', url: '/distributor/pages/center/index' },
  { text: '我的团队', icon: 'friends-o', url: '/distributor/pages/team/index' },
  { text: '佣金明细', icon: 'balance-list-o', url: '/distributor/pages/commissions/index' },
  { text: '推广订单', icon: 'orders-o', url: '/distributor/pages/orders/index' },
  { text: '提现', icon: 'gold-coin-o', url: '/distributor/pages/withdraw/index' },
  { text: '推广海报', icon: 'photo-o', url: '/distributor/pages/poster/index' },
  { text: '排行榜', icon: 'medal-o', url: '/distributor/pages/ranking/index' },
  { text: '推广素材', icon: 'description', url: '/distributor/pages/materials/index' },
];

/**
 * 推广 tab (main package, kept light): an active distributor sees their money first (what can be
 * withdrawn, what is on its way and when), the invite code and the ways into the distributor
 * center (a subpackage); anyone else sees how to join and their status.
 */
Component({
  data: {
    loading: true,
    error: '',
    status: 'none' as DistributorStatus | 'none',
    inviteCode: '',
    entries: ENTRIES,
    money: null as ApiData<'distributor.summary'> | null,
    nextText: '',
  },
  methods: {
    onShow() {
      return this.load();
    },
    async load() {
      this.setData({ error: '' });
      try {
        const s = await relogin();
        const d = s.user.distributor;
        const money = d && d.status === 'active' ? await api('distributor.summary', {}) : null;
        const next = money && money.nextUnfreeze;
        this.setData({
          loading: false,
          status: d ? d.status : 'none',
          inviteCode: (d && d.inviteCode) || '',
          money,
          nextText: next ? dateMonthDay(next.atMs) : '',
        });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    onCopy() {
      wx.setClipboardData({ data: this.data.inviteCode });
    },
    onWithdraw() {
      wx.navigateTo({ url: '/distributor/pages/withdraw/index' });
    },
    onCenter() {
      wx.navigateTo({ url: '/distributor/pages/center/index' });
    },
    onJoin() {
      wx.navigateTo({ url: '/distributor/pages/join/index' });
    },
    onShareAppMessage() {
      return homeShare();
    },
  },
});
