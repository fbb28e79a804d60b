import type { AdminData } from '../../../typings/admin';
import { yuan } from '../../shared/money';
import type { ChartSpec } from './chart';

type Dash = AdminData<'dashboard'>;

/** The charts of the dashboard: which series, how drawn. Pure, so tests can draw them too. */
export function chartSpecs(d: Dash, width: number, height: number): Array<{ id: string; spec: ChartSpec }> {
  const days = d.series.map((s) => s.day);
  const count = (v: number) => String(v);
  return [
    {
      id: 'chart-sales',
      spec: { width, height, title: '销售额', days, series: [{ name: '销售额', values: d.series.map((s) => s.salesFen), color: '#ee0a24' }], kind: 'line', format: yuan },
    },
    {
      id: 'chart-commission',
      spec: { width, height, title: '佣金支出', days, series: [{ name: '佣金', values: d.series.map((s) => s.commissionFen), color: '#ff976a' }], kind: 'bar', format: yuan },
    },
    {
      id: 'chart-bindings',
      spec: {
        width,
        height,
        title: '新增（人）',
        days,
        // Two different things, side by side with a legend — never summed into one bar.
        series: [
          { name: '新绑定', values: d.series.map((s) => s.newBindings), color: '#ee0a24' },
          { name: '新分销商', values: d.series.map((s) => s.newDistributors), color: '#ffb3ba' },
        ],
        kind: 'bar',
        format: count,
        integer: true,
      },
    },
  ];
}
