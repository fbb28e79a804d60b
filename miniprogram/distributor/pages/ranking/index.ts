import { api, errorText } from '../../../services/call';
import { yuan } from '../../../shared/money';

type By = 'commission' | 'team';
type Period = 'week' | 'month' | 'all';

function valueText(by: By, value: number): string {
  return by === 'commission' ? yuan(value) : value + ' 人';
}

/** 排行榜: top distributors by commission or team size, this week / month / all time, and my rank. */
Component({
  data: {
    by: 'commission' as By,
    period: 'week' as Period,
    loading: true,
    error: '',
    items: [] as Array<{ key: string; rank: number; nickname: string; valueText: string; isMe: boolean }>,
    me: { rank: null as number | null, valueText: '' },
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      const { by, period } = this.data;
      this.setData({ loading: true, error: '' });
      try {
        const r = await api('ranking.list', { by, period });
        this.setData({
          loading: false,
          // Rows carry no identities: the list key is the row's place; the server marks my own row.
          items: r.items.map((i, n) => ({ key: String(n), rank: i.rank, nickname: i.nickname, valueText: valueText(by, i.value), isMe: i.isMe })),
          me: { rank: r.me.rank, valueText: valueText(by, r.me.value) },
        });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    onBy(e: { detail: { name: string } }) {
      this.setData({ by: e.detail.name as By });
      return this.load();
    },
    onPeriod(e: { detail: { name: string } }) {
      this.setData({ period: e.detail.name as Period });
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
  },
});
