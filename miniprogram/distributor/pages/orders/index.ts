import type { ApiData } from '../../../../typings/api';
import { api } from '../../../services/call';
import { dateTime } from '../../../utils/date';
import { ORDER_STATUS } from '../../../utils/labels';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';

type Item = ApiData<'distributor.orders'>['items'][number];
type Row = Item & { statusText: string; levelText: string; time: string };

/** 推广订单: orders my team placed that earn me commission. */
Component({
  behaviors: [listPage],
  data: {
    list: emptyList<Row>(),
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    load(reset: boolean) {
      return loadList(
        this,
        'list',
        (cursor) => api('distributor.orders', cursor ? { cursor } : {}),
        (o: Item): Row => ({ ...o, statusText: ORDER_STATUS[o.status] + (o.afterSale ? ' · 售后中' : ''), levelText: o.level === 1 ? '一级' : '二级', time: dateTime(o.createdAt) }),
        reset,
      );
    },
  },
});
