import type { ActionTable } from './dispatch';
import { distributorList } from '../actions/admin/distributor-list';
import { distributorReview } from '../actions/admin/distributor-review';
import { distributorSetStatus } from '../actions/admin/distributor-set-status';
import { distributorChangeReferrer } from '../actions/admin/distributor-change-referrer';
import { settingsGet } from '../actions/admin/settings-get';
import { settingsUpdate } from '../actions/admin/settings-update';
import { adminAdd } from '../actions/admin/admin-add';
import { adminOrderList } from '../actions/admin/order-list';
import { productUpsert } from '../actions/admin/product-upsert';
import { adminProductList } from '../actions/admin/product-list';
import { orderShip } from '../actions/admin/order-ship';
import { orderRefund } from '../actions/admin/order-refund';
import { adminWithdrawalList } from '../actions/admin/withdrawal-list';
import { withdrawalReview } from '../actions/admin/withdrawal-review';
import { withdrawalMarkPaid } from '../actions/admin/withdrawal-mark-paid';
import { reconcile } from '../actions/admin/reconcile';
import { dashboard } from '../actions/admin/dashboard';
import { statsRebuild } from '../actions/admin/stats-rebuild';
import { materialUpsert } from '../actions/admin/material-upsert';
import { adminMaterialList } from '../actions/admin/material-list';
import { exportCsv } from '../actions/admin/export';
import { auditList } from '../actions/admin/audit-list';
import { adminList } from '../actions/admin/admin-list';
import { distributorTree } from '../actions/admin/distributor-tree';
import { adminAfterSaleList } from '../actions/admin/after-sale-list';
import { afterSaleApprove } from '../actions/admin/after-sale-approve';
import { afterSaleReject } from '../actions/admin/after-sale-reject';
import { expressList } from '../actions/admin/express-list';
import { settingsBindingImpact } from '../actions/admin/settings-binding-impact';
import { setupCollectionsAction } from '../actions/admin/setup-collections';
import { userSearch } from '../actions/admin/user-search';
import { distributorSetGrade } from '../actions/admin/distributor-set-grade';

import { campaignUpsert } from '../actions/admin/campaign-upsert';
import { campaignList } from '../actions/admin/campaign-list';
/** The `admin` actions by their contract names. One file per use case under actions/admin. */
export const adminActions: ActionTable = {
  'distributor.list': distributorList,
  'distributor.review': distributorReview,
  'distributor.setStatus': distributorSetStatus,
  'distributor.changeReferrer': distributorChangeReferrer,
  'settings.get': settingsGet,
  'settings.update': settingsUpdate,
  'admin.add': adminAdd,
  'order.list': adminOrderList,
  'product.upsert': productUpsert,
  'product.list': adminProductList,
  'order.ship': orderShip,
  'order.refund': orderRefund,
  'withdrawal.list': adminWithdrawalList,
  'withdrawal.review': withdrawalReview,
  'withdrawal.markPaid': withdrawalMarkPaid,
  reconcile,
  dashboard,
  'stats.rebuild': statsRebuild,
  'material.upsert': materialUpsert,
  'material.list': adminMaterialList,
  export: exportCsv,
  'audit.list': auditList,
  'admin.list': adminList,
  'distributor.tree': distributorTree,
  'afterSale.list': adminAfterSaleList,
  'afterSale.approve': afterSaleApprove,
  'afterSale.reject': afterSaleReject,
  'express.list': expressList,
  'settings.bindingImpact': settingsBindingImpact,
  'setup.collections': setupCollectionsAction,
  'user.search': userSearch,
  'distributor.setGrade': distributorSetGrade,
  // campaigns & rewards (奖励活动)
  'campaign.upsert': campaignUpsert,
  'campaign.list': campaignList,
};
