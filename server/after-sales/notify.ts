import type { Cloud } from '../platform/cloud';
import { sendSafely } from '../notify/subscribe';
import type { AfterSaleDoc } from '../repo/docs';
import { PAGES } from '../../miniprogram/shared/pages';

const TITLES = {
  open: '售后申请已提交',
  approved: '售后已同意，退款处理中',
  rejected: '售后申请未通过',
  cancelled: '售后申请已撤销',
} as const;

/** Tells the buyer where their request stands (after the commit; a failed send changes nothing). */
export function notifyAfterSale(cloud: Cloud, as: AfterSaleDoc, at: number): Promise<boolean> {
  const note = as.status === 'rejected' ? as.rejectReason : as.reason;
  return sendSafely(cloud, 'afterSaleUpdate', as.buyerOpenid, `${PAGES.order}?orderId=${encodeURIComponent(as.orderId)}`, {
    thing: TITLES[as.status],
    amountFen: as.refundFen,
    at,
    note,
  });
}
