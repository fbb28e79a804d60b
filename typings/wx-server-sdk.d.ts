/**
 * What wx-server-sdk's own typings leave out or get wrong, added here instead of cast away:
 * `cloudPay` is missing, and `DYNAMIC_CURRENT_ENV` is typed as a bare symbol that `init`'s
 * `env` (string only) refuses; `database`'s config lacks `throwOnNotFound`, which the SDK reads
 * (node_modules/wx-server-sdk/index.js:1345-1351).
 */
import type {
  CloudPay,
} from '../server/platform/cloud';

declare module 'wx-server-sdk' {
  /** WeChat Pay through the cloud (微信支付云调用): unifiedOrder, queryOrder, closeOrder, refund. */
  export const cloudPay: CloudPay;
  /** The database, with the options the SDK reads; wx-cloud.ts narrows the result to the Db interface. */
  export function database(config: { env?: string; throwOnNotFound?: boolean }): unknown;
  export function init(config: { env: typeof DYNAMIC_CURRENT_ENV | string; traceUser?: boolean }): void;
}
