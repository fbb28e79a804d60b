import { api, errorText } from '../../../services/call';
import { campaignCard, type CampaignCard } from '../../../utils/campaign';

/** 奖励活动: running and recent campaigns with my progress ("还差 ¥1,250.00"), rank and reward. */
Component({
  data: {
    loading: true,
    error: '',
    items: [] as CampaignCard[],
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const r = await api('campaign.list', {});
        this.setData({ loading: false, items: r.items.map((c) => campaignCard(c)) });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
  },
});
