/** Chinese labels for the statuses the server returns. */
import type { CommissionStatus, DistributorStatus, OrderStatus, WithdrawalChannel, WithdrawalStatus } from '../../typings/api';

export const ORDER_STATUS: Record<OrderStatus, string> = {
  pending: '待支付',
  paid: '待发货',
  shipped: '已发货',
  received: '已完成',
  closed: '已关闭',
  refunded: '已退款',
};

export const COMMISSION_STATUS: Record<CommissionStatus, string> = {
  frozen: '待结算',
  available: '可提现',
  reversed: '已退回',
};

export const WITHDRAWAL_STATUS: Record<WithdrawalStatus, string> = {
  pending: '审核中',
  approved: '待打款',
  transferring: '待确认收款',
  rejected: '已驳回',
  paid: '已到账',
};

export const CHANNEL: Record<WithdrawalChannel, string> = {
  wechat: '微信零钱',
  alipay: '支付宝',
  bank: '银行卡',
};

export const DISTRIBUTOR_STATUS: Record<DistributorStatus, string> = {
  pending: '审核中',
  active: '已开通',
  rejected: '未通过',
  disabled: '已停用',
};
