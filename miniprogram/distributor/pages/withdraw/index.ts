import type { ApiData, WithdrawalChannel } from '../../../../typings/api';
import { api, toastError } from '../../../services/call';
import { dateTime } from '../../../utils/date';
import { CHANNEL, WITHDRAWAL_STATUS } from '../../../utils/labels';
import { parseYuan, percent, withdrawalFee, yuan } from '../../../shared/money';
import { emptyList, loadList } from '../../../utils/pager';

type Item = ApiData<'withdrawal.list'>['items'][number];
type Row = Item & { statusText: string; channelText: string; time: string };
type Rules = ApiData<'withdrawal.rules'>;

/**
 * 提现: the available balance, the amount with its fee and net shown before submit (the server's
 * rules), the channel (and account for Alipay / bank), then the history of requests.
 */
Component({
  data: {
    availableFen: 0,
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
    list: emptyList<Row>(),
  },
  methods: {
    onLoad() {
      return Promise.all([this.loadHead(), this.loadHistory(true)]);
    },
    async loadHead() {
      try {
        const [s, rules] = await Promise.all([api('distributor.summary', {}), api('withdrawal.rules', {})]);
        this.setData({ availableFen: s.balance.availableFen, rules, feeText: rules.feeBps ? percent(rules.feeBps) : '免费' });
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
      this.setData({ amountText: String(e.detail) });
      this.recompute();
    },
    onChannel(e: { detail: string }) {
      this.setData({ channel: e.detail as WithdrawalChannel });
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
      const { amountFen, channel, account } = this.data;
      this.setData({ busy: true });
      try {
        const res = await api('withdrawal.request', channel === 'wechat' ? { amountFen, channel } : { amountFen, channel, account });
        wx.showToast({ title: '已提交，实际到账 ' + yuan(res.netFen), icon: 'none' });
        this.setData({ amountText: '' });
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
  },
});
