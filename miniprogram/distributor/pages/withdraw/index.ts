import type { ApiData, WithdrawalChannel } from '../../../../typings/api';
import { api, toastError } from '../../../services/call';
import { askToSubscribe } from '../../../services/subscribe';
import { confirmTransfer } from '../../../services/transfer';
import { dateTime } from '../../../utils/date';
import { CHANNEL, WITHDRAWAL_STATUS } from '../../../utils/labels';
import { parseYuan, percent, withdrawalFee, yuan, yuanAmount } from '../../../shared/money';
import { emptyList, loadList } from '../../../utils/pager';

type Item = ApiData<'withdrawal.list'>['items'][number];
type Row = Item & { statusText: string; channelText: string; time: string };
type Rules = ApiData<'withdrawal.rules'>;

/** A fresh key for one withdrawal request: resent as is when the answer is lost, so it counts once. */
function newRequestId(): string {
  return (Date.now().toString(36) + Math.random().toString(36).slice(2, 10)).slice(0, 24);
}

/**
 * 提现: the available balance, the amount with its fee and net shown before submit (the server's
 * rules), the channel (and account for Alipay / bank), then the history of requests.
 */
Component({
  data: {
    availableFen: 0,
    headLoaded: false,
    rules: null as Rules | null,
    feeText: '',
    amountText: '',
    amountFen: 0,
    amountError: '',
    feeFen: 0,
    netFen: 0,
    channel: 'wechat' as WithdrawalChannel,
    channels: (['wechat', 'alipay', 'bank'] as WithdrawalChannel[]).map((name) => ({ name, title: CHANNEL[name] })),
    account: '',
    canSubmit: false,
    busy: false,
    requestId: '',
    list: emptyList<Row>(),
  },
  methods: {
    onLoad() {
      this.setData({ requestId: newRequestId() });
      return Promise.all([this.loadHead(), this.loadHistory(true)]);
    },
    async loadHead() {
      try {
        const [s, rules] = await Promise.all([api('distributor.summary', {}), api('withdrawal.rules', {})]);
        this.setData({ availableFen: s.balance.availableFen, headLoaded: true, rules, feeText: rules.feeBps ? percent(rules.feeBps) : '免费' });
        this.recompute();
      } catch (e) {
        toastError(e);
      }
    },
    loadHistory(reset: boolean) {
      return loadList(
        this,
        'list',
        (cursor) => api('withdrawal.list', cursor ? { cursor } : {}),
        (w: Item): Row => ({ ...w, statusText: WITHDRAWAL_STATUS[w.status], channelText: CHANNEL[w.channel], time: dateTime(w.createdAt) }),
        reset,
      );
    },
    onAmount(e: { detail: string }) {
      // Another amount is another request: a new key (a retry of the same one keeps its key).
      this.setData({ amountText: String(e.detail), requestId: newRequestId() });
      this.recompute();
    },
    /** 全部提现: the whole balance, within the single-withdrawal ceiling. */
    onAll() {
      const { availableFen, rules } = this.data;
      if (availableFen <= 0) return;
      const fen = rules ? Math.min(availableFen, rules.maxFen) : availableFen;
      this.setData({ amountText: yuanAmount(fen), requestId: newRequestId() });
      this.recompute();
    },
    onChannel(e: { detail: string }) {
      this.setData({ channel: e.detail as WithdrawalChannel, requestId: newRequestId() });
      this.recompute();
    },
    onChannelCell(e: WechatMiniprogram.TouchEvent) {
      this.setData({ channel: e.currentTarget.dataset.name as WithdrawalChannel });
      this.recompute();
    },
    onAccount(e: { detail: string }) {
      this.setData({ account: String(e.detail).trim() });
      this.recompute();
    },
    /** Validates the amount against the balance and rules, and previews fee and net. */
    recompute() {
      const { amountText, rules, availableFen, channel, account } = this.data;
      const fen = amountText ? parseYuan(amountText) : null;
      let error = '';
      if (amountText && fen === null) error = '请输入正确的金额（最多两位小数）';
      else if (fen !== null && rules && fen < rules.minFen) error = '单笔最少提现 ' + yuan(rules.minFen);
      else if (fen !== null && rules && fen > rules.maxFen) error = '单笔最多提现 ' + yuan(rules.maxFen);
      else if (fen !== null && fen > availableFen) error = '超出可提现余额';
      const amountFen = fen ?? 0;
      const { feeFen, netFen } = withdrawalFee(amountFen, rules ? rules.feeBps : 0);
      const needsAccount = channel !== 'wechat';
      this.setData({
        amountFen,
        amountError: error,
        feeFen,
        netFen,
        canSubmit: !!rules && fen !== null && fen > 0 && !error && (!needsAccount || account.length > 0),
      });
    },
    async onSubmit() {
      if (!this.data.canSubmit || this.data.busy) return;
      askToSubscribe(['withdrawalReviewed', 'commissionAvailable']); // inside the tap, as WeChat requires
      const { amountFen, channel, account, requestId } = this.data;
      this.setData({ busy: true });
      try {
        const params = channel === 'wechat' ? { amountFen, channel, requestId } : { amountFen, channel, account, requestId };
        const res = await api('withdrawal.request', params);
        wx.showToast({ title: '已提交，实际到账 ' + yuan(res.netFen), icon: 'none' });
        this.setData({ amountText: '', requestId: newRequestId() });
        await Promise.all([this.loadHead(), this.loadHistory(true)]);
      } catch (e) {
        toastError(e);
      } finally {
        this.setData({ busy: false });
      }
    },
    async onPullDownRefresh() {
      await Promise.all([this.loadHead(), this.loadHistory(true)]);
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      return this.loadHistory(false);
    },
    onRetry() {
      return this.loadHistory(!this.data.list.loaded);
    },
    /** 确认收款: WeChat's confirm sheet for a withdrawal paid by transfer, then the history read back. */
    async onConfirmTransfer(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        await confirmTransfer(String(e.currentTarget.dataset.id));
        await Promise.all([this.loadHead(), this.loadHistory(true)]);
        const row = this.data.list.items.find((w) => w.withdrawalId === e.currentTarget.dataset.id);
        wx.showToast({ title: row && row.status === 'paid' ? '已到账微信零钱' : '处理中，请稍后查看', icon: 'none' });
      } catch (err) {
        toastError(err);
        await this.loadHistory(true);
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
