/**
 * `wx.wxPayApi` (cloudPay) on the wire. The SDK (wx-server-sdk index.js:924-1020, `callCloudPayAPI` 958,
 * src/api/cloudpay/namespace/generic.ts) sends `apiName` = the method called (`queryOrder`, …) and
 * `requestData` = the params as snake_case JSON (multipart, node-sdk wx/index.js:109-126); it
 * JSON-parses a raw (non-`application/json; charset=utf-8`) answer (index.js:580-600), camel-cases it,
 * and returns `{ ...result, errCode: 0, errMsg: 'cloudPay.<api>:ok' }` — WeChat Pay's own `err_code`
 * is overwritten by that 0 and only `err_code_des` survives (as `errCodeDes`).
 *
 * Answered by the local WeChat Pay (local/pay.ts), method by method: any documented cloudPay API the
 * local service implements is reached by its name, so new ones (queryRefund) need nothing here.
 */
import type { LocalPay } from '../pay';
import { camelToSnake, convertKeys, snakeToCamel } from './case';

/** cloudPay's documented APIs; only these names reach LocalPay (never its dev controls). */
const CLOUDPAY_APIS = new Set(['unifiedOrder', 'queryOrder', 'closeOrder', 'refund', 'queryRefund', 'downloadBill', 'downloadFundFlow']);

export class UnknownApiError extends Error {}

/** The bytes WeChat Pay answers (JSON, snake_case, its own `err_code`), for one call. */
export async function callPay(pay: LocalPay, apiName: string, requestData: Buffer): Promise<Buffer> {
  const method = (pay as unknown as Record<string, unknown>)[apiName];
  if (!CLOUDPAY_APIS.has(apiName) || typeof method !== 'function') throw new UnknownApiError(`cloudPay.${apiName} is not served here`);
  const params = convertKeys(JSON.parse(requestData.toString('utf8') || '{}'), snakeToCamel);
  const result = (await (method as (p: unknown) => Promise<Record<string, unknown>>).call(pay, params)) ?? {};
  const { errCode: _errCode, errMsg: _errMsg, errCodeDes, ...rest } = result;
  const answer: Record<string, unknown> = { ...rest };
  if (typeof errCodeDes === 'string') {
    // The local service writes `CODE: description` into errCodeDes; WeChat Pay sends them apart.
    const m = /^([A-Z_]+):\s*([\s\S]*)$/.exec(errCodeDes);
    answer.errCode = m ? m[1] : undefined;
    answer.errCodeDes = m ? m[2] : errCodeDes;
  }
  return Buffer.from(JSON.stringify(convertKeys(answer, camelToSnake)));
}
