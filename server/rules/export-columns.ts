import type { CommissionDoc, DistributorDoc, OrderDoc, WithdrawalDoc } from '../repo/docs';
import { expressName } from './express';
import { amountCell, chinaDateTime, fenToYuan, type CsvValue } from './csv';

/** What each export holds: a header row and one row per record (amounts in yuan, China time). Pure. */
export interface ExportColumns<T> {
  header: string[];
  row(doc: T): CsvValue[];
}

const DIST_STATUS: Record<string, string> = { pending: '待审核', active: '正常', rejected: '已拒绝', disabled: '已停用' };
const ORDER_STATUS: Record<string, string> = {
  pending: '待付款',
  paid: '已付款',
  shipped: '已发货',
  received: '已收货',
  closed: '已关闭',
  refunded: '已退款',
};
const COMMISSION_STATUS: Record<string, string> = { frozen: '冻结中', available: '可提现', reversed: '已冲正' };
const WITHDRAWAL_STATUS: Record<string, string> = { pending: '待审核', approved: '已通过', rejected: '已拒绝', paid: '已打款' };
const CHANNEL: Record<string, string> = { wechat: '微信零钱', alipay: '支付宝', bank: '银行卡' };

export const distributorColumns: ExportColumns<DistributorDoc> = {
  header: ['openid', '昵称', '姓名', '手机', '状态', '邀请码', '申请时间', '开通时间', '冻结佣金', '可提现', '提现中', '已提现', '累计佣金', '一级团队', '二级团队', '推广订单数', '推广销售额'],
  row: (d) => [
    d.openid,
    d.nickname,
    d.realName,
    d.phone,
    DIST_STATUS[d.status] ?? d.status,
    d.inviteCode ?? '',
    chinaDateTime(d.appliedAt),
    chinaDateTime(d.activatedAt),
    amountCell(d.frozenFen),
    amountCell(d.availableFen),
    amountCell(d.withdrawingFen),
    amountCell(d.withdrawnFen),
    amountCell(d.lifetimeFen),
    d.team?.level1 ?? 0,
    d.team?.level2 ?? 0,
    d.promoted?.orders ?? 0,
    amountCell(d.promoted?.salesFen ?? 0),
  ],
};

export const commissionColumns: ExportColumns<CommissionDoc> = {
  header: ['佣金编号', '订单号', '级别', '受益人openid', '买家', '商品', '计佣规则', '单件佣金', '数量', '退款数量', '佣金金额', '状态', '创建时间', '可提现时间'],
  row: (c) => [
    c._id,
    c.orderId,
    c.level === 1 ? '一级' : '二级',
    c.beneficiaryOpenid,
    c.buyerNickname,
    c.productTitle,
    c.rule.mode === 'rate' ? `比例 ${c.rule.bps} 基点` : `固定 ${fenToYuan(c.rule.fen)} 元/件`,
    amountCell(c.perUnitFen),
    c.quantity,
    c.refundedQuantity,
    amountCell(c.amountFen),
    COMMISSION_STATUS[c.status] ?? c.status,
    chinaDateTime(c.createdAt),
    chinaDateTime(c.availableAt),
  ],
};

export const withdrawalColumns: ExportColumns<WithdrawalDoc> = {
  header: ['提现编号', '分销商openid', '申请金额', '手续费', '实付金额', '渠道', '收款账户', '状态', '申请时间', '审核时间', '审核人', '打款时间', '备注'],
  row: (w) => [
    w._id,
    w.openid,
    amountCell(w.amountFen),
    amountCell(w.feeFen),
    amountCell(w.netFen),
    CHANNEL[w.channel] ?? w.channel,
    w.account,
    WITHDRAWAL_STATUS[w.status] ?? w.status,
    chinaDateTime(w.createdAt),
    chinaDateTime(w.reviewedAt),
    w.reviewedBy ?? '',
    chinaDateTime(w.paidAt),
    w.note,
  ],
};

export const orderColumns: ExportColumns<OrderDoc> = {
  header: ['订单号', '买家openid', '买家昵称', '状态', '订单金额', '已退款', '商品明细', '一级分销商', '二级分销商', '首单', '下单时间', '付款时间', '发货时间', '收货时间', '关闭时间', '微信支付单号', '收货人', '收货电话', '收货地址', '物流'],
  row: (o) => [
    o._id,
    o.buyerOpenid,
    o.buyerNickname,
    ORDER_STATUS[o.status] ?? o.status,
    amountCell(o.totalFen),
    amountCell(o.refundedFen),
    o.lines.map((l) => `${l.title} ×${l.quantity} @${fenToYuan(l.unitFen)}`).join('\n'),
    o.chain.level1 ?? '',
    o.chain.level2 ?? '',
    o.firstOrder ? '是' : '否',
    chinaDateTime(o.createdAt),
    chinaDateTime(o.paidAt),
    chinaDateTime(o.shippedAt),
    chinaDateTime(o.receivedAt),
    chinaDateTime(o.closedAt),
    o.transactionId ?? '',
    // Delivery (admin-only export: the buyer's phone is the shop's to ship with).
    o.address?.name ?? '',
    o.address?.phone ?? '',
    o.address ? `${o.address.province}${o.address.city}${o.address.district} ${o.address.detail}` : '',
    o.parcels?.length ? o.parcels.map((p) => `${expressName(p.expressCompany)} ${p.trackingNo}`).join('\n') : o.noLogistics ? '无需物流' : '',
  ],
};
