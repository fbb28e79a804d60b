import type { Cloud } from '../platform/cloud';
import { decryptResource, verifySigned, type EncryptedResource } from '../payments/wechatpay-v3/crypto';
import { wechatPayConfig } from '../payments/wechatpay-v3/config';
import { C, type WithdrawalDoc } from '../repo/docs';
import { loadSettings } from '../repo/settings';
import { syncTransfer } from './transfer';

/** The path WeChat Pay posts 商家转账 results to (notify_url ends with it). */
export const TRANSFER_NOTIFY_PATH = '/wechatpay/transfer-notify';

/** The cloud function HTTP access service's event (云开发 HTTP 访问服务) — the part read here. */
export interface HttpAccessEvent {
  httpMethod: string;
  path?: string;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

export interface HttpAccessReply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function isHttpAccessEvent(e: unknown): e is HttpAccessEvent {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return typeof o.httpMethod === 'string' && typeof o.headers === 'object' && o.headers !== null && typeof o.body === 'string';
}

const reply = (statusCode: number, body?: { code: string; message: string }): HttpAccessReply => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: body ? JSON.stringify(body) : '',
});

/**
 * MCHTRANSFER.BILL.FINISHED: verified (WeChat Pay's signature, within 5 minutes, the key id we
 * hold), decrypted with the APIv3 key, checked to be for our merchant — and even then only read as
 * "ask about this bill": syncTransfer queries WeChat Pay and moves the withdrawal by its answer. A
 * forged, replayed or foreign notification changes nothing. 200 once handled (WeChat stops
 * retrying); 500 when WeChat Pay could not be asked, so it retries.
 */
export async function handleTransferNotify(cloud: Cloud, e: HttpAccessEvent): Promise<HttpAccessReply> {
  if (e.httpMethod !== 'POST') return reply(405, { code: 'FAIL', message: 'POST only' });
  const body = e.isBase64Encoded ? Buffer.from(e.body, 'base64').toString('utf8') : e.body;
  const settings = await loadSettings(cloud.db);
  const config = wechatPayConfig(cloud, settings.payout.mchId);
  if (!config) return reply(500, { code: 'FAIL', message: 'not configured' });
  const v = verifySigned(e.headers, body, config.platform, Math.floor(cloud.now() / 1000));
  if (!v.ok) {
    console.warn('[payout] transfer notification refused:', v.reason);
    return reply(401, { code: 'FAIL', message: 'signature not verified' });
  }
  let plain: { out_bill_no?: unknown; mch_id?: unknown; mchid?: unknown };
  try {
    const n = JSON.parse(body) as { event_type?: string; resource?: EncryptedResource };
    if (!n.resource) return reply(400, { code: 'FAIL', message: 'no resource' });
    plain = JSON.parse(decryptResource(config.apiV3Key, n.resource)) as typeof plain;
  } catch {
    console.warn('[payout] transfer notification unreadable');
    return reply(400, { code: 'FAIL', message: 'unreadable' });
  }
  const mch = plain.mch_id ?? plain.mchid;
  if (mch !== settings.payout.mchId || typeof plain.out_bill_no !== 'string') {
    console.warn('[payout] transfer notification for another merchant or without a bill');
    return reply(400, { code: 'FAIL', message: 'not ours' });
  }
  const w = (
    await cloud.db
      .collection<WithdrawalDoc>(C.withdrawals)
      .where({ status: 'transferring', 'transfer.outBillNo': plain.out_bill_no })
      .limit(1)
      .get()
  ).data[0];
  if (!w) return reply(200); // already settled (or never ours): nothing to do
  const r = await syncTransfer(cloud, w._id);
  return r.asked ? reply(200) : reply(500, { code: 'FAIL', message: 'retry later' });
}
