/**
 * Every collection the backend uses, by the name the code calls it — the one list. The cloud
 * answers DATABASE_COLLECTION_NOT_EXIST (-502005) for a collection nobody created, so: the local
 * database refuses any other name the same way (local/runtime.ts passes COLLECTIONS), the setup
 * (`setup.collections`, and the settle run on its first run: server/setup/collections.ts) creates
 * exactly these with `db.createCollection`, and README's deploy section is checked against this
 * list and `INDEXES` by test/unit/deploy.test.ts, as is every `collection(…)` name in server/.
 */
export const C = {
  users: 'users',
  distributors: 'distributors',
  inviteCodes: 'invite_codes',
  products: 'products',
  orders: 'orders',
  commissions: 'commissions',
  withdrawals: 'withdrawals',
  refunds: 'refunds',
  settings: 'settings',
  admins: 'admins',
  scans: 'scans',
  statsDaily: 'stats_daily',
  materials: 'materials',
  audit: 'audit',
  posters: 'posters',
  rankingStats: 'ranking_stats',
  jobState: 'job_state',
  afterSales: 'after_sales',
  // campaigns & rewards (奖励活动)
  campaigns: 'campaigns',
  rewards: 'rewards',
  // share tracking and promotion insights (issue 14)
  visits: 'visits',
  insights: 'insights',
} as const;

export type CollectionName = (typeof C)[keyof typeof C];

export const COLLECTIONS: readonly CollectionName[] = Object.values(C);

// Every index in server/db/indexes.ts is on one of these (test/unit/deploy.test.ts checks it), so
// the index list stays out of the function bundles (its 5 KB are needed by the local cloud only).
