/**
 * How each cloud function must be configured in the cloud environment — the one statement of it,
 * which README's deploy section is checked against (test/unit/deploy.test.ts).
 *
 * The timeout is NOT read from a function's config.json (WeChat documents only `permissions` and
 * `triggers` there; the default timeout is 3 s): it is set in the console (云开发控制台 → 云函数 →
 * the function → 函数配置 → 编辑 → 超时时间, 1–60 s) or with CloudBase CLI
 * (`tcb config update fn <name> --timeout <s> -e <envId> --yes`). The runtime is chosen when a
 * function is first created and cannot be changed afterwards: Node.js 16.13 or later (the bundles
 * are built for node16).
 */
export const NODE_RUNTIME = 'Nodejs16.13';

export const FUNCTION_TIMEOUT_S = {
  /** Mini program calls: each is a few database round trips (a refund asks WeChat Pay a few times). */
  api: 10,
  /** Admin calls: reconcile and exports walk whole collections and ask WeChat Pay (bounded at 25 s). */
  admin: 60,
  /** WeChat Pay notifications: queryOrder / queryRefund then one transaction. */
  payCallback: 20,
  /** The hourly run: its time budget (settle/budget.ts) is this minus a margin. */
  settle: 60,
} as const;
