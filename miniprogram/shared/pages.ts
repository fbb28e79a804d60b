/**
 * Pages the server sends people to (mini program codes, subscribe messages). One list, checked
 * against app.json by a test, so a renamed page can never leave a dead link in a message.
 */
export const PAGES = {
  home: 'pages/index/index',
  product: 'pages/product/index',
  /** `?orderId=<id>`: the buyer's order (after-sales and shipping messages). */
  order: 'pages/order/index',
  commissions: 'distributor/pages/commissions/index',
  withdraw: 'distributor/pages/withdraw/index',
  /** 奖励活动 (reward messages). */
  campaigns: 'distributor/pages/campaigns/index',
} as const;
