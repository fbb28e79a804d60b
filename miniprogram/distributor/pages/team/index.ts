import type { ApiData } from '../../../../typings/api';
import { api } from '../../../services/call';
import { dateOnly } from '../../../utils/date';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';
import { storedFiles } from '../../../utils/files';

type Member = ApiData<'distributor.team'>['items'][number];
type Row = Member & { joined: string; totalFen: number };

/**
 * 我的团队: level 1 (people I brought) and level 2 (people they brought), each tab with its count,
 * and what each member brought me: their own purchases, and for level 1 also their team's
 * (my level-2 commission through them).
 */
Component({
  behaviors: [listPage, storedFiles],
  data: {
    defaultAvatar: '/images/avatar.png',
    level: 1 as 1 | 2,
    counts: { level1: 0, level2: 0 },
    list: emptyList<Row>(),
  },
  methods: {
    onLoad() {
      return Promise.all([this.load(true), this.loadCounts()]);
    },
    async loadCounts() {
      try {
        const s = await api('distributor.summary', {});
        this.setData({ counts: s.team });
      } catch {
        // the tabs keep their plain titles; the list shows its own error
      }
    },
    load(reset: boolean) {
      const level = this.data.level;
      return loadList(
        this,
        'list',
        (cursor) => api('distributor.team', cursor ? { level, cursor } : { level }),
        (m: Member): Row => ({ ...m, joined: dateOnly(m.joinedAt), totalFen: m.contributionFen + (m.teamContributionFen || 0) }),
        reset,
      );
    },
    onTab(e: { detail: { name: number } }) {
      this.setData({ level: e.detail.name === 2 ? 2 : 1 });
      return this.load(true);
    },
  },
});
