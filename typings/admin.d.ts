/**
 * The `admin` function's contract (../shared/spec/API.md, admin actions), in the same style as
 * `ApiActions`: params and data per action. Shapes shared with `api` come from api.d.ts.
 */
import type {
  AfterSaleStatus,
  AfterSaleView,
  Balance,
  Parcel,
  CommissionOverride,
  DeepPartial,
  DistributorStatus,
  OrderStatus,
  OrderView,
  Page,
  ProductView,
  Settings,
} from './api';

/** A person as admin views name them (the openid stays for actions and the detail view). */
export interface PersonRef {
  nickname: string;
  avatarUrl: string;
}

/** One match of the admin's people search (the picker for an upline or a new admin). */
export interface PersonMatch extends PersonRef {
  openid: string;
  inviteCode: string | null;
  phone: string;
  realName: string;
  distributorStatus: DistributorStatus | null;
}

/** A distributor as the admin list shows it. */
export interface AdminDistributorView {
  openid: string;
  nickname: string;
  avatarUrl: string;
  status: DistributorStatus;
  inviteCode: string | null;
  realName: string;
  phone: string;
  referrerOpenid: string | null;
  createdAt: number;
  appliedAt: number;
  activatedAt: number | null;
  team: { level1: number; level2: number };
  promoted: { orders: number; salesFen: number };
  balance: Balance;
  lifetimeFen: number;
  /** 分销等级: the grade id (null: the entry grade) and whether an admin set it. */
  gradeId?: string | null;
  gradeManual?: boolean;
}

/** The settings page's compliance self-check: each hard rule and whether it holds, plus warnings. */
export interface ComplianceReport {
  ok: boolean;
  checks: Array<{ id: string; title: string; ok: boolean; detail: string }>;
  warnings: string[];
}

/** A withdrawal as the admin review queue shows it (the payout account for a manual payout). */
export interface AdminWithdrawalView {
  withdrawalId: string;
  openid: string;
  amountFen: number;
  feeFen: number;
  netFen: number;
  channel: 'wechat' | 'alipay' | 'bank';
  account: string;
  status: 'pending' | 'approved' | 'transferring' | 'rejected' | 'paid';
  createdAt: number;
  reviewedAt: number | null;
  reviewedBy: string | null;
  paidAt: number | null;
  note: string;
  /** Who asked for it (nickname and avatar), so the queue shows a person. */
  person: PersonRef;
  /** The WeChat transfer bill, when one was made: its state as last heard (WAIT_USER_CONFIRM, SUCCESS, FAIL, …). */
  transfer: { outBillNo: string; state: string; failReason: string } | null;
}

/** One thing `reconcile` found wrong: who or what (an openid, a commission, withdrawal or order id). */
export interface ReconcileMismatch {
  /** `refund` / `payment` / `transfer`: the records disagree with WeChat Pay's own side (expected = WeChat's). */
  kind: 'balance' | 'status' | 'commission' | 'withdrawal' | 'cap' | 'order' | 'afterSale' | 'refund' | 'payment' | 'transfer' | 'reward';
  who: string;
  what: string;
  expected: number;
  actual: number;
}

/** One China-time day's counters on the dashboard (amounts in fen; share in bps of sales). */
export interface DashboardCounters {
  salesFen: number;
  orders: number;
  distSalesFen: number;
  distOrders: number;
  /** distSalesFen / salesFen in basis points, floored (0 without sales). */
  distShareBps: number;
  commissionFen: number;
  refundFen: number;
  newDistributors: number;
  newBindings: number;
  scans: number;
  firstOrders: number;
}

/** After-sales requests by status right now (not per day). */
export interface AfterSalesCounts {
  open: number;
  approved: number;
  rejected: number;
  cancelled: number;
  /** approved + rejected. */
  resolved: number;
}

/** One entry of the audit log: an admin call (with the records it changed) or a money record's ledger. */
export type AuditEntry =
  | {
      kind: 'admin';
      id: string;
      at: number;
      actor: string;
      action: string;
      /** JSON strings, bounded. */
      params: string;
      ok: boolean;
      code: string | null;
      message: string | null;
      result: string | null;
      changes: Array<{ target: string; before: string | null; after: string | null }>;
      createdAt: number;
      /** The admin who called, by name. */
      person: PersonRef;
    }
  | {
      kind: 'money';
      source: 'commission' | 'withdrawal' | 'reward';
      id: string;
      at: number;
      openid: string;
      amountFen: number;
      status: string;
      /** The order (commission), the channel (withdrawal) or the campaign's title (reward). */
      ref: string;
      events: Array<{ type: string; at: number; frozenFen?: number; availableFen?: number; withdrawingFen?: number; withdrawnFen?: number; ref?: string }>;
      /** Whose money it is, by name. */
      person: PersonRef;
    };

/** A user in the admin's team tree. */
/**
 * What changing the binding rules does to existing bindings (in force: rules/binding.ts, read from
 * when each was made and the CURRENT rules). `lapse`: in force now, not after; `revive`: the reverse.
 */
export interface BindingImpact {
  before: Settings['binding'];
  after: Settings['binding'];
  /** false: the change alters nothing about who earns (e.g. the window days outside window mode). */
  changed: boolean;
  /** Users bound to a referrer (in force or not). */
  bound: number;
  inForceBefore: number;
  inForceAfter: number;
  lapse: number;
  revive: number;
  /** The impact in words for the admin's confirm dialog (Chinese, several lines). */
  summary: string;
}

export interface TreeNode {
  openid: string;
  nickname: string;
  avatarUrl: string;
  joinedAt: number | null;
  distributorStatus: DistributorStatus | null;
  team: { level1: number; level2: number } | null;
  lifetimeFen: number;
  /** Whether the binding link(s) between this node and the tree's user hold under the current rules
   * (the user node: its own binding; level 2 up or down: both links). False: lapsed, pays no one. */
  inForce: boolean;
}

/** A product as the admin edits it: the shop view plus its commission override and times. */
export interface AdminProductView extends ProductView {
  commission: CommissionOverride;
  createdAt: number;
  updatedAt: number;
}

/** Where recording the shipment with WeChat (upload_shipping_info) stands for one order. */
export interface ShippingRecordView {
  /** `none`: not shipped yet or not a WeChat Pay order; `pending`: not yet accepted by WeChat
   * (the settle run retries); `recorded`: WeChat has it. */
  status: 'none' | 'pending' | 'recorded';
  attempts: number;
  /** WeChat's last refusal or the lost call, in words ('' when none). */
  lastError: string;
  recordedAt: number | null;
}

/** An order as the shop owner sees it: the buyer's view plus who bought and who was credited. */
export interface AdminOrderView extends OrderView {
  buyerOpenid: string;
  buyerNickname: string;
  chain: { level1: string | null; level2: string | null };
  shippingRecord: ShippingRecordView;
  /** The shipping may still be corrected (once, after the first 发货). */
  canCorrectShipping: boolean;
}

/** An after-sales request as the admin queue shows it. */
export interface AdminAfterSaleView extends AfterSaleView {
  buyerOpenid: string;
  buyerNickname: string;
  orderStatus: OrderStatus;
  /** The refund record approval created (its outRefundNo), null before. */
  refundId: string | null;
  resolvedBy: string | null;
}

/** One express company WeChat knows (delivery_id of 获取运力id列表). */
export interface ExpressCompany {
  code: string;
  name: string;
}

export interface AdminActions {
  'product.upsert': {
    params: {
      id?: string;
      title: string;
      priceFen: number;
      stock: number;
      status: 'on' | 'off';
      images?: string[];
      description?: string;
      commission?: CommissionOverride;
      /** Default false. A virtual product's orders need no address and ship without parcels. */
      virtual?: boolean;
    };
    data: { id: string };
  };
  'product.list': { params: { status?: 'on' | 'off'; cursor?: string }; data: Page<AdminProductView> };
  /** `q`: an invite code, a nickname prefix or an openid prefix (one page of matches, no cursor). */
  'distributor.list': {
    params: { status?: DistributorStatus; q?: string; cursor?: string };
    data: Page<AdminDistributorView>;
  };
  'distributor.review': {
    params: { openid: string; approve: boolean };
    data: { openid: string; status: DistributorStatus; inviteCode: string | null };
  };
  'distributor.setStatus': {
    params: { openid: string; status: 'active' | 'disabled' };
    data: { openid: string; status: 'active' | 'disabled'; inviteCode: string | null };
  };
  'distributor.setGrade': {
    params: { openid: string; gradeId: string };
    data: { openid: string; grade: { id: string; name: string } };
  };
  'distributor.changeReferrer': {
    params: { openid: string; referrerOpenid: string | null };
    data: { openid: string; referrerOpenid: string | null; referrer2Openid: string | null };
  };
  /** `payoutSecrets`: whether each WeChat Pay key is set in the functions' environment (never the values). */
  'settings.get': { params: Record<string, never>; data: { settings: Settings; compliance: ComplianceReport; payoutSecrets: PayoutSecretsSet } };
  /** The params are the patch itself (`{ action: 'settings.update', rates: { level1Bps: 800 } }`). */
  'settings.update': { params: DeepPartial<Settings>; data: { settings: Settings; compliance: ComplianceReport } };
  'admin.add': { params: { openid: string }; data: { openid: string; added: boolean } };
  // money lifecycle: shipping, refunds, withdrawals, reconciliation
  /** `unrecorded: true`: only shipped orders whose shipment WeChat has not yet accepted. */
  'order.list': {
    params: { status?: OrderStatus; unrecorded?: boolean; cursor?: string };
    data: Page<AdminOrderView> & { unrecordedCount: number };
  };
  /**
   * Ships a paid order: `parcels` (1–10, company from `express.list`, tracking number 6–32 of
   * [A-Za-z0-9-]) or `noLogistics: true`; a virtual order may pass neither. On a shipped order it
   * corrects the shipping, once (`corrected: true`); a second correction is CONFLICT.
   */
  'order.ship': {
    params: { orderId: string; parcels?: Parcel[]; noLogistics?: boolean };
    data: { orderId: string; status: 'shipped'; shippedAt: number; corrected: boolean; shippingRecord: ShippingRecordView };
  };
  /** The fixed list of express companies (WeChat delivery ids) the ship form offers. */
  'express.list': { params: Record<string, never>; data: { items: ExpressCompany[] } };
  /** Open requests first (oldest first among them), then the rest newest first; `openCount` for the tab badge. */
  'afterSale.list': {
    params: { status?: AfterSaleStatus; cursor?: string };
    data: Page<AdminAfterSaleView> & { openCount: number };
  };
  /** Starts the refund (WeChat Pay); commission is reversed or clawed back when WeChat reports it. */
  'afterSale.approve': {
    params: { afterSaleId: string };
    data: { afterSaleId: string; status: 'approved'; refundId: string; refundFen: number };
  };
  'afterSale.reject': {
    params: { afterSaleId: string; reason: string };
    data: { afterSaleId: string; status: 'rejected' };
  };
  /** No `lines`: every unit not yet refunded. Commission and stock move when WeChat reports the refund. */
  'order.refund': {
    params: { orderId: string; lines?: Array<{ productId: string; quantity: number }>; reason?: string };
    data: { refundId: string; status: 'pending'; refundFen: number; whole: boolean };
  };
  'withdrawal.list': {
    params: { status?: 'pending' | 'approved' | 'transferring' | 'rejected' | 'paid'; cursor?: string };
    data: Page<AdminWithdrawalView>;
  };
  'withdrawal.review': {
    params: { withdrawalId: string; approve: boolean; note?: string };
    data: { withdrawalId: string; status: 'approved' | 'rejected' | 'transferring' };
  };
  'withdrawal.markPaid': { params: { withdrawalId: string }; data: { withdrawalId: string; status: 'paid'; paidAt: number } };
  reconcile: {
    /** `days`: how far back refunds and orders are compared with WeChat Pay (default 7, at most 90). */
    params: { days?: number };
    data: {
      ok: boolean;
      mismatches: ReconcileMismatch[];
      /** More mismatches than the report keeps (the first 200 are listed). */
      truncated: boolean;
      checked: {
        distributors: number;
        commissions: number;
        withdrawals: number;
        orders: number;
        frozenFen: number;
        availableFen: number;
        withdrawingFen: number;
        withdrawnFen: number;
        /** Compared with WeChat Pay: refund records, orders, those WeChat could not answer for, got through. */
        wechat: { refunds: number; orders: number; unanswered: number; complete: boolean };
        /** 商家转账 bills compared with the withdrawals; `waiting`: bills waiting for the user's confirmation. */
        transfers: TransferCheck;
      };
    };
  };
  // admin and analytics
  /** The last `days` China-time days (today included), oldest first, every day present. */
  dashboard: {
    params: { days: number };
    data: {
      days: number;
      from: string;
      to: string;
      totals: DashboardCounters;
      series: Array<DashboardCounters & { day: string }>;
      funnel: { scans: number; bindings: number; firstOrders: number; bindRateBps: number; orderRateBps: number };
      afterSales: AfterSalesCounts;
      /** 分销等级: active distributors per grade, in the grades' order. */
      grades: Array<{ id: string; name: string; color: string | null; count: number }>;
      /** 奖励活动: rewards paid in the period and the newest campaigns' results. */
      campaigns: DashboardCampaigns;
      topDistributors: Array<{
        rank: number;
        openid: string;
        nickname: string;
        avatarUrl: string;
        status: DistributorStatus;
        lifetimeFen: number;
        team: { level1: number; level2: number };
        promoted: { orders: number; salesFen: number };
      }>;
      // ---- share funnel and scorecard (issue 14, insights) ----
      /** Visits of shared cards/posters → new bindings → promoted orders → their sales, over the days. */
      shareFunnel: { visits: number; binds: number; orders: number; salesFen: number };
      /** Top distributors by sales in the last 30 days (as of the settle run's insights). */
      scorecard: Array<{
        rank: number;
        openid: string;
        nickname: string;
        visits: number;
        orders: number;
        salesFen: number;
        /** orders / visits, in bps (0 when no visits). */
        conversionBps: number;
        /** refunded fen / sales fen, in bps. */
        refundBps: number;
      }>;
    };
  };
  /** Recomputes the dashboard's day counters of the last `days` days from the records. */
  'stats.rebuild': { params: { days: number }; data: { from: string; to: string; days: number; recordsRead: number } };
  'material.upsert': {
    params: { id?: string; title: string; text: string; images: string[]; productId?: string | null; status: 'on' | 'off' };
    /** `warnings`: the copy promises a reward for sharing (saved anyway). */
    data: { id: string; created: boolean; warnings: string[] };
  };
  'material.list': {
    params: { status?: 'on' | 'off'; cursor?: string };
    data: Page<{ id: string; title: string; text: string; images: string[]; productId: string | null; status: 'on' | 'off'; createdAt: number; updatedAt: number }>;
  };
  /** A CSV file (UTF-8 with BOM) in cloud storage under `exports/`. */
  export: {
    params: { kind: 'distributors' | 'commissions' | 'withdrawals' | 'orders' };
    data: { fileID: string; url: string; rows: number; truncated: boolean };
  };
  /**
   * `kind` admin (default): admin calls, by `actor` and/or action `name`; money: ledgers, by whose
   * money (`actor`). Without `name`, successful look-ups (查看…) are left out unless `reads: true`,
   * so changes are not buried; refused calls are always listed.
   */
  'audit.list': {
    params: { kind?: 'admin' | 'money'; actor?: string; name?: string; reads?: boolean; cursor?: string };
    data: Page<AuditEntry>;
  };
  'admin.list': {
    params: Record<string, never>;
    data: {
      items: Array<{
        openid: string;
        source: 'env' | 'added';
        addedBy: string | null;
        addedAt: number | null;
        person: PersonRef;
        addedByPerson: PersonRef | null;
      }>;
    };
  };
  /**
   * The admin's people search (nickname prefix, invite code, phone, openid prefix); without `q`,
   * the newest distributors. One bounded page, for pickers (an upline, a new admin).
   */
  'user.search': {
    params: { q?: string; distributorsOnly?: boolean };
    data: { items: PersonMatch[] };
  };
  /** Without `level`, both downline levels' first pages; with it (and its `cursor`), that level's page. */
  /** What new binding rules would do to the bindings that exist now; saves nothing. */
  'settings.bindingImpact': { params: Partial<Settings['binding']>; data: BindingImpact };
  'distributor.tree': {
    params: { openid: string; level?: 1 | 2; cursor?: string };
    data: {
      user: TreeNode;
      upline: Array<TreeNode & { level: number }>;
      counts: { level1: number; level2: number };
      level1: Page<TreeNode> | null;
      level2: Page<TreeNode> | null;
    };
  };
  /** The one-time setup of a new environment: creates the collections that do not exist yet (safe to repeat). */
  'setup.collections': {
    params: Record<string, never>;
    data: { created: string[]; existed: string[]; failed: Array<{ name: string; message: string }> };
  };
  // ---- campaigns & rewards (奖励活动) ----
  /** Creates (no id) or edits a campaign. Once started only the title may change; once settled nothing. */
  'campaign.upsert': { params: CampaignRulesParams & { id?: string }; data: { id: string } };
  /** Every campaign, newest end first, with its status and (once settled) winners and cost. */
  'campaign.list': { params: Record<string, never>; data: { items: AdminCampaign[] } };
}

export interface CampaignRulesParams {
  title: string;
  startAt: number;
  endAt: number;
  kind: 'target' | 'top';
  /** Sales or commission, never recruits (拉人头). */
  metric: 'salesFen' | 'commissionFen';
  targetFen?: number;
  rewardFen?: number;
  /** top: prize per rank, 1st first, non-increasing. */
  prizes?: number[];
}

/** Campaign cost in the period (rewards of campaigns settled in it), commission + cost, recent results. */
export interface DashboardCampaigns {
  costFen: number;
  spendFen: number;
  items: Array<{ id: string; title: string; status: AdminCampaign['status']; winners: number; costFen: number }>;
}

export interface AdminCampaign extends CampaignRulesParams {
  id: string;
  status: 'upcoming' | 'running' | 'settling' | 'settled';
  /** Rewards are credited settleDays after the end (the refund window), at settleAt. */
  settleDays: number;
  settleAt: number;
  settledAt: number | null;
  winners: number;
  costFen: number;
  /** What the form may still change: all (upcoming), title (started), nothing (settled). */
  editable: 'all' | 'title' | 'none';
}

export type AdminAction = keyof AdminActions;
export type AdminParams<A extends AdminAction> = AdminActions[A]['params'];
export type AdminData<A extends AdminAction> = AdminActions[A]['data'];

/** Which of the WeChat Pay secrets the functions' environment holds (README, Payouts). */
export interface PayoutSecretsSet {
  privateKey: boolean;
  serialNo: boolean;
  apiV3Key: boolean;
  publicKey: boolean;
  publicKeyId: boolean;
}

export interface TransferCheck {
  bills: number;
  unanswered: number;
  complete: boolean;
  waiting: Array<{ withdrawalId: string; outBillNo: string; amountFen: number; since: number }>;
}
