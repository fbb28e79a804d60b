/**
 * The stored documents, one interface per collection. Amounts in fen, rates in bps,
 * times in epoch milliseconds. The `_id` choices carry the idempotency keys.
 */
import type { CommissionOverride, DistributorStatus, OrderStatus, Settings } from '../../typings/api';

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
}

/** One movement of a distributor's money: deltas per bucket (fen), signed. */
export interface LedgerEvent {
  type: 'credit' | 'unfreeze' | 'reversal' | 'clawback' | 'hold' | 'release' | 'payout';
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
}

/** Per China-time day counters for the dashboard, written on the money path. `_id` = YYYY-MM-DD. */
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
