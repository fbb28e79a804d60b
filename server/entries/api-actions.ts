import type { ActionTable } from './dispatch';
import { rankingList } from '../actions/api/ranking-list';
import { materialList } from '../actions/api/material-list';
import { userLogin } from '../actions/api/user-login';
import { userUpdateProfile } from '../actions/api/user-update-profile';
import { referralBind } from '../actions/api/referral-bind';
import { distributorApply } from '../actions/api/distributor-apply';
import { distributorPoster } from '../actions/api/distributor-poster';
import { productList } from '../actions/api/product-list';
import { productGet } from '../actions/api/product-get';
import { orderCreate } from '../actions/api/order-create';
import { orderPay } from '../actions/api/order-pay';
import { orderList } from '../actions/api/order-list';
import { orderGet } from '../actions/api/order-get';
import { distributorSummary } from '../actions/api/distributor-summary';
import { distributorTeam } from '../actions/api/distributor-team';
import { distributorCommissions } from '../actions/api/distributor-commissions';
import { distributorOrders } from '../actions/api/distributor-orders';
import { orderConfirmReceipt } from '../actions/api/order-confirm-receipt';
import { withdrawalRequest } from '../actions/api/withdrawal-request';
import { withdrawalList } from '../actions/api/withdrawal-list';
import { withdrawalRules } from '../actions/api/withdrawal-rules';
import { referralInviter } from '../actions/api/referral-inviter';
import { afterSaleRequest } from '../actions/api/after-sale-request';
import { afterSaleCancel } from '../actions/api/after-sale-cancel';
import { afterSaleList } from '../actions/api/after-sale-list';
import { withdrawalTransferInfo } from '../actions/api/withdrawal-transfer-info';
import { shareVisit } from '../actions/api/share-visit';
import { insightGet } from '../actions/api/insight-get';

/** The `api` actions by their contract names (typings/api.d.ts). One file per use case. */
import { campaignListApi } from '../actions/api/campaign-list';
export const apiActions: ActionTable = {
  'ranking.list': rankingList,
  'material.list': materialList,
  'user.login': userLogin,
  'user.updateProfile': userUpdateProfile,
  'referral.bind': referralBind,
  'referral.inviter': referralInviter,
  'distributor.apply': distributorApply,
  'distributor.poster': distributorPoster,
  'product.list': productList,
  'product.get': productGet,
  'order.create': orderCreate,
  'order.pay': orderPay,
  'order.list': orderList,
  'order.get': orderGet,
  'distributor.summary': distributorSummary,
  'distributor.team': distributorTeam,
  'distributor.commissions': distributorCommissions,
  'distributor.orders': distributorOrders,
  'order.confirmReceipt': orderConfirmReceipt,
  'withdrawal.request': withdrawalRequest,
  'withdrawal.list': withdrawalList,
  'withdrawal.rules': withdrawalRules,
  'afterSale.request': afterSaleRequest,
  'afterSale.cancel': afterSaleCancel,
  'afterSale.list': afterSaleList,
  'withdrawal.transferInfo': withdrawalTransferInfo,
  // campaigns & rewards (奖励活动)
  'campaign.list': campaignListApi,
  // share visits and promotion insights (issue 14)
  'share.visit': shareVisit,
  'insight.get': insightGet,
};
