/**
 * Every database index, in one list: the local database creates them as SQLite expression indexes,
 * and the same list is what to create in the cloud console (collection → 索引管理). A query that a
 * list page or a ranking runs should be served by one of these (field order: equality fields first,
 * then the sort field).
 */
export interface IndexSpec {
  collection: string;
  /** Unique within the collection; the local index is named `ix_<collection>_<name>`. */
  name: string;
  fields: Array<[string, 'asc' | 'desc']>;
  unique?: boolean;
}

// Paged lists sort by (createdAt desc, _id desc) (server/repo/paging.ts): their indexes end in
// `_id` so ties in the same millisecond are ordered by the index too, with no sort step.
export const INDEXES: IndexSpec[] = [
  // users: level-1 and level-2 team lists, newest first.
  { collection: 'users', name: 'referrer_created', fields: [['referrerOpenid', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'users', name: 'referrer2_created', fields: [['referrer2Openid', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },

  // distributors: admin review list by status; invite code lookup; lifetime ranking.
  { collection: 'distributors', name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'desc']] },
  // Not unique: pending distributors have no code (null), and a unique index in the cloud (MongoDB)
  // refuses a second null. Codes are kept unique by the invite_codes collection (`_id` = code).
  { collection: 'distributors', name: 'invite_code', fields: [['inviteCode', 'asc']] },
  // distributor.list: every status, newest first; search by nickname prefix.
  { collection: 'distributors', name: 'created', fields: [['createdAt', 'desc']] },
  { collection: 'distributors', name: 'nickname', fields: [['nickname', 'asc']] },
  { collection: 'distributors', name: 'lifetime', fields: [['lifetimeFen', 'desc']] },

  // commissions: a distributor's ledger (all, or by status); per order; settlement of due ones.
  { collection: 'commissions', name: 'beneficiary_created', fields: [['beneficiaryOpenid', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  {
    collection: 'commissions',
    name: 'beneficiary_status_created',
    fields: [['beneficiaryOpenid', 'asc'], ['status', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']],
  },
  // distributor.team: my commission on a page of members; distributor.orders: on a page of orders.
  { collection: 'commissions', name: 'beneficiary_buyer', fields: [['beneficiaryOpenid', 'asc'], ['buyerOpenid', 'asc']] },
  { collection: 'commissions', name: 'beneficiary_order', fields: [['beneficiaryOpenid', 'asc'], ['orderId', 'asc']] },
  // distributor.summary: when the next frozen commission unfreezes.
  {
    collection: 'commissions',
    name: 'beneficiary_status_available',
    fields: [['beneficiaryOpenid', 'asc'], ['status', 'asc'], ['availableAt', 'asc']],
  },
  // distributor.team: my level-2 orders that came through a page of my level-1 members.
  { collection: 'orders', name: 'chain2_chain1', fields: [['chain.level2', 'asc'], ['chain.level1', 'asc']] },
  // user.search (admin people picker): nickname prefix; distributors by phone.
  { collection: 'users', name: 'nickname', fields: [['nickname', 'asc']] },
  { collection: 'distributors', name: 'phone', fields: [['phone', 'asc']] },

  // products: the shop (on sale, newest first) and the admin list (all, or by status).
  { collection: 'products', name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'products', name: 'created', fields: [['createdAt', 'desc'], ['_id', 'desc']] },

  // orders: a buyer's orders; admin lists by status; auto-receive and pay-timeout sweeps.
  { collection: 'orders', name: 'buyer_created', fields: [['buyerOpenid', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'orders', name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'orders', name: 'status_shipped', fields: [['status', 'asc'], ['shippedAt', 'asc']] },
  { collection: 'orders', name: 'status_pay_deadline', fields: [['status', 'asc'], ['payDeadline', 'asc']] },

  // orders: a buyer's orders by status; distributor.orders (promoted orders) per chain level.
  { collection: 'orders', name: 'buyer_status_created', fields: [['buyerOpenid', 'asc'], ['status', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'orders', name: 'chain1_created', fields: [['chain.level1', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'orders', name: 'chain2_created', fields: [['chain.level2', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },

  // withdrawals: a distributor's history; admin review queue.
  { collection: 'withdrawals', name: 'openid_created', fields: [['openid', 'asc'], ['createdAt', 'desc']] },
  { collection: 'withdrawals', name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'desc']] },
  // money lifecycle: admin withdrawal list (all statuses); settle's unfreeze sweep (orders received,
  // commission not yet unfrozen, by due time); reconcile's walk of commissions grouped by order.
  { collection: 'withdrawals', name: 'created', fields: [['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'orders', name: 'settle_due', fields: [['commissionSettled', 'asc'], ['settleAt', 'asc']] },
  { collection: 'commissions', name: 'order_id', fields: [['orderId', 'asc'], ['_id', 'asc']] },
  { collection: 'refunds', name: 'status_check', fields: [['status', 'asc'], ['checkAt', 'asc']] },
  { collection: 'refunds', name: 'order_created', fields: [['orderId', 'asc'], ['createdAt', 'desc']] },
  // reconcile with WeChat Pay: the period's refunds, and pending ones of any age, by creation.
  { collection: 'refunds', name: 'created', fields: [['createdAt', 'asc'], ['_id', 'asc']] },
  { collection: 'refunds', name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'asc'], ['_id', 'asc']] },
  // the fold of day counters that payments and refunds leave on their records (repo/stats-fold.ts).
  { collection: 'orders', name: 'stats_pending', fields: [['statsPending.day', 'asc']] },
  { collection: 'refunds', name: 'stats_pending', fields: [['statsPending.day', 'asc']] },

  // admin & analytics: exports and audit pages walk whole collections newest first; stats.rebuild
  // and the ranking job walk records by the time of their event.
  { collection: 'commissions', name: 'created', fields: [['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'orders', name: 'created', fields: [['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'orders', name: 'paid_at', fields: [['paidAt', 'asc'], ['_id', 'asc']] },
  { collection: 'refunds', name: 'status_done', fields: [['status', 'asc'], ['doneAt', 'asc'], ['_id', 'asc']] },
  { collection: 'distributors', name: 'activated', fields: [['activatedAt', 'asc'], ['_id', 'asc']] },
  { collection: 'scans', name: 'at', fields: [['at', 'asc'], ['_id', 'asc']] },
  { collection: 'users', name: 'bound_at', fields: [['boundAt', 'asc'], ['_id', 'asc']] },
  { collection: 'users', name: 'referrer_bound', fields: [['referrerOpenid', 'asc'], ['boundAt', 'asc']] },
  { collection: 'users', name: 'referrer2_bound', fields: [['referrer2Openid', 'asc'], ['boundAt', 'asc']] },
  // ranking.list: top 50 and "how many strictly ahead of me" per board.
  { collection: 'distributors', name: 'team_size', fields: [['teamSize', 'desc'], ['_id', 'asc']] },
  { collection: 'ranking_stats', name: 'key_value', fields: [['key', 'asc'], ['value', 'desc'], ['openid', 'asc']] },
  { collection: 'materials', name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'materials', name: 'created', fields: [['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'audit', name: 'created', fields: [['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'audit', name: 'actor_created', fields: [['actor', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'audit', name: 'action_created', fields: [['action', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },

  // delivery and after-sales: shipments WeChat has not yet accepted (settle's retry by due time, the
  // admin's "not recorded" list and count); a buyer's requests; the admin queue by status, or open first.
  { collection: 'orders', name: 'wx_shipping_due', fields: [['wxShipping.status', 'asc'], ['wxShipping.checkAt', 'asc']] },
  { collection: 'orders', name: 'wx_pending_created', fields: [['wxShipping.status', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'after_sales', name: 'buyer_created', fields: [['buyerOpenid', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'after_sales', name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'after_sales', name: 'closed_created', fields: [['closed', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'after_sales', name: 'created', fields: [['createdAt', 'desc'], ['_id', 'desc']] },

  // 分销等级: the grades job's flagged distributors; a buyer's settled orders (own spend); the
  // dashboard's count of active distributors per grade.
  { collection: 'distributors', name: 'grade_check', fields: [['gradeCheck', 'asc']] },
  { collection: 'distributors', name: 'status_grade', fields: [['status', 'asc'], ['gradeId', 'asc']] },
  { collection: 'orders', name: 'buyer_settled', fields: [['buyerOpenid', 'asc'], ['commissionSettled', 'asc'], ['_id', 'asc']] },
  // campaigns & rewards: the lists (newest end first); the settle job's due campaigns; a campaign's
  // rewards (settlement count); all rewards and a distributor's (the money log, reconcile).
  { collection: 'campaigns', name: 'end', fields: [['endAt', 'desc'], ['_id', 'desc']] },
  { collection: 'campaigns', name: 'settled_end', fields: [['settledAt', 'asc'], ['endAt', 'asc']] },
  // A campaign's window with nothing left frozen settles before its bound (settle/rewards.ts).
  { collection: 'commissions', name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'asc']] },
  { collection: 'rewards', name: 'campaign', fields: [['campaignId', 'asc'], ['_id', 'asc']] },
  { collection: 'rewards', name: 'created', fields: [['createdAt', 'desc'], ['_id', 'desc']] },
  { collection: 'rewards', name: 'openid_created', fields: [['openid', 'asc'], ['createdAt', 'desc'], ['_id', 'desc']] },
  // share tracking and insights: a sharer's recent visits (the insights job); the shop's visits in a
  // period (dashboard funnel); the scorecard's top distributors by sales; the insights job's
  // round-robin walk over active distributors.
  { collection: 'visits', name: 'sharer_at', fields: [['sharer', 'asc'], ['at', 'desc']] },
  { collection: 'visits', name: 'at', fields: [['at', 'asc'], ['_id', 'asc']] },
  { collection: 'insights', name: 'sales', fields: [['funnel.salesFen', 'desc'], ['_id', 'asc']] },
  { collection: 'distributors', name: 'status_id', fields: [['status', 'asc'], ['_id', 'asc']] },
];
