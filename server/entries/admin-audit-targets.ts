import { C } from '../repo/docs';

/** The record an admin call changes: its collection and id, from the call's (validated) params. */
export type AuditTarget = (params: Record<string, unknown>) => { collection: string; id: string } | null;

const by = (collection: string, param: string): AuditTarget => (p) =>
  typeof p[param] === 'string' ? { collection, id: p[param] as string } : null;

/**
 * For the audit log's before/after: which record each changing admin action touches. The admin
 * dispatcher reads it before the call and again after a successful one (two reads, admin calls
 * only), so every owner of an action gets the before/after without code of their own. Actions that
 * make new ids (a new product, a new material) or change many records note what they changed
 * themselves through `ctx.audit`.
 */
export const AUDIT_TARGETS: Record<string, AuditTarget> = {
  'settings.update': () => ({ collection: C.settings, id: 'global' }),
  'product.upsert': by(C.products, 'id'),
  'distributor.review': by(C.distributors, 'openid'),
  'distributor.setStatus': by(C.distributors, 'openid'),
  'distributor.changeReferrer': by(C.users, 'openid'),
  'order.ship': by(C.orders, 'orderId'),
  'order.refund': by(C.orders, 'orderId'),
  'withdrawal.review': by(C.withdrawals, 'withdrawalId'),
  'withdrawal.markPaid': by(C.withdrawals, 'withdrawalId'),
  'admin.add': by(C.admins, 'openid'),
  'afterSale.approve': by(C.afterSales, 'afterSaleId'),
  'afterSale.reject': by(C.afterSales, 'afterSaleId'),
  'distributor.setGrade': by(C.distributors, 'openid'),
};
