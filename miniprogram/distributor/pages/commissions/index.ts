import type { ApiData, CommissionStatus } from '../../../../typings/api';
import { api } from '../../../services/call';
import { dateMonthDay, dateTime } from '../../../utils/date';
import { COMMISSION_STATUS } from '../../../utils/labels';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';

type Item = ApiData<'distributor.commissions'>['items'][number];
type Row = Item & { statusText: string; levelText: string; time: string; whenText: string };

const TABS = [
  { name: 'all', title: '全部' },
  { name: 'frozen', title: '待结算' },
  { name: 'available', title: '可提现' },
  { name: 'reversed', title: '已退回' },
];

/** 佣金明细: every commission by status (frozen until receipt + freeze days, then available). */
Component({
  behaviors: [listPage],
  data: {
    tabs: TABS,
    status: 'all',
    list: emptyList<Row>(),
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.status && TABS.some((t) => t.name === query.status)) this.setData({ status: query.status });
      return this.load(true);
    },
    load(reset: boolean) {
      const status = this.data.status === 'all' ? undefined : (this.data.status as CommissionStatus);
      return loadList(
        this,
        'list',
        (cursor) => api('distributor.commissions', { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
        (c: Item): Row => ({
          ...c,
          // An open after-sales request holds this commission frozen until the shop decides.
          statusText: c.afterSale && c.status === 'frozen' ? '售后中' : COMMISSION_STATUS[c.status],
          levelText: c.level === 1 ? '一级' : '二级',
          time: dateTime(c.createdAt),
          // A frozen commission with a date says when it becomes available.
          whenText: c.status === 'frozen' && c.availableAt ? ' · ' + dateMonthDay(c.availableAt) + '可提现' : '',
        }),
        reset,
      );
    },
    onTab(e: { detail: { name: string } }) {
      this.setData({ status: e.detail.name });
      return this.load(true);
    },
  },
});
