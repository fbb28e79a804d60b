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
  /** A virtual product (course, card): its orders need no delivery address. */
  virtual: boolean;
}

export interface OrderLineView {
  productId: string;
  title: string;
  image: string;
  quantity: number;
  unitFen: number;
  refundedQuantity: number;
  /** A virtual product (course, card): needs no address and no parcel. */
  virtual: boolean;
  /** Units under open after-sales requests. */
  afterSaleQuantity: number;
  /** Units a new after-sales request may still ask for: quantity − refunded or requested − open requests. */
  requestableQuantity: number;
}

/** A delivery address as `wx.chooseAddress` gives it (userName → name, telNumber → phone,
 * provinceName/cityName/countyName → province/city/district, detailInfo → detail). */
export interface DeliveryAddress {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
}

/** One parcel: `expressCompany` is WeChat's delivery id (see `express.list`), e.g. `SF`, `ZTO`. */
export interface Parcel {
  expressCompany: string;
  trackingNo: string;
}

/** A parcel as the pages show it: plus the company's Chinese name. */
export interface ParcelView extends Parcel {
  expressName: string;
}

export type AfterSaleStatus = 'open' | 'approved' | 'rejected' | 'cancelled';

/** One step of an order's history, oldest first; the page words it (amounts via the shared formatter). */
export interface OrderTimelineEntry {
  kind:
    | 'created'
    | 'paid'
    | 'shipped'
    | 'shippingCorrected'
    | 'received'
    | 'afterSaleRequested'
    | 'afterSaleApproved'
    | 'afterSaleRejected'
    | 'afterSaleCancelled'
    | 'refunded'
    | 'closed';
  at: number;
  /** For the after-sales steps. */
  afterSaleId?: string;
  /** For afterSaleRequested / afterSaleApproved: the amount asked for. */
  refundFen?: number;
}

/** What `wx.openBusinessView({ businessType: 'weappOrderConfirm', extraData })` takes for this order. */
export interface WxOrderConfirmExtraData {
  transaction_id?: string;
  merchant_id?: string;
  merchant_trade_no?: string;
}

/** An after-sales request as its buyer sees it. */
export interface AfterSaleView {
  afterSaleId: string;
  orderId: string;
  status: AfterSaleStatus;
  lines: Array<{ productId: string; title: string; image: string; quantity: number; unitFen: number }>;
  /** units × the order line's unit price. */
  refundFen: number;
  reason: string;
  note: string;
  /** Cloud file ids (≤ 3). */
  images: string[];
  createdAt: number;
  resolvedAt: number | null;
  /** Why the shop rejected it ('' otherwise). */
  rejectReason: string;
  /** After approval: the refund's progress ('pending' until WeChat Pay reports it). */
  refundStatus: 'pending' | 'success' | 'failed' | null;
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
  /** Every line is virtual: no address, no parcel. */
  virtual: boolean;
  /** The address snapshotted when the order was placed; null for a virtual order. */
  address: DeliveryAddress | null;
  /** Empty until shipped; empty too when shipped without logistics (`noLogistics`). */
  parcels: ParcelView[];
  /** Handed over in person / no express (同城配送、自提 etc.). */
  noLogistics: boolean;
  afterSales: Array<{ afterSaleId: string; status: AfterSaleStatus }>;
  timeline: OrderTimelineEntry[];
  /** Whether a new after-sales request is accepted now, and until when (null: no deadline yet, i.e. not received). */
  canRequestAfterSale: boolean;
  afterSaleDeadline: number | null;
  /** For WeChat's confirm-receipt component; null while the shipment is not recorded with WeChat
   * (then use `order.confirmReceipt`). */
  wxConfirm: WxOrderConfirmExtraData | null;
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
  /** Days after receipt an after-sales request is accepted (also any time while paid/shipped). 0–60, default 7. */
  afterSalesDays: number;
  /** How approved withdrawals are paid: by hand, or by a 商家转账 bill the user confirms (ids only; keys come from the environment). */
  payout: PayoutSettings;
  /** 分销等级 (≤ 5): the first is the entry grade, whose rates are always `rates` (kept in step). */
  grades: Grade[];
}

// ---------- grades (分销等级) ----------

/** What a grade's upgrade looks at: the distributor's own SETTLED figures only (never recruits). */
export type GradeMetric = 'salesFen' | 'orders' | 'spendFen';

/** `any`: one condition met is enough; `all`: every condition given. No condition: never automatic. */
export interface GradeUpgrade {
  match: 'any' | 'all';
  /** Settled promoted sales (fen) as the level-1 referrer, net of refunds. */
  salesFen?: number;
  /** Settled promoted orders as the level-1 referrer (fully refunded ones not counted). */
  orders?: number;
  /** Own settled spend as a buyer (fen), net of refunds. */
  spendFen?: number;
}

export interface Grade {
  id: string;
  name: string;
  /** The badge colour (#rrggbb); absent: the brand colour. */
  color?: string;
  /** The level-1 rate of a distributor at this grade (when they are the buyer's referrer). */
  level1Bps: number;
  /** The level-2 rate of a distributor at this grade (when they are the referrer's referrer). */
  level2Bps: number;
  upgrade: GradeUpgrade;
}

/** A distributor's settled figures the grades look at. */
export type GradeFigures = Record<GradeMetric, number>;

/** How far a distributor is from the next grade: `ratio` 0..1 (with `all`, the least advanced
 * condition; with `any`, the most advanced) and each condition with what is left. */
export interface GradeProgress {
  ratio: number;
  match: 'any' | 'all';
  conditions: Array<{ metric: GradeMetric; current: number; target: number; remaining: number }>;
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
      /**
       * The next frozen commission to become available: when (the earliest `availableAt` still
       * ahead) and how much unfreezes that China-time day; null when nothing frozen has a date yet
       * (frozen commissions get one when the buyer confirms receipt).
       */
      nextUnfreeze: { atMs: number; amountFen: number } | null;
      /** The distributor's grade (分销等级) and the next one with the progress towards it (null at the top). */
      grade: { id: string; name: string; color: string | null };
      nextGrade: { id: string; name: string; color: string | null; progress: GradeProgress } | null;
    };
  };
  /**
   * Who invited the caller, for the join page: the server's binding (`bound: true`); unbound, the
   * active distributor owning `code` (the code the phone captured), or null.
   */
  'referral.inviter': {
    params: { code?: string };
    data: { inviter: { nickname: string; avatarUrl: string; inviteCode: string | null } | null; bound: boolean };
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
      /** What I earned (net) on this member's own purchases. */
      contributionFen: number;
      /** The binding(s) linking the member to me hold under the current rules (level 2: both
       * links): I earn on their new orders. False: lapsed (window mode), they pay no one now. */
      inForce: boolean;
      /** Level-1 members only: what I earned (level 2, net) on purchases of the people they brought. */
      teamContributionFen: number;
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
      /** An open after-sales request covers this line: its commission stays frozen (show 售后中). */
      afterSale: boolean;
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
      /** The order has an open after-sales request (show 售后中). */
      afterSale: boolean;
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
    /** `address` is required when any product is physical (not `virtual`); ignored (not stored) for an all-virtual order. */
    params: { items: Array<{ productId: string; quantity: number }>; address?: DeliveryAddress };
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
  /** 奖励活动: running and recent campaigns, each with the caller's own progress and reward (no one else's). */
  'campaign.list': { params: Record<string, never>; data: { items: CampaignView[] } };
  'withdrawal.rules': {
    params: Record<string, never>;
    data: { minFen: number; maxFen: number; dailyCount: number; feeBps: number };
  };
  'material.list': {
    params: { cursor?: string };
    data: Page<{ id: string; title: string; text: string; images: string[]; productId: string | null; createdAt: number }>;
  };
  /**
   * Asks for a refund of some units of a paid, shipped or received order (received: within
   * `afterSalesDays` of receipt). `reason` 1–30 chars (the page offers a list), `note` ≤ 200,
   * `images` ≤ 3 cloud file ids uploaded under `aftersales/`. Units: at most `requestableQuantity` per line.
   */
  'afterSale.request': {
    params: {
      orderId: string;
      lines: Array<{ productId: string; quantity: number }>;
      reason: string;
      note?: string;
      images?: string[];
      /** Optional idempotency key (8–24 of [A-Za-z0-9_-]): the same key again replays the first request. */
      requestId?: string;
    };
    /** `open` when new; a replay answers the request's current status. */
    data: { afterSaleId: string; status: AfterSaleStatus; refundFen: number };
  };
  /** Only while open; a request already approved or rejected is CONFLICT. */
  'afterSale.cancel': { params: { afterSaleId: string }; data: { afterSaleId: string; status: 'cancelled' } };
  /** The caller's own requests, newest first. */
  'afterSale.list': { params: { cursor?: string }; data: Page<AfterSaleView> };

  // ---- share visits and promotion insights (issue 14; API.md "Grades, campaigns, share visits, insights") ----
  /** A shared card or poster code was opened; the opener is the caller. `recorded: false`: a repeat
   * today, the sharer's own open, or a code that names no one. */
  'share.visit': { params: { code: string; productId?: string; scene?: string }; data: { recorded: boolean } };
  /** The caller's promotion insights (推广建议), as of the last settle run (or computed now). */
  'insight.get': { params: Record<string, never>; data: InsightView };
}

export interface InsightView {
  /** Products to share now, best first; `reason` is one line in Chinese, `score` 0–100. */
  suggestions: Array<{ productId: string; title: string; reason: string; score: number }>;
  /** Hours of day (China time, 0–23) when their shares turned into orders, best first. */
  bestHours: number[];
  /** The last 30 days: 分享 → 浏览 → 绑定 → 下单 → 成交金额. */
  funnel: { shares?: number; visits: number; binds: number; orders: number; salesFen: number };
  /** When the numbers were computed (ms). */
  computedAt: number;
}

export type ApiAction = keyof ApiActions;
export type ApiParams<A extends ApiAction> = ApiActions[A]['params'];
export type ApiData<A extends ApiAction> = ApiActions[A]['data'];

/** One campaign as a distributor sees it (amounts in fen). */
export interface CampaignView {
  id: string;
  title: string;
  kind: 'target' | 'top';
  metric: 'salesFen' | 'commissionFen';
  startAt: number;
  endAt: number;
  status: 'upcoming' | 'running' | 'settling' | 'settled';
  /** Rewards are credited within this many days after the end (the refund window). */
  settleDays: number;
  targetFen?: number;
  rewardFen?: number;
  prizes?: number[];
  /**
   * The caller's value: `valueFen` counts frozen commission too (live), `settledFen` only what has
   * unfrozen (what the results are taken from); `remainingFen` to the target (from valueFen); `rank`
   * (top) once the results are taken, the caller's own only.
   */
  progress: { valueFen: number; settledFen: number; remainingFen?: number; rank?: number };
  /** `credited`: on the available balance; `expected`: target reached, paid after the refund window. */
  reward: { amountFen: number; status: 'credited' | 'expected' } | null;
}
