import type { AdminCampaign, CampaignRulesParams } from '../../../../typings/admin';
import { admin, errorText, toastError } from '../../../services/call';
import { parseYuan, yuan, yuanAmount } from '../../../shared/money';
import { chinaDayOf, chinaDayStart, ruleText } from '../../../utils/campaign';

const DAY_MS = 86_400_000;
const STATUS: Record<AdminCampaign['status'], string> = { upcoming: '未开始', running: '进行中', settling: '结算中', settled: '已结算' };

interface Form {
  id: string;
  title: string;
  startDay: string;
  endDay: string;
  kind: 'target' | 'top';
  metric: 'salesFen' | 'commissionFen';
  target: string;
  reward: string;
  /** Prizes in yuan, one per rank, separated by commas or spaces: "300, 200, 100". */
  prizes: string;
  editable: AdminCampaign['editable'];
  /** The edited campaign's own times: kept while its days are not changed (a rename moves nothing). */
  startAt: number;
  endAt: number;
}

function emptyForm(now = Date.now()): Form {
  const today = chinaDayOf(now);
  return { id: '', title: '', startDay: today, endDay: chinaDayOf(now + 29 * DAY_MS), kind: 'target', metric: 'salesFen', target: '', reward: '', prizes: '', editable: 'all', startAt: 0, endAt: 0 };
}

/** The form as the action's params, or the first thing wrong with it (in words). */
export function formParams(f: Form): { params: CampaignRulesParams & { id?: string } } | { problem: string } {
  if (!f.title.trim()) return { problem: '请填写活动名称' };
  const base = {
    ...(f.id ? { id: f.id } : {}),
    title: f.title.trim(),
    startAt: f.startAt && chinaDayOf(f.startAt) === f.startDay ? f.startAt : chinaDayStart(f.startDay),
    // The end day is included: the campaign ends when the next day starts.
    endAt: f.endAt && chinaDayOf(f.endAt - 1) === f.endDay ? f.endAt : chinaDayStart(f.endDay) + DAY_MS,
    kind: f.kind,
    metric: f.metric,
  };
  if (f.kind === 'target') {
    const targetFen = parseYuan(f.target);
    const rewardFen = parseYuan(f.reward);
    if (!targetFen) return { problem: '请填写目标金额（元）' };
    if (!rewardFen) return { problem: '请填写奖励金额（元）' };
    return { params: { ...base, targetFen, rewardFen } };
  }
  const parts = f.prizes.split(/[,，\s]+/).filter(Boolean);
  const prizes = parts.map(parseYuan);
  if (!parts.length || prizes.some((p) => !p)) return { problem: '请按名次填写奖金（元），用逗号分隔，如 300, 200, 100' };
  return { params: { ...base, prizes: prizes as number[] } };
}

/** 奖励活动 (admin): the campaigns with their status and results, and a form to create or edit one. */
Component({
  data: {
    loading: true,
    error: '',
    items: [] as Array<AdminCampaign & { statusText: string; rule: string; period: string; result: string }>,
    f: emptyForm(),
    saving: false,
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      this.setData({ loading: !this.data.items.length, error: '' });
      try {
        const r = await admin('campaign.list', {});
        this.setData({
          loading: false,
          items: r.items.map((c) => ({
            ...c,
            statusText: STATUS[c.status],
            rule: ruleText(c),
            period: `${chinaDayOf(c.startAt)} 至 ${chinaDayOf(c.endAt - 1)}`,
            result:
              c.status === 'settled'
                ? `获奖 ${c.winners} 人，共 ${yuan(c.costFen)}`
                : `结束后 ${c.settleDays} 天结算（${chinaDayOf(c.settleAt)}）`,
          })),
        });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    onField(e: WechatMiniprogram.CustomEvent<{}, {}, { key: string }> & { detail: string }) {
      this.setData({ ['f.' + e.currentTarget.dataset.key]: String(e.detail) });
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string }, {}, { key: string }>) {
      this.setData({ ['f.' + e.currentTarget.dataset.key]: String(e.detail.value) });
    },
    onEdit(e: WechatMiniprogram.TouchEvent) {
      const c = this.data.items[Number(e.currentTarget.dataset.index)];
      if (!c) return;
      this.setData({
        f: {
          id: c.id,
          title: c.title,
          startDay: chinaDayOf(c.startAt),
          endDay: chinaDayOf(c.endAt - 1),
          kind: c.kind,
          metric: c.metric,
          target: c.targetFen ? yuanAmount(c.targetFen) : '',
          reward: c.rewardFen ? yuanAmount(c.rewardFen) : '',
          prizes: (c.prizes ?? []).map(yuanAmount).join(', '),
          editable: c.editable,
          startAt: c.startAt,
          endAt: c.endAt,
        },
      });
      wx.pageScrollTo({ scrollTop: 0, duration: 0 });
    },
    onNew() {
      this.setData({ f: emptyForm() });
    },
    async onSave() {
      const checked = formParams(this.data.f);
      if ('problem' in checked) {
        wx.showToast({ title: checked.problem, icon: 'none' });
        return;
      }
      this.setData({ saving: true });
      try {
        await admin('campaign.upsert', checked.params);
        wx.showToast({ title: '已保存', icon: 'success' });
        this.setData({ f: emptyForm() });
        await this.load();
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ saving: false });
      }
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
  },
});
