import type { Settings } from '../../../../typings/api';
import type { ComplianceReport, PayoutSecretsSet } from '../../../../typings/admin';
import { admin, errorText, toastError } from '../../../services/call';
import { parseYuan } from '../../../shared/money';
import { shareTitle } from '../../../shared/share-title';

/** Fen / bps → the text the form shows ("12.34"); parseYuan reads it back exactly. */
function twoDecimals(n: number): string {
  return Math.floor(n / 100) + '.' + String(n % 100).padStart(2, '0');
}

/**
 * The share title as the admin edits it: the template's `{title}` / `{price}` shown as 【商品名】 /
 * 【价格】 (no raw placeholders on screen), turned back on save.
 */
const TOKENS: Array<[string, string]> = [
  ['{title}', '【商品名】'],
  ['{price}', '【价格】'],
];
export function templateToText(t: string): string {
  return TOKENS.reduce((acc, [raw, shown]) => acc.split(raw).join(shown), t);
}
export function textToTemplate(t: string): string {
  return TOKENS.reduce((acc, [raw, shown]) => acc.split(shown).join(raw), t);
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
    titleTemplate: templateToText(s.share.titleTemplate),
    payoutMode: s.payout.mode as string,
    mchId: s.payout.mchId,
    appId: s.payout.appId,
    sceneId: s.payout.sceneId,
    payoutRemark: s.payout.remark,
  };
}

/** Which WeChat Pay keys the functions' environment holds, as the payout section lists them (never the keys). */
const SECRET_LABELS: Array<[keyof PayoutSecretsSet, string]> = [
  ['privateKey', '商户API私钥'],
  ['serialNo', '商户证书序列号'],
  ['apiV3Key', 'APIv3密钥'],
  ['publicKey', '微信支付公钥'],
  ['publicKeyId', '微信支付公钥ID'],
];
const secretRows = (s: PayoutSecretsSet) => SECRET_LABELS.map(([key, title]) => ({ key, title, value: s[key] ? '已配置' : '未配置' }));
type Form = ReturnType<typeof toForm>;

/** A number typed in the form; -1 (refused by the server) when it isn't one, so the server says why. */
const num = (t: string) => (/^\d{1,9}$/.test(t.trim()) ? Number(t.trim()) : -1);
const hundredths = (t: string) => parseYuan(t) ?? -1;

function toPatch(f: Form): Omit<Settings, 'grades'> {
  return {
    rates: { level1Bps: hundredths(f.level1), level2Bps: hundredths(f.level2) },
    maxTotalBps: hundredths(f.maxTotal),
    selfPurchase: f.selfPurchase,
    onboarding: { mode: f.onboardingMode as Settings['onboarding']['mode'], thresholdFen: hundredths(f.threshold) },
    binding: { mode: f.bindingMode as Settings['binding']['mode'], windowDays: num(f.windowDays), newUsersOnly: f.newUsersOnly },
    settlement: { freezeDays: num(f.freezeDays), autoConfirmDays: num(f.autoConfirmDays) },
    withdrawal: { minFen: hundredths(f.minYuan), maxFen: hundredths(f.maxYuan), dailyCount: num(f.dailyCount), feeBps: hundredths(f.fee) },
    order: { payTimeoutMinutes: num(f.payTimeout) },
    share: { titleTemplate: textToTemplate(f.titleTemplate) },
    afterSalesDays: num(f.afterSalesDays),
    payout: {
      mode: f.payoutMode as Settings['payout']['mode'],
      mchId: f.mchId.trim(),
      appId: f.appId.trim(),
      sceneId: f.sceneId.trim(),
      remark: f.payoutRemark.trim(),
    },
  };
}

/** The admin's answer to a confirm dialog (wx.showModal): true when they chose to go on. */
function confirmDialog(title: string, content: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText: '确认保存', success: (r) => resolve(!!r.confirm), fail: () => resolve(false) });
  });
}

const sameBinding = (a: Settings['binding'], b: Settings['binding']) =>
  a.mode === b.mode && a.windowDays === b.windowDays && a.newUsersOnly === b.newUsersOnly;

/**
 * 分销设置: every rule of PRODUCT.md's table as a form; saving sends it whole, and the server
 * validates (its Chinese message is shown as it is — nothing is saved then). The compliance
 * self-check of the saved settings is shown on top. New binding rules change who earns on the
 * bindings that exist now, so before saving them the admin is shown what they do (how many
 * bindings lapse or come back, from settings.bindingImpact) and confirms.
 */
Component({
  data: {
    loading: true,
    f: null as Form | null,
    compliance: { ok: true, checks: [], warnings: [] } as ComplianceReport,
    serverError: '',
    saving: false,
    /** The binding rules as saved: a save that changes them asks first. */
    savedBinding: null as Settings['binding'] | null,
    sharePreview: '',
    secrets: [] as Array<{ key: string; title: string; value: string }>,
  },
  methods: {
    async onLoad() {
      try {
        const r = await admin('settings.get', {});
        this.setData({ f: toForm(r.settings), compliance: r.compliance, savedBinding: r.settings.binding, secrets: secretRows(r.payoutSecrets), loading: false });
        this.preview();
      } catch (e) {
        toastError(e);
        this.setData({ loading: false });
      }
    },
    onField(e: WechatMiniprogram.CustomEvent<{}, {}, { key: string }> & { detail: string }) {
      this.setData({ ['f.' + e.currentTarget.dataset.key]: String(e.detail) });
      if (e.currentTarget.dataset.key === 'titleTemplate') this.preview();
    },
    /** The share title for a sample product, as friends will see it. */
    preview() {
      const f = this.data.f;
      this.setData({ sharePreview: f ? shareTitle(textToTemplate(f.titleTemplate), { title: '云南小粒咖啡豆 500g', priceFen: 12900 }) : '' });
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
        const patch = toPatch(this.data.f);
        const saved = this.data.savedBinding;
        if (saved && !sameBinding(saved, patch.binding)) {
          // A bad value is refused here already, with the server's message, before anything is asked.
          const impact = await admin('settings.bindingImpact', patch.binding);
          if (impact.changed && !(await confirmDialog('修改绑定规则', impact.summary))) return;
        }
        const r = await admin('settings.update', patch);
        this.setData({ f: toForm(r.settings), compliance: r.compliance, savedBinding: r.settings.binding });
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (e) {
        this.setData({ serverError: errorText(e) });
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
