import type { AdminData } from '../../../typings/admin';
import { yuan } from '../../shared/money';
import type { ChartSpec } from './chart';

type Dash = AdminData<'dashboard'>;

/** The charts of the dashboard: which series, how drawn. Pure, so tests can draw them too. */
export function chartSpecs(d: Dash, width: number, height: number): Array<{ id: string; spec: ChartSpec }> {
  const labels = d.series.map((s) => s.day.slice(5));
  return [
    { id: 'chart-sales', spec: { width, height, title: '销售额', labels, values: d.series.map((s) => s.salesFen), kind: 'line', color: '#ee0a24', format: yuan } },
    { id: 'chart-commission', spec: { width, height, title: '佣金支出', labels, values: d.series.map((s) => s.commissionFen), kind: 'bar', color: '#ff976a', format: yuan } },
    { id: 'chart-bindings', spec: { width, height, title: '新增绑定 / 分销商', labels, values: d.series.map((s) => s.newBindings + s.newDistributors), kind: 'bar', color: '#1989fa', format: (v) => String(v) } },
  ];
}

