/**
 * What wx-server-sdk's own typings leave out or get wrong, added here instead of cast away:
 * `cloudPay` is missing, and `DYNAMIC_CURRENT_ENV` is typed as a bare symbol that `init`'s
 * `env` (string only) refuses.
 */
import type {
  CloudPay,
} from '../server/platform/cloud';

declare module 'wx-server-sdk' {
  /** WeChat Pay through the cloud (微信支付云调用): unifiedOrder, queryOrder, closeOrder, refund. */
  export const cloudPay: CloudPay;
  export function init(config: { env: typeof DYNAMIC_CURRENT_ENV | string; traceUser?: boolean }): void;
}
