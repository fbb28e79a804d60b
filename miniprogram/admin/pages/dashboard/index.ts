import type { AdminData } from '../../../../typings/admin';
import { admin, errorText } from '../../../services/call';
import { percent } from '../../../shared/money';
import { drawChart, type ChartCtx } from '../../lib/chart';
import { chartSpecs } from '../../lib/dashboard-charts';

type Dash = AdminData<'dashboard'>;

const ENTRIES = [
  { text: '分销商', icon: 'friends-o', url: '/admin/pages/distributors/index' },
  { text: '订单', icon: 'orders-o', url: '/admin/pages/orders/index' },
  { text: '售后', icon: 'after-sale', url: '/admin/pages/aftersales/index' },
  { text: '提现', icon: 'gold-coin-o', url: '/admin/pages/withdrawals/index' },
  { text: '商品', icon: 'goods-collect-o', url: '/admin/pages/products/index' },
  { text: '素材', icon: 'photo-o', url: '/admin/pages/materials/index' },
  { text: '活动', icon: 'gift-o', url: '/admin/pages/campaigns/index' },
  { text: '设置', icon: 'setting-o', url: '/admin/pages/settings/index' },
  { text: '对账', icon: 'balance-o', url: '/admin/pages/reconcile/index' },
  { text: '导出', icon: 'down', url: '/admin/pages/export/index' },
  { text: '日志', icon: 'records', url: '/admin/pages/audit/index' },
  { text: '管理员', icon: 'manager-o', url: '/admin/pages/admins/index' },
];

/** 管理后台: totals and daily trends of the chosen days, the funnel, top distributors. */
Component({
  data: {
    entries: ENTRIES,
    days: 7,
    loading: true,
    error: '',
    d: null as Dash | null,
    distShare: '',
    /** Open after-sales requests: the badge on the 售后 entry ('' for none). */
    openAfterSales: '',
    /** The scorecard with its rates as text (share funnel, issue 14). */
    scorecard: [] as Array<Dash['scorecard'][number] & { conversion: string; refund: string }>,
  },
  methods: {
    onLoad() {
      return this.load();
    },
    /** Back from handling after-sales or orders: the numbers and the badge follow. */
    onShow() {
      if (this.data.d) return this.load();
      return undefined;
    },
    async load() {
      this.setData({ loading: !this.data.d, error: '' });
      try {
        const d = await admin('dashboard', { days: this.data.days });
        this.setData({
          d,
          loading: false,
          distShare: percent(d.totals.distShareBps),
          openAfterSales: d.afterSales.open ? String(d.afterSales.open) : '',
          scorecard: d.scorecard.map((r) => ({ ...r, conversion: percent(r.conversionBps), refund: percent(r.refundBps) })),
        });
        this.drawCharts(d);
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    drawCharts(d: Dash) {
      for (const { id, spec } of chartSpecs(d, 640, 400)) {
        wx.createSelectorQuery()
          .in(this)
          .select('#' + id)
          .fields({ node: true, size: true })
          .exec((res: Array<{ node?: WechatMiniprogram.Canvas } | null>) => {
            const canvas = res && res[0] && res[0].node;
            if (!canvas || typeof canvas.getContext !== 'function') return; // no canvas (tests)
            canvas.width = spec.width;
            canvas.height = spec.height;
            drawChart(canvas.getContext('2d') as unknown as ChartCtx, spec);
          });
      }
    },
    onDays(e: { detail: { name: number } }) {
      this.setData({ days: Number(e.detail.name) === 30 ? 30 : 7 });
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
  },
});
