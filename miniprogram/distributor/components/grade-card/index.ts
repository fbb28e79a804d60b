import type { ApiData, GradeProgress } from '../../../../typings/api';
import { yuan } from '../../../shared/money';

type Summary = ApiData<'distributor.summary'>;

/** What is left, in words a distributor reads at a glance: "再推广 ¥732.00、11 单即可升级为 金牌分销商". */
export function progressText(next: NonNullable<Summary['nextGrade']>): string {
  const p: GradeProgress = next.progress;
  const left = p.conditions.filter((c) => c.remaining > 0);
  if (!left.length || (p.match === 'any' && left.length < p.conditions.length)) {
    return `已达成升级条件，订单过了退款期后自动升级为 ${next.name}`;
  }
  const sep = p.match === 'all' ? '、' : ' 或 ';
  const promoted = left.filter((c) => c.metric !== 'spendFen').map((c) => (c.metric === 'salesFen' ? yuan(c.remaining) : `${c.remaining} 单`));
  const spend = left.find((c) => c.metric === 'spendFen');
  const parts = [...(promoted.length ? [`推广 ${promoted.join(sep)}`] : []), ...(spend ? [`自购 ${yuan(spend.remaining)}`] : [])];
  return `再${parts.join(sep)}即可升级为 ${next.name}`;
}

/** The brand red unless the shop gave the grade its own colour. */
const BRAND = '#ee0a24';

/**
 * 分销等级 on the center page: the grade badge (in the grade's colour) and the progress to the next
 * grade, counted on orders whose refund window has passed.
 */
Component({
  properties: {
    grade: { type: Object, value: null },
    next: { type: Object, value: null },
  },
  data: { color: BRAND, nextColor: BRAND, percent: 0, text: '' },
  observers: {
    'grade, next'(grade: Summary['grade'] | null, next: Summary['nextGrade']) {
      this.setData({
        color: grade?.color || BRAND,
        nextColor: next?.color || BRAND,
        percent: next ? Math.round(next.progress.ratio * 100) : 100,
        text: next ? progressText(next) : '已是最高等级，感谢一路推广',
      });
    },
  },
});
