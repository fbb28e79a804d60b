import type { InsightView } from '../../../../typings/api';
import { api, errorText } from '../../../services/call';
import { productSharePath } from '../../../services/share';

type Suggestion = InsightView['suggestions'][number];

/** `[20, 12]` → `20:00–21:00、12:00–13:00` */
function hoursText(hours: number[]): string {
  const two = (n: number) => (n < 10 ? '0' : '') + n;
  return hours.map((h) => `${two(h)}:00–${two((h + 1) % 24)}:00`).join('、');
}

/**
 * 推广建议: what to share now and why (from the distributor's own shares, friends and orders, as
 * the settle run computed them), the hours their shares turned into orders, and the last 30 days'
 * funnel 浏览 → 绑定 → 下单 → 成交. Each suggestion can be shared as a card or made into a poster.
 */
Component({
  data: {
    loading: true,
    error: '',
    suggestions: [] as Suggestion[],
    hours: '',
    funnel: null as InsightView['funnel'] | null,
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const r = await api('insight.get', {});
        this.setData({ loading: false, suggestions: r.suggestions, hours: hoursText(r.bestHours), funnel: r.funnel });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    onPoster(e: { currentTarget: { dataset: { id: string } } }) {
      wx.navigateTo({ url: '/distributor/pages/poster/index?productId=' + encodeURIComponent(e.currentTarget.dataset.id) });
    },
    onShareAppMessage(e: { from?: string; target?: { dataset?: { id?: string } } }) {
      const id = e && e.target && e.target.dataset ? e.target.dataset.id : undefined;
      const s = this.data.suggestions.find((x) => x.productId === id) || this.data.suggestions[0];
      if (!s) return { title: '好物精选，品质好货等你挑', path: '/pages/index/index' };
      return { title: s.title, path: productSharePath(s.productId) };
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
  },
});
