/**
 * The stored documents, one interface per collection. Amounts in fen, rates in bps,
 * times in epoch milliseconds. The `_id` choices carry the idempotency keys.
 */
import type {
  AfterSaleStatus,
  CommissionOverride,
  DeliveryAddress,
  DistributorStatus,
  OrderStatus,
  OrderTimelineEntry,
  Parcel,
  Settings,
} from '../../typings/api';

export { C } from '../db/collections';

/** `_id` = openid. */
export interface UserDoc {
  _id: string;
  openid: string;
  nickname: string;
  avatarUrl: string;
  createdAt: number;
  /** Level-1 referrer (who brought this user); null when unbound. */
  referrerOpenid: string | null;
  /** The referrer's referrer, kept in step so level-2 team lists are one indexed query. */
  referrer2Openid: string | null;
  /** When the binding was made. Whether it is in force is read from this and the CURRENT
   * settings (rules/binding.ts), never from an expiry fixed at bind time. */
  boundAt: number | null;
  /**
   * When someone last bound to or left this user. Written by every bind to this user as referrer
   * (and every move away from them: their own move, which reads their team size, conflicts), so two
   * binds that could close a loop together (A→B and B→A) write a document in common and conflict:
   * reads are not validated in a transaction, the shared write is what excludes the write skew.
   */
  teamChangedAt?: number;
}

/** `_id` = openid. Balances are kept equal to the sum of the ledger events (see reconcile). */
export interface DistributorDoc {
  _id: string;
  openid: string;
  status: DistributorStatus;
  inviteCode: string | null;
  realName: string;
  phone: string;
  nickname: string;
  /** When the record was first made (first application); the admin list pages on it. */
  createdAt: number;
  appliedAt: number;
  activatedAt: number | null;
  frozenFen: number;
  availableFen: number;
  withdrawingFen: number;
  withdrawnFen: number;
  lifetimeFen: number;
  team: { level1: number; level2: number };
  promoted: { orders: number; salesFen: number };
  /** Commission earned (net) by China-time day `YYYYMMDD` and month `YYYYMM`: keyed so that
   * concurrent credits are plain increments with no read. */
  earnByDay: Record<string, number>;
  earnByMonth: Record<string, number>;
  /** team.level1 + team.level2, kept in step with them (the team leaderboard's indexed sort key). */
  teamSize?: number;
  /** Withdrawal requests ever made (names the next withdrawal id) and the China-time day's count,
   * kept here so the limit is checked and counted in the same transaction as the hold. */
  withdrawalSeq?: number;
  withdrawDay?: string;
  withdrawDayCount?: number;
  // ---- 分销等级 (rules/grades.ts, settle/grades.ts) ----
  /** The grade (settings `grades` id); absent or unknown: the entry grade. */
  gradeId?: string;
  /** Who set it: the settle run (`auto`) or an admin (`manual`); the run never moves it down. */
  gradeSource?: 'auto' | 'manual';
  gradeAt?: number;
  /** Settled figures: promoted sales/orders as level 1, counted when an order's commission is
   * unfrozen for good (same transaction); own spend as recomputed by the grades job. */
  settled?: { salesFen?: number; orders?: number; spendFen?: number };
  /** true: the grades job looks at this distributor again; `gradeSeq` grows with every such flag,
   * and the job clears the flag only if it has not grown since it read it. */
  gradeCheck?: boolean;
  gradeSeq?: number;
}

export interface ProductDoc {
  _id: string;
  title: string;
  priceFen: number;
  stock: number;
  status: 'on' | 'off';
  images: string[];
  description: string;
  commission: CommissionOverride;
  sales: number;
  createdAt: number;
  updatedAt: number;
  /** A course, a card: no address, no parcel (absent on products made before it existed: physical). */
  virtual?: boolean;
}

/** How one unit of one line pays one level, fixed onto the order when it is created. */
export type CommissionRule = { mode: 'rate'; bps: number } | { mode: 'fixed'; fen: number };

export interface OrderLine {
  productId: string;
  title: string;
  image: string;
  quantity: number;
  /** What the buyer paid per unit (the commission base; freight excluded). */
  unitFen: number;
  refundedQuantity: number;
  /** Units held by refund requests not yet failed (≥ refundedQuantity): what a new request may not exceed. */
  refundRequestedQuantity?: number;
  /** Units under open after-sales requests (not yet approved, rejected or cancelled). */
  afterSaleQuantity?: number;
  /** Snapshot of the product's `virtual` when ordered. */
  virtual?: boolean;
  /** Per level, the rule in force when the order was placed; null: that level earns nothing. */
  rules: { level1: CommissionRule | null; level2: CommissionRule | null };
}

/** `_id` = outTradeNo. */
export interface OrderDoc {
  _id: string;
  outTradeNo: string;
  buyerOpenid: string;
  buyerNickname: string;
  status: OrderStatus;
  totalFen: number;
  refundedFen: number;
  lines: OrderLine[];
  /** The referrer chain fixed when the order was created; a later rebind never moves it. */
  chain: { level1: string | null; level2: string | null };
  /** The buyer had no paid order when this one was placed (the funnel's "first orders"). */
  firstOrder: boolean;
  /** The commission cap (maxTotalBps) in force when the order was placed: what its rules obey. */
  capBps?: number;
  /** The commission documents the payment wrote (set when paid): receipt, settlement and refunds
   * reach exactly these by id, never a slot whose beneficiary earned nothing. */
  commissionIds?: string[];
  createdAt: number;
  payDeadline: number;
  paidAt: number | null;
  shippedAt: number | null;
  receivedAt: number | null;
  closedAt: number | null;
  transactionId: string | null;
  /** Set with receivedAt: when this order's commission unfreezes (receivedAt + freezeDays). */
  settleAt?: number | null;
  /** false from receipt until settle has unfrozen this order's commission (its exactly-once guard). */
  commissionSettled?: boolean;
  /** Refund requests made so far (names the next outRefundNo) and the fen they hold (failed ones released). */
  refundSeq?: number;
  refundRequestedFen?: number;
  /** The delivery address snapshotted at checkout; null/absent for an all-virtual order (or older orders). */
  address?: DeliveryAddress | null;
  /** How it shipped: parcels (express), or none (handed over / virtual). */
  parcels?: Parcel[];
  noLogistics?: boolean;
  /** Shipping changes after the first 发货 (WeChat accepts one update of a recorded shipment). */
  shipCorrections?: number;
  /** Recording the shipment with WeChat (upload_shipping_info); see server/shipping. */
  wxShipping?: WxShippingState | null;
  /** After-sales requests made so far (names the next `<orderId>-A<n>`) and their summaries. */
  afterSaleSeq?: number;
  afterSales?: Array<{ afterSaleId: string; status: AfterSaleStatus; requestId?: string }>;
  /** What happened to the order beyond its own timestamps (corrections, after-sales, refunds). */
  events?: OrderTimelineEntry[];
  /** Day counters the payment owes `stats_daily`, until folded in (repo/stats-fold.ts). */
  statsPending?: PendingStats;
}

/**
 * The order's shipment as WeChat should know it. `key` is the hash of the parcel list now on the
 * order; `recordedKey` the one WeChat accepted. `pending` until WeChat accepts `key`; the settle run
 * retries from `checkAt` (claimed by a guarded write, so overlapping runs call once per interval).
 */
export interface WxShippingState {
  key: string;
  status: 'pending' | 'recorded';
  recordedKey: string | null;
  attempts: number;
  lastError: string;
  checkAt: number | null;
  recordedAt: number | null;
  /** Shipments WeChat accepted for this order (a first record and at most one update). */
  uploads: number;
  /** The key of a call sent whose answer never came: WeChat may hold it, so ask WeChat before sending again. */
  inFlight: string | null;
}

/** One after-sales request. `_id` = `<orderId>-A<n>`; the order is the guard document of every step. */
export interface AfterSaleDoc {
  _id: string;
  orderId: string;
  buyerOpenid: string;
  buyerNickname: string;
  status: AfterSaleStatus;
  lines: Array<{ lineIndex: number; productId: string; title: string; image: string; quantity: number; unitFen: number }>;
  refundFen: number;
  reason: string;
  note: string;
  images: string[];
  createdAt: number;
  resolvedAt: number | null;
  resolvedBy: string | null;
  rejectReason: string;
  /** The refund record approval wrote (its outRefundNo). */
  refundId: string | null;
  /** Sort key for the admin queue: 0 while open, 1 after (open first). */
  closed: 0 | 1;
}

/**
 * Day counters a money transaction owes `stats_daily`, written on its own record in the same
 * transaction (no extra write, no hot document) and folded in afterwards, once: the fold removes it
 * in the same transaction that adds it to the day's document.
 */
export interface PendingStats {
  /** China-time day (YYYY-MM-DD) of the event: the `stats_daily` document it counts on. */
  day: string;
  incs: Partial<Record<Exclude<keyof DailyStatsDoc, '_id' | 'day'>, number>>;
}

/** One movement of a distributor's money: deltas per bucket (fen), signed. */
export interface LedgerEvent {
  /** `reward`: a campaign's reward, straight to available (on a RewardDoc). */
  type: 'credit' | 'unfreeze' | 'reversal' | 'clawback' | 'hold' | 'release' | 'payout' | 'reward';
  at: number;
  frozenFen?: number;
  availableFen?: number;
  withdrawingFen?: number;
  withdrawnFen?: number;
  /** What caused it: a refund's outRefundNo, a withdrawal id, ... */
  ref?: string;
}

/**
 * One beneficiary's commission on one order line. `_id` = `<orderId>-<lineIndex>-L<level>`: the
 * business event is the idempotency key, so a repeated payment can never write a second one.
 * The ledger lives with the record it moves: `events` is append-only, and the distributor's
 * balances always equal the sums of the events of their commissions and withdrawals.
 */
export interface CommissionDoc {
  _id: string;
  orderId: string;
  lineIndex: number;
  productId: string;
  productTitle: string;
  level: 1 | 2;
  beneficiaryOpenid: string;
  buyerOpenid: string;
  buyerNickname: string;
  rule: CommissionRule;
  perUnitFen: number;
  quantity: number;
  refundedQuantity: number;
  /** Net commission after refunds: perUnitFen × (quantity − refundedQuantity). */
  amountFen: number;
  status: 'frozen' | 'available' | 'reversed';
  createdAt: number;
  /** When it becomes (or became) available: receipt + freezeDays; null until receipt. */
  availableAt: number | null;
  events: LedgerEvent[];
}

/**
 * A withdrawal request. `_id` = `W<seq>-<openid>`, or `W-<requestId>.<openid>` when the client sent
 * a request key (rules/withdrawal.ts). Carries its own ledger events: hold (available →
 * withdrawing), then release (rejected: back to available) or payout (withdrawing → withdrawn).
 */
export interface WithdrawalDoc {
  _id: string;
  openid: string;
  amountFen: number;
  feeFen: number;
  netFen: number;
  channel: 'wechat' | 'alipay' | 'bank';
  /** The payout account for a manual payout (alipay / bank); '' for WeChat change. */
  account: string;
  status: 'pending' | 'approved' | 'transferring' | 'rejected' | 'paid';
  createdAt: number;
  reviewedAt: number | null;
  reviewedBy: string | null;
  paidAt: number | null;
  note: string;
  events: LedgerEvent[];
  /** The 商家转账 bill paying it (wechat_transfer mode); absent for a manual payout. */
  transfer?: TransferRecord;
}

/**
 * The withdrawal's transfer bill. `outBillNo` is written (with `state: 'CREATING'`) in the same
 * guarded change that makes the withdrawal `transferring`, before WeChat Pay is called, so every
 * retry asks about and re-sends that same bill; `attempt` grows only after WeChat Pay said FAIL or
 * CANCELLED. `state` is WeChat's (ACCEPTED, WAIT_USER_CONFIRM, SUCCESS, FAIL, CANCELLED, …).
 */
export interface TransferRecord {
  outBillNo: string;
  attempt: number;
  state: string;
  packageInfo: string;
  transferBillNo: string;
  failReason: string;
  amountFen: number;
  requestedAt: number;
  updatedAt: number;
}

/** One refund request. `_id` = outRefundNo = `<orderId>-R<seq>`; its status guards the notification. */
export interface RefundDoc {
  _id: string;
  orderId: string;
  outTradeNo: string;
  /** Units per order line. */
  lines: Array<{ lineIndex: number; productId: string; quantity: number; unitFen: number }>;
  refundFen: number;
  /** This request refunds every unit left: the order becomes `refunded`. */
  whole: boolean;
  reason: string;
  status: 'pending' | 'success' | 'failed';
  requestedBy: string;
  createdAt: number;
  doneAt: number | null;
  refundId: string | null;
  failReason: string;
  /** While pending: when settle asks WeChat Pay again (same outRefundNo) in case the request was lost. */
  checkAt?: number;
  /** The after-sales request this refund carries out (absent: the admin's own order.refund). */
  afterSaleId?: string;
  /** Day counters the refund owes `stats_daily`, until folded in (repo/stats-fold.ts). */
  statsPending?: PendingStats;
}

/** Per China-time day counters for the dashboard. `_id` = YYYY-MM-DD. Money events reach it through
 * `statsPending` on their records (folded in afterwards); binds, scans and activations directly. */
export interface DailyStatsDoc {
  _id: string;
  day: string;
  salesFen: number;
  orders: number;
  distSalesFen: number;
  distOrders: number;
  commissionFen: number;
  refundFen: number;
  newDistributors: number;
  newBindings: number;
  scans: number;
  firstOrders: number;
}

/** One open of a shared card or scan of a poster code (the funnel's first step). */
export interface ScanDoc {
  _id: string;
  code: string;
  scene: string;
  openid: string;
  at: number;
  /** `bound`, or the refusal reason of referral.bind. */
  result: string;
}

/** `_id` = `<openid>-<hash of page and scene>`: one stored poster per distributor, page and scene. */
export interface PosterDoc {
  _id: string;
  openid: string;
  fileID: string;
  cloudPath: string;
  page: string;
  scene: string;
  createdAt: number;
}

export interface SettingsDoc extends Settings {
  _id: 'global';
  updatedAt: number;
}

/** A marketing material (推广素材) the shop gives distributors to save and share. */
export interface MaterialDoc {
  _id: string;
  title: string;
  text: string;
  images: string[];
  productId: string | null;
  status: 'on' | 'off';
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

/** One admin call: who, what, with which params, what came of it, and the records it changed. */
export interface AuditDoc {
  _id: string;
  actor: string;
  action: string;
  /** JSON of the params (bounded); strings, so no stored key can be an operator. */
  params: string;
  ok: boolean;
  code: string | null;
  message: string | null;
  /** JSON of the answer's data (bounded). */
  result: string | null;
  changes: Array<{ target: string; before: string | null; after: string | null }>;
  createdAt: number;
}

/**
 * One distributor's value on one period leaderboard. `_id` = `<key>:<openid>`, `key` =
 * `<by>:<period>` (`commission:w20261123`, `team:m202611`); set (never incremented) by the settle
 * job from the records, so a repeated or overlapping run writes the same value.
 */
export interface RankingStatDoc {
  _id: string;
  key: string;
  openid: string;
  value: number;
  updatedAt: number;
}

/** Where a periodic job got to (its watermarks, one per feed). */
export interface JobStateDoc {
  _id: string;
  feeds: Record<string, { at: number; id: string; complete: boolean }>;
  updatedAt: number;
}

// ---- campaigns & rewards (奖励活动; rules in server/rules/campaign.ts) ----

/** A time-boxed reward campaign. `_id` = `cp<time36><random>`. */
export interface CampaignDoc {
  _id: string;
  title: string;
  kind: 'target' | 'top';
  metric: 'salesFen' | 'commissionFen';
  startAt: number;
  endAt: number;
  /** target: the value to reach and the reward for reaching it; null for top. */
  targetFen: number | null;
  rewardFen: number | null;
  /** top: the prize per rank (1st first, non-increasing); null for target. */
  prizes: number[] | null;
  /** Fixed when made: results are taken at settleAt = endAt + settleDays days. */
  settleDays: number;
  settleAt: number;
  createdAt: number;
  updatedAt: number;
  /**
   * The settle job's progress: distributors are walked by `_id` after `cursor`; `leaders` (top only)
   * are those within the prize ranks so far; `done` once every distributor has been looked at.
   * Moved only by a guarded write that checks the cursor it started from (one page, once).
   */
  tally: { cursor: string; done: boolean; leaders: Array<{ openid: string; valueFen: number }> };
  /** top: the winners, fixed when the tally is done (what reconcile checks rewards against). */
  results: Array<{ openid: string; valueFen: number; rank: number; amountFen: number }> | null;
  /** Set once every winner is credited: winners and what they were paid in total. */
  settledAt: number | null;
  winners: number;
  costFen: number;
}

/**
 * One distributor's reward from one campaign. `_id` = `<campaignId>:<openid>`: created once, in the
 * same transaction as the balance increment (available and lifetime), carrying its `reward` event.
 */
export interface RewardDoc {
  _id: string;
  campaignId: string;
  campaignTitle: string;
  openid: string;
  amountFen: number;
  /** The value the reward was earned with, and the rank (top campaigns). */
  valueFen: number;
  rank: number | null;
  createdAt: number;
  events: LedgerEvent[];
}

/**
 * One open of a shared card or poster code by someone other than the sharer (share.visit).
 * `_id` = `<YYYYMMDD>:<sharer>:<visitor>:<productId|shop>`: one per visitor, sharer, product and
 * China-time day, so a repeated open is a duplicate key, not a second record.
 */
export interface VisitDoc {
  _id: string;
  day: string;
  sharer: string;
  visitor: string;
  /** null: the shop's home page (a shop card or poster). */
  productId: string | null;
  /** How it was opened: `card` (share card) or `poster` (mini program code), or what the client said. */
  scene: string;
  /** The visitor's user record was made today (China time): a new face, else returning. */
  newVisitor: boolean;
  at: number;
}

/** The funnel counts of one distributor (last INSIGHT_WINDOW_DAYS days). */
export interface FunnelCounts {
  shares?: number;
  visits: number;
  binds: number;
  orders: number;
  salesFen: number;
}

/**
 * A distributor's promotion insights (推广建议), `_id` = their openid, set whole by the settle job
 * `insights` from their records (a repeated or overlapping run writes the same document).
 */
export interface InsightDoc {
  _id: string;
  openid: string;
  suggestions: Array<{ productId: string; title: string; reason: string; score: number }>;
  /** Hours of day (China time, 0–23) when their visits turned into orders, best first. */
  bestHours: number[];
  funnel: FunnelCounts;
  /** Per product: visits, orders and sales in the window (the funnel per product). */
  products: Array<{ productId: string; title: string; visits: number; orders: number; salesFen: number }>;
  /** Fen refunded of `funnel.salesFen` (the scorecard's refund rate). */
  refundFen: number;
  newVisitors: number;
  computedAt: number;
}
