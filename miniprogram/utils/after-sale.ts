/** Words for after-sales (售后) the buyer and the shop read: statuses, the reasons offered, the order's history. */
import type { AfterSaleStatus, AfterSaleView, OrderTimelineEntry, OrderView } from '../../typings/api';
import { yuan } from '../shared/money';
import { dateTime } from './date';

export const AFTER_SALE_STATUS: Record<AfterSaleStatus, string> = {
  open: '处理中',
  approved: '已同意退款',
  rejected: '未通过',
  cancelled: '已撤销',
};

/** What happens to the money after approval (AfterSaleView.refundStatus). */
export const REFUND_PROGRESS: Record<'pending' | 'success' | 'failed', string> = {
  pending: '退款处理中',
  success: '已退回原支付账户',
  failed: '退款失败，商家正在处理',
};

/** The reasons the request form offers (the server takes 1–30 characters). */
export const AFTER_SALE_REASONS: string[] = [
  '不想要了',
  '商品与描述不符',
  '质量问题',
  '收到商品破损',
  '少发、漏发',
  '发错货',
  '未收到货',
  '其他',
];

/** A request's status line: `已同意退款 · 已退回原支付账户`, `未通过：<why>`. */
export function afterSaleStatusText(a: Pick<AfterSaleView, 'status' | 'refundStatus' | 'rejectReason'>): string {
  const base = AFTER_SALE_STATUS[a.status];
  if (a.status === 'approved' && a.refundStatus) return base + ' · ' + REFUND_PROGRESS[a.refundStatus];
  if (a.status === 'rejected' && a.rejectReason) return base + '：' + a.rejectReason;
  return base;
}

function stepText(e: OrderTimelineEntry): string {
  const amount = typeof e.refundFen === 'number' ? ' ' + yuan(e.refundFen) : '';
  switch (e.kind) {
    case 'created':
      return '提交订单';
    case 'paid':
      return '付款成功';
    case 'shipped':
      return '商家已发货';
    case 'shippingCorrected':
      return '物流信息已更正';
    case 'received':
      return '已确认收货';
    case 'afterSaleRequested':
      return '申请售后' + amount;
    case 'afterSaleApproved':
      return '售后已同意，退款' + amount;
    case 'afterSaleRejected':
      return '售后未通过';
    case 'afterSaleCancelled':
      return '已撤销售后申请';
    case 'refunded':
      return '退款已到账';
    case 'closed':
      return '订单已关闭';
    default:
      return '';
  }
}

/**
 * The order's history for van-steps (vertical), oldest first, then the step it waits for (待发货 /
 * 待收货) not yet reached. `active` is the last step that happened.
 */
export function timelineSteps(order: Pick<OrderView, 'timeline' | 'status'>): { steps: Array<{ text: string; desc: string }>; active: number } {
  const steps = order.timeline.map((e) => ({ text: stepText(e), desc: dateTime(e.at) })).filter((s) => s.text);
  const active = steps.length - 1;
  if (order.status === 'paid') steps.push({ text: '等待商家发货', desc: '' });
  if (order.status === 'shipped') steps.push({ text: '等待确认收货', desc: '' });
  return { steps, active };
}
