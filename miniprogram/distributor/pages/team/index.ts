import type { ApiData } from '../../../../typings/api';
import { api } from '../../../services/call';
import { dateOnly } from '../../../utils/date';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';

type Member = ApiData<'distributor.team'>['items'][number];
type Row = Member & { joined: string };

/** 我的团队: level 1 (people I brought) and level 2 (people they brought), with their contribution. */
Component({
  behaviors: [listPage],
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
  },
});
