import type { ApiData } from '../../../../typings/api';
import { api } from '../../../services/call';
import { dateOnly } from '../../../utils/date';
import { emptyList, loadList } from '../../../utils/pager';

type Member = ApiData<'distributor.team'>['items'][number];
type Row = Member & { joined: string };

/** 我的团队: level 1 (people I brought) and level 2 (people they brought), with their contribution. */
Component({
  data: {
    level: 1 as 1 | 2,
    list: emptyList<Row>(),
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    load(reset: boolean) {
      const level = this.data.level;
      return loadList(
        this,
        'list',
        (cursor) => api('distributor.team', cursor ? { level, cursor } : { level }),
        (m: Member): Row => ({ ...m, joined: dateOnly(m.joinedAt) }),
        reset,
      );
    },
    onTab(e: { detail: { name: number } }) {
      this.setData({ level: e.detail.name === 2 ? 2 : 1 });
      return this.load(true);
    },
    async onPullDownRefresh() {
      await this.load(true);
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      return this.load(false);
    },
    onRetry() {
      return this.load(!this.data.list.loaded);
    },
  },
});
