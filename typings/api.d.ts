/**
 * The API contract between the mini program, the cloud functions and the local cloud
 * (../shared/spec/API.md). The single typed source of it: client and server import from here.
 * Amounts are integer fen (`...Fen`), rates basis points (`...Bps`), times epoch milliseconds.
 */

export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_ACTION'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'INSUFFICIENT_BALANCE'
  | 'LIMIT_EXCEEDED'
  | 'CONFLICT'
  | 'NOT_ELIGIBLE'
  | 'UNAUTHENTICATED'
  | 'PAYMENT_FAILED'
  | 'INTERNAL';

export type ApiOk<T> = { ok: true; data: T };
export type ApiError = { ok: false; code: ErrorCode; message: string };
export type ApiResult<T> = ApiOk<T> | ApiError;

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

// ---------- shared shapes ----------

export type DistributorStatus = 'pending' | 'active' | 'rejected' | 'disabled';
export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'received' | 'closed' | 'refunded';
export type CommissionStatus = 'frozen' | 'available' | 'reversed';
/** `transferring`: a WeChat transfer bill exists and waits for the user's confirmation (API.md, Payouts). */
export type WithdrawalStatus = 'pending' | 'approved' | 'transferring' | 'rejected' | 'paid';
export type WithdrawalChannel = 'wechat' | 'alipay' | 'bank';
export type BindReason =
  | 'SELF_REFERRAL'
  | 'ALREADY_BOUND'
  | 'CYCLE'
  | 'REFERRER_INACTIVE'
  | 'NOT_NEW_USER'
  | 'UNKNOWN_CODE';

/** What `wx.requestPayment` takes (from cloudPay.unifiedOrder's `payment`). */
export interface WxPayment {
  appId?: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

export type CommissionOverride =
  | { mode: 'inherit' }
  | { mode: 'rate'; level1Bps: number; level2Bps: number }
  | { mode: 'fixed'; level1Fen: number; level2Fen: number };

export interface UserView {
  openid: string;
  nickname: string;
  avatarUrl: string;
  /** Not the referrer's openid (other people's openids are never sent): an opaque id while the
   * caller's binding is in force under the shop's current rules, null when unbound or lapsed. */
  referrerOpenid: string | null;
  distributor: { status: DistributorStatus; inviteCode: string | null } | null;
}

export interface ProductView {
  id: string;
  title: string;
  priceFen: number;
  stock: number;
  status: 'on' | 'off';
  images: string[];
  description: string;
  sales: number;
}

export interface OrderLineView {
  productId: string;
  title: string;
  image: string;
  quantity: number;
  unitFen: number;
  refundedQuantity: number;
}

export interface OrderView {
  orderId: string;
  outTradeNo: string;
  status: OrderStatus;
  totalFen: number;
  refundedFen: number;
  lines: OrderLineView[];
  createdAt: number;
  paidAt: number | null;
  shippedAt: number | null;
  receivedAt: number | null;
  closedAt: number | null;
  /** When an unpaid order closes by itself. */
  payDeadline: number;
}

export interface Balance {
  frozenFen: number;
  /** May be negative: a debt left by a refund after the commission was available or withdrawn. */
  availableFen: number;
  withdrawingFen: number;
  withdrawnFen: number;
}

export interface Settings {
  rates: { level1Bps: number; level2Bps: number };
  maxTotalBps: number;
  selfPurchase: boolean;
  onboarding: { mode: 'open' | 'approval' | 'threshold'; thresholdFen: number };
  binding: { mode: 'permanent' | 'window' | 'last_click'; windowDays: number; newUsersOnly: boolean };
  settlement: { freezeDays: number; autoConfirmDays: number };
  withdrawal: { minFen: number; maxFen: number; dailyCount: number; feeBps: number };
  order: { payTimeoutMinutes: number };
  /** Share card title template; must sell the product, never promise the sharer money. */
  share: { titleTemplate: string };
  /** How approved withdrawals are paid: by hand, or by a 商家转账 bill the user confirms (ids only; keys come from the environment). */
  payout: PayoutSettings;
}

export interface PayoutSettings {
  mode: 'manual' | 'wechat_transfer';
  mchId: string;
  appId: string;
  /** 转账场景ID, e.g. 1005 (佣金报酬). */
  sceneId: string;
  /** 转账备注 the user sees, ≤ 32 characters. */
  remark: string;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

// ---------- `api` actions: params and data ----------

export interface ApiActions {
  'user.login': {
    params: Record<string, never>;
    /** `share`: how share cards are titled (the shop's template), so every card follows the settings. */
    data: { user: UserView; isAdmin: boolean; share: { titleTemplate: string } };
  };
  'user.updateProfile': {
    params: { nickname?: string; avatarUrl?: string };
    data: { user: UserView };
  };
  'referral.bind': {
    /** `code` as typed or from a share path; `scene` as a poster code delivered it (`c=<code>…`,
     * URL-encoded or not). At least one; when both are given, `code` wins. */
    params: { code?: string; scene?: string };
    /** No `referrerOpenid`: the referrer's openid is not the caller's to see. */
    data: { bound: boolean; reason?: BindReason };
  };
  'distributor.apply': {
    params: { realName?: string; phone?: string };
    data: { status: 'active' | 'pending' | 'rejected'; inviteCode?: string };
  };
  'distributor.summary': {
    params: Record<string, never>;
    data: {
      status: DistributorStatus;
      inviteCode: string | null;
      balance: Balance;
      lifetimeFen: number;
      todayFen: number;
      monthFen: number;
      team: { level1: number; level2: number };
      promoted: { orders: number; salesFen: number };
    };
  };
  'distributor.team': {
    params: { level: 1 | 2; cursor?: string };
    data: Page<{
      /** An opaque id for the member (stable for this viewer; never their openid). */
      memberId: string;
      nickname: string;
      avatarUrl: string;
      joinedAt: number;
      isDistributor: boolean;
      contributionFen: number;
      /** The binding(s) linking the member to me hold under the current rules (level 2: both
       * links): I earn on their new orders. False: lapsed (window mode), they pay no one now. */
      inForce: boolean;
    }>;
  };
  'distributor.commissions': {
    params: { status?: CommissionStatus; cursor?: string };
    data: Page<{
      id: string;
      orderId: string;
      level: 1 | 2;
      amountFen: number;
      status: CommissionStatus;
      createdAt: number;
      availableAt: number | null;
      productTitle: string;
      buyerNickname: string;
    }>;
  };
  'distributor.orders': {
    params: { cursor?: string };
    data: Page<{
      orderId: string;
      level: 1 | 2;
      status: OrderStatus;
      totalFen: number;
      commissionFen: number;
      buyerNickname: string;
      createdAt: number;
    }>;
  };
  'distributor.poster': {
    params: { productId?: string };
    /** `path`: the share path carrying the invite code (`pages/…?c=<code>`); `url`: a temporary URL of the PNG. */
    data: { fileID: string; path: string; scene: string; url: string };
  };
  'ranking.list': {
    params: { by: 'commission' | 'team'; period: 'week' | 'month' | 'all' };
    data: {
      /** No openids: `isMe` marks the caller's own row (set by the server). */
      items: Array<{ rank: number; nickname: string; avatarUrl: string; value: number; isMe: boolean }>;
      me: { rank: number | null; value: number };
    };
  };
  'product.list': { params: { cursor?: string }; data: Page<ProductView> };
  'product.get': { params: { id: string }; data: ProductView };
  'order.create': {
    params: { items: Array<{ productId: string; quantity: number }> };
    data: {
      orderId: string;
      outTradeNo: string;
      totalFen: number;
      payment: WxPayment;
    };
  };
  'order.pay': {
    params: { orderId: string };
    data: {
      orderId: string;
      outTradeNo: string;
      totalFen: number;
      payment: WxPayment;
    };
  };
  'order.list': { params: { status?: OrderStatus; cursor?: string }; data: Page<OrderView> };
  'order.get': { params: { orderId: string }; data: OrderView };
  'order.confirmReceipt': { params: { orderId: string }; data: { status: 'received' } };
  'withdrawal.request': {
    /** `requestId` (8–24 of [A-Za-z0-9_-]): the same key again replays the first request. */
    params: { amountFen: number; channel: WithdrawalChannel; account?: string; requestId?: string };
    /** `pending` when new; a replay answers the request's current status. */
    data: { withdrawalId: string; status: WithdrawalStatus; feeFen: number; netFen: number };
  };
  'withdrawal.list': {
    params: { cursor?: string };
    data: Page<{
      withdrawalId: string;
      amountFen: number;
      feeFen: number;
      netFen: number;
      channel: WithdrawalChannel;
      status: WithdrawalStatus;
      createdAt: number;
      reviewedAt: number | null;
      paidAt: number | null;
      note: string;
    }>;
  };
  /** The withdrawal rules (settings.withdrawal), for the withdraw page to show fee and net before submit. */
  /** For `wx.requestMerchantTransfer`, while the withdrawal is `transferring` (asks WeChat Pay for the bill's state first). */
  'withdrawal.transferInfo': {
    params: { withdrawalId: string };
    data: { mchId: string; appId: string; package: string; outBillNo: string };
  };
  'withdrawal.rules': {
    params: Record<string, never>;
    data: { minFen: number; maxFen: number; dailyCount: number; feeBps: number };
  };
  'material.list': {
    params: { cursor?: string };
    data: Page<{ id: string; title: string; text: string; images: string[]; productId: string | null; createdAt: number }>;
  };
}

export type ApiAction = keyof ApiActions;
export type ApiParams<A extends ApiAction> = ApiActions[A]['params'];
export type ApiData<A extends ApiAction> = ApiActions[A]['data'];
