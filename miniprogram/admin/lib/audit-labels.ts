/** Chinese names for what the audit log shows: admin actions and ledger events (admin subpackage only). */
import type { AdminAction } from '../../../typings/admin';

/** An action missing here (a newer one) shows its raw name. */
export const ACTION_LABEL: Partial<Record<AdminAction, string>> = {
  'product.upsert': '保存商品',
  'product.list': '查看商品',
  'distributor.list': '查看分销商',
  'distributor.review': '审核分销商',
  'distributor.setStatus': '启用/停用分销商',
  'distributor.changeReferrer': '修改上级',
  'distributor.tree': '查看团队',
  'settings.get': '查看设置',
  'settings.update': '修改设置',
  'admin.add': '添加管理员',
  'admin.list': '查看管理员',
  'order.list': '查看订单',
  'order.ship': '发货',
  'order.refund': '退款',
  'withdrawal.list': '查看提现',
  'withdrawal.review': '审核提现',
  'withdrawal.markPaid': '标记已打款',
  reconcile: '对账',
  dashboard: '查看数据看板',
  'stats.rebuild': '重算统计',
  'material.upsert': '保存素材',
  'material.list': '查看素材',
  export: '导出数据',
  'audit.list': '查看操作日志',
  'user.search': '查找用户',
  'campaign.upsert': '保存奖励活动',
  'campaign.list': '查看奖励活动',
};

/** An action missing here (a newer or unknown one) reads as 其他操作; the raw name stays in the detail. */
export function actionLabel(action: string): string {
  return (ACTION_LABEL as Record<string, string | undefined>)[action] ?? '其他操作';
}

/** Order numbers in rows: shortened as on the buyer's order page (the full one is copied). */
export { shortId } from '../../utils/ids';

export const EVENT_LABEL: Record<string, string> = {
  credit: '佣金入账',
  unfreeze: '结算解冻',
  reversal: '退款冲回',
  clawback: '退款追回',
  hold: '提现冻结',
  release: '驳回退回',
  payout: '提现打款',
  reward: '活动奖励',
};

/** The balance buckets a ledger event moves, in display order. */
export const BUCKETS: Array<{ key: 'frozenFen' | 'availableFen' | 'withdrawingFen' | 'withdrawnFen'; label: string }> = [
  { key: 'frozenFen', label: '待结算' },
  { key: 'availableFen', label: '可提现' },
  { key: 'withdrawingFen', label: '提现中' },
  { key: 'withdrawnFen', label: '已提现' },
];
