/**
 * What `npm run preview` photographs: every page of app.json as the demo shop's people see it
 * (local/seed-demo.ts: 店长 the shop owner, 小美 a level-1 distributor, 阿强 her level-2, 小李 and
 * 老张 customers, and a friend who just opened 小美's share card), plus the states that matter:
 * empty (a shop with nothing in it), loading (the network never answers) and error (offline).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { World } from '../test/miniprogram/support/harness';
import { ADMIN } from '../test/support/local';

export const OWNER = ADMIN;
export const MEI = 'demo-xiaomei';
export const QIANG = 'demo-aqiang';
export const LI = 'demo-xiaoli';
export const ZHANG = 'demo-laozhang';
/** A new user who opened 小美's share card (not bound yet, not a distributor). */
export const FRIEND = 'friend-new';

export interface Shot {
  /** File name: `.preview/<name>.png`. */
  name: string;
  /** The page, from the mini program's root. */
  path: string;
  /** Who is looking. */
  as: string;
  /** Who that is, in words (the gallery's caption). */
  who: string;
  /** `empty`: the shop without the demo data. */
  shop?: 'demo' | 'empty';
  state?: 'loading' | 'error';
  /** Anything done before the page opens; answers the page's query. */
  setup?: (w: World) => Promise<Record<string, string> | void>;
  /** What the person did first, logged in (answers the page's query instead). */
  first?: (w: World, query: Record<string, string>) => Promise<Record<string, string>>;
}

const PEOPLE: Record<string, string> = {
  [OWNER]: '店长（管理员）',
  [MEI]: '小美（一级分销商）',
  [QIANG]: '阿强（二级分销商）',
  [LI]: '小李（顾客）',
  [ZHANG]: '老张（顾客）',
  [FRIEND]: '新朋友（刚打开分享）',
};

async function products(w: World): Promise<any[]> {
  return (await w.cloud.admin('product.list', {})).items ?? (await w.cloud.admin('product.list', {}));
}
/** A product on sale with stock (the demo's coffee beans). */
const firstProduct = async (w: World) => {
  const p = (await products(w)).find((x: any) => x.stock > 0 && x.status === 'on') ?? (await products(w))[0];
  return { id: p._id ?? p.id };
};
const soldOut = async (w: World) => {
  const p = (await products(w)).find((x: any) => x.stock === 0);
  return { id: p._id ?? p.id };
};
async function orderOf(w: World, openid: string, status?: string) {
  const list = await w.cloud.api(openid, 'order.list', {});
  const items: any[] = list.items ?? list;
  const o = items.find((x) => !status || x.status === status) ?? items[0];
  return { id: o._id ?? o.id ?? o.orderId };
}
/** The friend opened 小美's share card of a product: the referral is captured on the phone. */
async function sharedBy(w: World, sharer: string) {
  const { inviteCode } = await w.cloud.api(sharer, 'distributor.apply', {});
  const { id } = await firstProduct(w);
  return { id, c: inviteCode }; // the share card's path: /pages/product/index?id=…&c=<invite code>
}
/** Time passes (a week at a time): the shipped order is confirmed received, its commissions unfreeze. */
async function commissionsAvailable(w: World) {
  for (let week = 0; week < 6; week++) {
    if ((await w.cloud.api(MEI, 'distributor.summary', {})).balance.availableFen > 0) return;
    w.cloud.local.clock.advance(8 * 24 * 3600 * 1000);
    await w.cloud.local.trigger('settle');
  }
}
/** Commissions past their freeze, and a withdrawal waiting for review. */
async function withdrawalWaiting(w: World) {
  await commissionsAvailable(w);
  const s = await w.cloud.api(MEI, 'distributor.summary', {});
  const fen = Math.min(s.balance.availableFen, 5000);
  if (fen < 100) throw new Error(`小美 has ¥${fen / 100} to withdraw after the freeze: nothing to review`);
  await w.cloud.api(MEI, 'withdrawal.request', { amountFen: fen, channel: 'wechat' });
}

const tab = (name: string, path: string, as: string, extra: Partial<Shot> = {}): Shot => ({ name, path, as, who: PEOPLE[as], ...extra });

export const SHOTS: Shot[] = [
  // The main package.
  tab('index', 'pages/index/index', LI),
  tab('index--empty', 'pages/index/index', LI, { shop: 'empty' }),
  tab('index--loading', 'pages/index/index', LI, { state: 'loading' }),
  tab('index--error', 'pages/index/index', LI, { state: 'error' }),
  tab('promote', 'pages/promote/index', MEI),
  tab('promote--friend', 'pages/promote/index', LI),
  tab('me', 'pages/me/index', MEI),
  tab('me--owner', 'pages/me/index', OWNER),
  tab('me--friend', 'pages/me/index', FRIEND),
  tab('product', 'pages/product/index', LI, { setup: firstProduct }),
  tab('product--shared', 'pages/product/index', FRIEND, { setup: (w) => sharedBy(w, MEI) }),
  tab('product--sold-out', 'pages/product/index', LI, { setup: soldOut }),
  tab('product--error', 'pages/product/index', LI, { state: 'error', setup: firstProduct }),
  tab('orders', 'pages/orders/index', ZHANG),
  tab('orders--empty', 'pages/orders/index', FRIEND),
  tab('order', 'pages/order/index', ZHANG, { setup: (w) => orderOf(w, ZHANG) }),
  tab('order--paid', 'pages/order/index', LI, { setup: (w) => orderOf(w, LI) }),
  tab('profile', 'pages/profile/index', MEI),
  // The after-sales subpackage: 老张 asked about his shipped order; 小李 may still ask about his paid one.
  tab('aftersale-list', 'aftersale/pages/list/index', ZHANG),
  tab('aftersale-list--empty', 'aftersale/pages/list/index', LI),
  tab('aftersale-apply', 'aftersale/pages/apply/index', LI, { setup: async (w) => ({ orderId: (await orderOf(w, LI, 'paid')).id }) }),
  // The distributor's subpackage.
  // The friend opened 小美's share card, then tapped through to join.
  tab('distributor-join', 'distributor/pages/join/index', FRIEND, {
    setup: (w) => sharedBy(w, MEI),
    first: async (w, shared) => {
      await w.page('pages/product/index', shared);
      return {};
    },
  }),
  tab('distributor-join--bound', 'distributor/pages/join/index', LI),
  tab('distributor-center', 'distributor/pages/center/index', MEI),
  tab('distributor-center--loading', 'distributor/pages/center/index', MEI, { state: 'loading' }),
  tab('distributor-center--error', 'distributor/pages/center/index', MEI, { state: 'error' }),
  tab('distributor-team', 'distributor/pages/team/index', MEI),
  tab('distributor-team--empty', 'distributor/pages/team/index', QIANG, { shop: 'empty', setup: async (w) => void (await w.cloud.api(QIANG, 'distributor.apply', {})) }),
  tab('distributor-commissions', 'distributor/pages/commissions/index', MEI),
  tab('distributor-orders', 'distributor/pages/orders/index', MEI),
  tab('distributor-withdraw', 'distributor/pages/withdraw/index', MEI),
  tab('distributor-withdraw--available', 'distributor/pages/withdraw/index', MEI, { setup: commissionsAvailable }),
  tab('distributor-poster', 'distributor/pages/poster/index', MEI, { setup: async (w) => ({ productId: (await firstProduct(w)).id }) }),
  tab('distributor-ranking', 'distributor/pages/ranking/index', MEI),
  // 推广建议 (issue 14, insights): the demo's visits and orders; a new distributor with none yet.
  tab('distributor-insights', 'distributor/pages/insights/index', MEI),
  tab('distributor-insights--empty', 'distributor/pages/insights/index', QIANG, { shop: 'empty', setup: async (w) => void (await w.cloud.api(QIANG, 'distributor.apply', {})) }),
  tab('distributor-ranking--empty', 'distributor/pages/ranking/index', QIANG, { shop: 'empty', setup: async (w) => void (await w.cloud.api(QIANG, 'distributor.apply', {})) }),
  tab('distributor-materials', 'distributor/pages/materials/index', MEI),
  // 奖励活动: this month's target part way, last month's leaderboard paid (local/seed-demo-campaigns.ts).
  tab('distributor-campaigns', 'distributor/pages/campaigns/index', MEI),
  tab('distributor-campaigns--empty', 'distributor/pages/campaigns/index', QIANG, { shop: 'empty', setup: async (w) => void (await w.cloud.api(QIANG, 'distributor.apply', {})) }),
  tab('distributor-campaigns--error', 'distributor/pages/campaigns/index', MEI, { state: 'error' }),
  // The shop owner's subpackage.
  tab('admin-dashboard', 'admin/pages/dashboard/index', OWNER),
  tab('admin-dashboard--empty', 'admin/pages/dashboard/index', OWNER, { shop: 'empty' }),
  tab('admin-dashboard--error', 'admin/pages/dashboard/index', OWNER, { state: 'error' }),
  tab('admin-distributors', 'admin/pages/distributors/index', OWNER),
  tab('admin-team', 'admin/pages/team/index', OWNER, { setup: async () => ({ openid: MEI }) }),
  tab('admin-orders', 'admin/pages/orders/index', OWNER),
  tab('admin-orders--empty', 'admin/pages/orders/index', OWNER, { shop: 'empty' }),
  tab('admin-aftersales', 'admin/pages/aftersales/index', OWNER),
  tab('admin-aftersales--empty', 'admin/pages/aftersales/index', OWNER, { shop: 'empty' }),
  tab('admin-withdrawals', 'admin/pages/withdrawals/index', OWNER, { setup: withdrawalWaiting }),
  tab('admin-withdrawals--empty', 'admin/pages/withdrawals/index', OWNER),
  tab('admin-products', 'admin/pages/products/index', OWNER),
  tab('admin-product-edit', 'admin/pages/product-edit/index', OWNER, { setup: firstProduct }),
  tab('admin-product-edit--new', 'admin/pages/product-edit/index', OWNER),
  tab('admin-materials', 'admin/pages/materials/index', OWNER),
  tab('admin-campaigns', 'admin/pages/campaigns/index', OWNER),
  tab('admin-campaigns--empty', 'admin/pages/campaigns/index', OWNER, { shop: 'empty' }),
  tab('admin-settings', 'admin/pages/settings/index', OWNER),
  tab('admin-reconcile', 'admin/pages/reconcile/index', OWNER),
  tab('admin-export', 'admin/pages/export/index', OWNER),
  tab('admin-audit', 'admin/pages/audit/index', OWNER),
  tab('admin-admins', 'admin/pages/admins/index', OWNER),
  // 分销等级: the demo shop's three grades; and the shop that only has the entry grade.
  tab('admin-grades', 'admin/pages/grades/index', OWNER),
  tab('admin-grades--default', 'admin/pages/grades/index', OWNER, { shop: 'empty' }),
];
