import type { Grade } from '../../../../typings/api';
import { admin, errorText } from '../../../services/call';
import { parseYuan } from '../../../shared/money';

export const MAX_GRADES = 5;
/** Badge colours to pick from (grey, silver, gold, brand red, purple, blue). */
export const COLORS = ['#969799', '#7d8fa9', '#d4a017', '#ee0a24', '#7232dd', '#1989fa'];

/** Fen or bps → "12.34" (parseYuan reads it back exactly); '' for an absent condition. */
const hundredths = (n: number | undefined) => (n === undefined ? '' : Math.floor(n / 100) + '.' + String(n % 100).padStart(2, '0'));

/** bps → "30" or "12.5" (for sentences; the fields keep two decimals). */
const percent = (bps: number) => String(bps / 100);

export interface GradeForm {
  id: string;
  name: string;
  color: string;
  level1: string;
  level2: string;
  match: 'any' | 'all';
  sales: string;
  orders: string;
  spend: string;
}

export function toForm(g: Grade): GradeForm {
  return {
    id: g.id,
    name: g.name,
    color: g.color ?? COLORS[0],
    level1: hundredths(g.level1Bps),
    level2: hundredths(g.level2Bps),
    match: g.upgrade.match,
    sales: hundredths(g.upgrade.salesFen),
    orders: g.upgrade.orders === undefined ? '' : String(g.upgrade.orders),
    spend: hundredths(g.upgrade.spendFen),
  };
}

/**
 * The form back to the stored shape (rates % → bps, yuan → fen), or the first problem in words an
 * owner understands. The server checks the rest (cap, order of grades) and says why.
 */
export function toGrades(forms: GradeForm[]): { grades: Grade[] } | { error: string } {
  const grades: Grade[] = [];
  for (let i = 0; i < forms.length; i++) {
    const f = forms[i];
    const label = `第 ${i + 1} 个等级`;
    const name = f.name.trim();
    if (!name) return { error: `${label}请填写名称` };
    if (name.length > 8) return { error: `${label}的名称最多 8 个字` };
    const l1 = parseYuan(f.level1.trim());
    const l2 = parseYuan(f.level2.trim());
    if (l1 === null || l2 === null || l1 > 5000 || l2 > 5000) return { error: `“${name}”的佣金比例请填 0 到 50 之间的数字（%）` };
    const upgrade: Grade['upgrade'] = { match: f.match };
    if (i > 0) {
      if (f.sales.trim()) {
        const v = parseYuan(f.sales.trim());
        if (v === null) return { error: `“${name}”的推广销售额请填金额（元）` };
        upgrade.salesFen = v;
      }
      if (f.orders.trim()) {
        if (!/^\d{1,7}$/.test(f.orders.trim())) return { error: `“${name}”的推广订单数请填整数` };
        upgrade.orders = Number(f.orders.trim());
      }
      if (f.spend.trim()) {
        const v = parseYuan(f.spend.trim());
        if (v === null) return { error: `“${name}”的自购金额请填金额（元）` };
        upgrade.spendFen = v;
      }
    }
    grades.push({ id: f.id, name, color: f.color, level1Bps: l1, level2Bps: l2, upgrade });
  }
  return { grades };
}

/** A fresh id for a new grade: g<n>, not used by any grade of the list. */
function newId(forms: GradeForm[]): string {
  let n = forms.length + 1;
  while (forms.some((f) => f.id === `g${n}`)) n++;
  return `g${n}`;
}

/**
 * 分销等级 (admin): up to 5 grades — the first is where every distributor starts (its rates are the
 * shop's commission rates); each later one has higher rates and is reached automatically when the
 * distributor's settled promoted sales, promoted orders or own spend meet its conditions. Never on
 * the number of people recruited. Saved whole through settings.update; the server's reason is shown.
 */
Component({
  data: {
    loading: true,
    error: '',
    forms: [] as GradeForm[],
    maxTotal: '',
    colors: COLORS,
    max: MAX_GRADES,
    saving: false,
    formError: '',
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const r = await admin('settings.get', {});
        this.setData({ forms: r.settings.grades.map(toForm), maxTotal: percent(r.settings.maxTotalBps), loading: false });
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) });
      }
    },
    onField(e: WechatMiniprogram.CustomEvent<{}, {}, { index: number; key: string }> & { detail: string }) {
      const { index, key } = e.currentTarget.dataset;
      this.setData({ [`forms[${index}].${key}`]: String(e.detail), formError: '' });
    },
    onMatch(e: WechatMiniprogram.CustomEvent<{}, {}, { index: number }> & { detail: string }) {
      this.setData({ [`forms[${e.currentTarget.dataset.index}].match`]: e.detail === 'all' ? 'all' : 'any' });
    },
    onColor(e: WechatMiniprogram.CustomEvent<{}, {}, { index: number; color: string }>) {
      const { index, color } = e.currentTarget.dataset;
      this.setData({ [`forms[${index}].color`]: color });
    },
    onAdd() {
      const forms = this.data.forms;
      if (forms.length >= MAX_GRADES) return;
      const last = forms[forms.length - 1];
      const next: GradeForm = {
        ...last,
        id: newId(forms),
        name: '',
        color: COLORS[Math.min(forms.length, COLORS.length - 1)],
        match: 'any',
        sales: '',
        orders: '',
        spend: '',
      };
      this.setData({ forms: [...forms, next], formError: '' });
    },
    onRemove(e: WechatMiniprogram.CustomEvent<{}, {}, { index: number }>) {
      const i = e.currentTarget.dataset.index;
      if (i === 0) return;
      this.setData({ forms: this.data.forms.filter((_, j) => j !== i), formError: '' });
    },
    async onSave() {
      const out = toGrades(this.data.forms);
      if ('error' in out) {
        this.setData({ formError: out.error });
        return;
      }
      this.setData({ saving: true, formError: '' });
      try {
        const r = await admin('settings.update', { grades: out.grades });
        this.setData({ forms: r.settings.grades.map(toForm) });
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (e) {
        this.setData({ formError: errorText(e) });
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
