import type { Settings } from '../../../../typings/api';
import type { ComplianceReport } from '../../../../typings/admin';
import { admin, errorText, toastError } from '../../../services/call';
import { parseYuan } from '../../../shared/money';

/** Fen / bps → the text the form shows ("12.34"); parseYuan reads it back exactly. */
function twoDecimals(n: number): string {
  return Math.floor(n / 100) + '.' + String(n % 100).padStart(2, '0');
}

function toForm(s: Settings) {
  return {
    level1: twoDecimals(s.rates.level1Bps),
    level2: twoDecimals(s.rates.level2Bps),
    maxTotal: twoDecimals(s.maxTotalBps),
    selfPurchase: s.selfPurchase,
    onboardingMode: s.onboarding.mode as string,
    threshold: twoDecimals(s.onboarding.thresholdFen),
    bindingMode: s.binding.mode as string,
    windowDays: String(s.binding.windowDays),
    newUsersOnly: s.binding.newUsersOnly,
    freezeDays: String(s.settlement.freezeDays),
    autoConfirmDays: String(s.settlement.autoConfirmDays),
    afterSalesDays: String(s.afterSalesDays),
    payTimeout: String(s.order.payTimeoutMinutes),
    minYuan: twoDecimals(s.withdrawal.minFen),
    maxYuan: twoDecimals(s.withdrawal.maxFen),
    dailyCount: String(s.withdrawal.dailyCount),
    fee: twoDecimals(s.withdrawal.feeBps),
    titleTemplate: s.share.titleTemplate,
  };
}
type Form = ReturnType<typeof toForm>;

/** A number typed in the form; -1 (refused by the server) when it isn't one, so the server says why. */
const num = (t: string) => (/^\d{1,9}$/.test(t.trim()) ? Number(t.trim()) : -1);
const hundredths = (t: string) => parseYuan(t) ?? -1;

function toPatch(f: Form): Settings {
  return {
    rates: { level1Bps: hundredths(f.level1), level2Bps: hundredths(f.level2) },
    maxTotalBps: hundredths(f.maxTotal),
    selfPurchase: f.selfPurchase,
    onboarding: { mode: f.onboardingMode as Settings['onboarding']['mode'], thresholdFen: hundredths(f.threshold) },
    binding: { mode: f.bindingMode as Settings['binding']['mode'], windowDays: num(f.windowDays), newUsersOnly: f.newUsersOnly },
    settlement: { freezeDays: num(f.freezeDays), autoConfirmDays: num(f.autoConfirmDays) },
    withdrawal: { minFen: hundredths(f.minYuan), maxFen: hundredths(f.maxYuan), dailyCount: num(f.dailyCount), feeBps: hundredths(f.fee) },
    order: { payTimeoutMinutes: num(f.payTimeout) },
    share: { titleTemplate: f.titleTemplate },
    afterSalesDays: num(f.afterSalesDays),
  };
}

/**
 * 分销设置: every rule of PRODUCT.md's table as a form; saving sends it whole, and the server
 * validates (its Chinese message is shown as it is — nothing is saved then). The compliance
 * self-check of the saved settings is shown on top.
 */
Component({
  data: {
    loading: true,
    f: null as Form | null,
    compliance: { ok: true, checks: [], warnings: [] } as ComplianceReport,
    serverError: '',
    saving: false,
  },
  methods: {
    async onLoad() {
      try {
        const r = await admin('settings.get', {});
        this.setData({ f: toForm(r.settings), compliance: r.compliance, loading: false });
      } catch (e) {
        toastError(e);
        this.setData({ loading: false });
      }
    },
    onField(e: WechatMiniprogram.CustomEvent<{}, {}, { key: string }> & { detail: string }) {
      this.setData({ ['f.' + e.currentTarget.dataset.key]: String(e.detail) });
    },
    onSwitch(e: WechatMiniprogram.CustomEvent<{}, {}, { key: string }> & { detail: boolean }) {
      this.setData({ ['f.' + e.currentTarget.dataset.key]: !!e.detail });
    },
    onRadio(e: WechatMiniprogram.CustomEvent<{}, {}, { key: string }> & { detail: string }) {
      this.setData({ ['f.' + e.currentTarget.dataset.key]: String(e.detail) });
    },
    async onSave() {
      if (!this.data.f) return;
      this.setData({ saving: true, serverError: '' });
      try {
        const r = await admin('settings.update', toPatch(this.data.f));
        this.setData({ f: toForm(r.settings), compliance: r.compliance });
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (e) {
        this.setData({ serverError: errorText(e) });
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
