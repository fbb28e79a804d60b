import type { AdminWithdrawalView } from '../../../../typings/admin';
import { admin, toastError } from '../../../services/call';
import { dateTime } from '../../../utils/date';
import { CHANNEL, WITHDRAWAL_STATUS } from '../../../utils/labels';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';
import { storedFiles } from '../../../utils/files';

type Row = AdminWithdrawalView & { statusText: string; channelText: string; time: string; retry: boolean };
type Status = AdminWithdrawalView['status'];
const TABS = [
  { name: 'pending', title: '待审核' },
  { name: 'approved', title: '待打款' },
  { name: 'transferring', title: '待确认收款' },
  { name: 'paid', title: '已打款' },
  { name: 'rejected', title: '已驳回' },
  { name: 'all', title: '全部' },
];

/**
 * 提现审核: who asks for how much (a person, not an openid), approve or reject (a rejection releases
 * the hold), then mark approved ones paid. With payouts by 商家转账, approving sends the bill
 * (待确认收款 until the user confirms); one that ended unpaid comes back with the reason in its
 * note, to transfer again or reject.
 */
Component({
  behaviors: [listPage, storedFiles],
  data: {
    defaultAvatar: '/images/avatar.png',
    tabs: TABS,
    status: 'pending',
    list: emptyList<Row>(),
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    load(reset: boolean) {
      const status = this.data.status === 'all' ? undefined : (this.data.status as Status);
      return loadList(
        this,
        'list',
        (cursor) => admin('withdrawal.list', { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
        (w: AdminWithdrawalView): Row => ({
          ...w,
          statusText: WITHDRAWAL_STATUS[w.status],
          channelText: CHANNEL[w.channel],
          time: dateTime(w.createdAt),
          // back from a transfer that ended unpaid: transfer again or reject (releases the hold)
          retry: w.status === 'approved' && !!w.transfer,
        }),
        reset,
      );
    },
    onTab(e: { detail: { name: string } }) {
      this.setData({ status: e.detail.name });
      return this.load(true);
    },
    async onReview(e: WechatMiniprogram.TouchEvent) {
      const { id, approve } = e.currentTarget.dataset as { id: string; approve: boolean };
      try {
        await admin('withdrawal.review', approve ? { withdrawalId: id, approve: true } : { withdrawalId: id, approve: false, note: '管理员驳回' });
        wx.showToast({ title: approve ? '已通过' : '已驳回', icon: 'success' });
        await this.load(true);
      } catch (err) {
        toastError(err);
      }
    },
    async onPaid(e: WechatMiniprogram.TouchEvent) {
      try {
        await admin('withdrawal.markPaid', { withdrawalId: String(e.currentTarget.dataset.id) });
        wx.showToast({ title: '已标记打款', icon: 'success' });
        await this.load(true);
      } catch (err) {
        toastError(err);
      }
    },
  },
});
