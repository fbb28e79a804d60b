import type BetterSqlite3 from 'better-sqlite3';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  MAX_CLOCK_SKEW_S,
  encryptResource,
  newNonce,
  parseAuthorization,
  requestMessage,
  rsaVerify,
  signedHeaders,
} from '../server/payments/wechatpay-v3/crypto';
import type { HttpRequest, HttpResponse } from '../server/payments/wechatpay-v3/http';
import { TRANSFER_BILLS_PATH } from '../server/payments/wechatpay-v3/transfer-client';
import type { HttpAccessEvent } from '../server/payouts/notify';

/** The test merchant's and the stand-in's own key pairs: made once per process, never a real key. */
interface LocalKeys {
  merchantPrivate: string;
  merchantPublic: string;
  platformPrivate: string;
  platformPublic: string;
}
let keys: LocalKeys | null = null;
function localKeys(): LocalKeys {
  if (!keys) {
    const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const m = pair();
    const p = pair();
    keys = { merchantPrivate: m.privateKey, merchantPublic: m.publicKey, platformPrivate: p.privateKey, platformPublic: p.publicKey };
  }
  return keys;
}

export const LOCAL_MCH_ID = '1900000109';
export const LOCAL_APP_ID = 'wx0000000000000000';
const LOCAL_SERIAL = '3775B6A45ACD588826D15E583A95F5DD********'.replace(/\*/g, '0');
const LOCAL_PUBLIC_KEY_ID = 'PUB_KEY_ID_0000000000000000000000000001';
const LOCAL_APIV3_KEY = 'localcloudapiv3key00000000000000';

export interface LocalBill {
  out_bill_no: string;
  transfer_bill_no: string;
  mch_id: string;
  appid: string;
  openid: string;
  transfer_amount: number;
  transfer_remark: string;
  transfer_scene_id: string;
  state: string;
  package_info: string;
  fail_reason?: string;
  notify_url?: string;
  create_time: string;
  update_time: string;
}

export type TransferAction = 'confirm' | 'cancel' | 'fail';

export class TransferError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * WeChat Pay APIv3's 商家转账 endpoints on the local host: checks our requests' signatures with the
 * test merchant's public key (and the mchid, and the 5-minute window), keeps the bills in its own
 * table, answers creates (idempotent by out_bill_no) and queries signed with its own key, and
 * posts signed, AES-GCM-encrypted MCHTRANSFER.BILL.FINISHED notifications to the callback when a
 * bill ends. Fails like the real thing for tests: a call lost before or after it acted
 * (`failNext`), a 500 for a bill it did take (`error500AfterAccept`), a lost notification.
 */
export class LocalWechatPayV3 {
  private readonly faults: Array<'before' | 'after' | '500-after'> = [];
  private lose = 0;
  /** Every notification sent: its HTTP status from the callback, for tests. */
  readonly deliveries: Array<{ outBillNo: string; status: number }> = [];

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly now: () => number,
    private readonly deliver: (e: HttpAccessEvent) => Promise<{ statusCode: number }>,
  ) {
    sqlite.exec('CREATE TABLE IF NOT EXISTS wxpay_transfer_bills (out_bill_no TEXT PRIMARY KEY, doc TEXT NOT NULL)');
  }

  /** The environment the functions read to reach this stand-in as their merchant. */
  env(name: string, baseUrl: string): string | undefined {
    return this.envVars(baseUrl)[name];
  }

  /** All of them, for a function instance's environment (the bundles on the real SDK read process.env). */
  envVars(baseUrl: string): Record<string, string> {
    const k = localKeys();
    return {
      WECHATPAY_MCH_PRIVATE_KEY: k.merchantPrivate,
      WECHATPAY_MCH_SERIAL_NO: LOCAL_SERIAL,
      WECHATPAY_APIV3_KEY: LOCAL_APIV3_KEY,
      WECHATPAY_PUBLIC_KEY: k.platformPublic,
      WECHATPAY_PUBLIC_KEY_ID: LOCAL_PUBLIC_KEY_ID,
      WECHATPAY_BASE_URL: baseUrl,
      WECHATPAY_TRANSFER_NOTIFY_URL: `${baseUrl}/wechatpay/transfer-notify`,
    };
  }

  /** The next call is lost on the wire: `before` the stand-in acted, or `after` it did. */
  failNext(when: 'before' | 'after'): void {
    this.faults.push(when);
  }

  /** The next create is taken (the bill exists) but answered 500 SYSTEM_ERROR. */
  error500AfterAccept(): void {
    this.faults.push('500-after');
  }

  loseNextNotification(count = 1): void {
    this.lose += count;
  }

  bill(outBillNo: string): LocalBill | null {
    const row = this.sqlite.prepare('SELECT doc FROM wxpay_transfer_bills WHERE out_bill_no = ?').get(outBillNo) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as LocalBill) : null;
  }

  bills(): LocalBill[] {
    return (this.sqlite.prepare('SELECT doc FROM wxpay_transfer_bills ORDER BY out_bill_no').all() as Array<{ doc: string }>).map((r) => JSON.parse(r.doc) as LocalBill);
  }

  private save(b: LocalBill): void {
    this.sqlite.prepare('INSERT OR REPLACE INTO wxpay_transfer_bills (out_bill_no, doc) VALUES (?, ?)').run(b.out_bill_no, JSON.stringify(b));
  }

  private time(): string {
    return new Date(this.now() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
  }

  /** One HTTP request to WeChat Pay (path + query in `url` after the origin). */
  async handle(req: HttpRequest): Promise<HttpResponse> {
    const fault = this.faults.shift();
    if (fault === 'before') throw new Error('connection reset (injected, before WeChat Pay acted)');
    const res = this.route(req);
    if (fault === 'after') throw new Error('socket timeout (injected, after WeChat Pay acted)');
    if (fault === '500-after' && req.method === 'POST') return this.answer(500, { code: 'SYSTEM_ERROR', message: '系统异常，请稍后重试' });
    if (fault === '500-after') this.faults.unshift(fault); // only a create plays it
    return res;
  }

  private route(req: HttpRequest): HttpResponse {
    const path = new URL(req.url, 'http://local').pathname;
    const auth = parseAuthorization(req.headers.Authorization ?? req.headers.authorization ?? '');
    if (!auth) return this.answer(401, { code: 'SIGN_ERROR', message: '缺少签名' });
    const ts = Number(auth.timestamp);
    const url = path + (new URL(req.url, 'http://local').search || '');
    if (
      auth.mchid !== LOCAL_MCH_ID ||
      auth.serial_no !== LOCAL_SERIAL ||
      !Number.isFinite(ts) ||
      Math.abs(Math.floor(this.now() / 1000) - ts) > MAX_CLOCK_SKEW_S ||
      !rsaVerify(localKeys().merchantPublic, requestMessage(req.method, url, auth.timestamp, auth.nonce_str, req.body), auth.signature)
    ) {
      return this.answer(401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    if (req.method === 'POST' && path === TRANSFER_BILLS_PATH) return this.create(req.body);
    const q = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && q) {
      const b = this.bill(decodeURIComponent(q[1]));
      if (!b) return this.answer(404, { code: 'NOT_FOUND', message: '记录不存在' });
      const { package_info: _p, notify_url: _n, transfer_scene_id: _s, ...view } = b;
      return this.answer(200, view);
    }
    return this.answer(404, { code: 'NOT_FOUND', message: 'no such API' });
  }

  private create(body: string): HttpResponse {
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return this.answer(400, { code: 'PARAM_ERROR', message: '请求体不是 JSON' });
    }
    const bad =
      typeof p.out_bill_no !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(p.out_bill_no) ? 'out_bill_no' :
      typeof p.appid !== 'string' || !p.appid ? 'appid' :
      typeof p.openid !== 'string' || !p.openid ? 'openid' :
      typeof p.transfer_scene_id !== 'string' || !p.transfer_scene_id ? 'transfer_scene_id' :
      !Number.isInteger(p.transfer_amount) || (p.transfer_amount as number) < 1 ? 'transfer_amount' :
      typeof p.transfer_remark !== 'string' || !p.transfer_remark || [...p.transfer_remark].length > 32 ? 'transfer_remark' :
      !Array.isArray(p.transfer_scene_report_infos) || p.transfer_scene_report_infos.length === 0 ? 'transfer_scene_report_infos' : null;
    if (bad) return this.answer(400, { code: 'PARAM_ERROR', message: `参数错误：${bad}` });
    const existing = this.bill(p.out_bill_no as string);
    if (existing) {
      // Idempotent by out_bill_no: the same bill, never a second one.
      return this.answer(200, { out_bill_no: existing.out_bill_no, transfer_bill_no: existing.transfer_bill_no, create_time: existing.create_time, state: existing.state, ...(existing.state === 'WAIT_USER_CONFIRM' ? { package_info: existing.package_info } : {}) });
    }
    const now = this.time();
    const b: LocalBill = {
      out_bill_no: p.out_bill_no as string,
      transfer_bill_no: `1330000${Date.now()}${randomBytes(4).toString('hex')}`,
      mch_id: LOCAL_MCH_ID,
      appid: p.appid as string,
      openid: p.openid as string,
      transfer_amount: p.transfer_amount as number,
      transfer_remark: p.transfer_remark as string,
      transfer_scene_id: p.transfer_scene_id as string,
      state: 'WAIT_USER_CONFIRM',
      package_info: randomBytes(48).toString('base64'),
      notify_url: typeof p.notify_url === 'string' ? p.notify_url : undefined,
      create_time: now,
      update_time: now,
    };
    this.save(b);
    return this.answer(200, { out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, create_time: b.create_time, state: b.state, package_info: b.package_info });
  }

  private answer(status: number, body: unknown): HttpResponse {
    const text = JSON.stringify(body);
    const h = signedHeaders(localKeys().platformPrivate, LOCAL_PUBLIC_KEY_ID, text, String(Math.floor(this.now() / 1000)), newNonce());
    const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': randomBytes(8).toString('hex') };
    for (const [k, v] of Object.entries(h)) headers[k.toLowerCase()] = v;
    return { status, headers, body: text };
  }

  /**
   * What the user (confirm, or cancel on the sheet) or WeChat (fail) does to a bill waiting for
   * confirmation; the bill's end is then notified to notify_url, unless the notification is lost.
   */
  async act(outBillNo: string, action: TransferAction): Promise<{ bill: LocalBill; notified: number | null }> {
    const b = this.bill(outBillNo);
    if (!b) throw new TransferError('NOT_FOUND', `no transfer bill ${outBillNo}`);
    if (b.state !== 'WAIT_USER_CONFIRM') throw new TransferError('INVALID_STATE', `bill ${outBillNo} is ${b.state}`);
    const done: LocalBill = {
      ...b,
      state: action === 'confirm' ? 'SUCCESS' : action === 'cancel' ? 'CANCELLED' : 'FAIL',
      ...(action === 'fail' ? { fail_reason: 'PAYEE_ACCOUNT_ABNORMAL' } : {}),
      update_time: this.time(),
    };
    this.save(done);
    return { bill: done, notified: await this.notify(done) };
  }

  /** A signed, encrypted MCHTRANSFER.BILL.FINISHED for the bill as it is now (tests call it again to replay). */
  notification(b: LocalBill, at = this.now()): HttpAccessEvent {
    const plain = JSON.stringify({
      mch_id: b.mch_id,
      out_bill_no: b.out_bill_no,
      transfer_bill_no: b.transfer_bill_no,
      state: b.state,
      transfer_amount: b.transfer_amount,
      openid: b.openid,
      ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}),
      create_time: b.create_time,
      update_time: b.update_time,
    });
    const body = JSON.stringify({
      id: `EV-${randomBytes(8).toString('hex')}`,
      create_time: b.update_time,
      resource_type: 'encrypt-resource',
      event_type: 'MCHTRANSFER.BILL.FINISHED',
      summary: '商家转账单据终态通知',
      resource: encryptResource(LOCAL_APIV3_KEY, plain, randomBytes(6).toString('hex'), 'mch_payment'),
    });
    const headers = signedHeaders(localKeys().platformPrivate, LOCAL_PUBLIC_KEY_ID, body, String(Math.floor(at / 1000)), newNonce());
    return { httpMethod: 'POST', path: '/wechatpay/transfer-notify', headers: { 'content-type': 'application/json', ...headers }, body };
  }

  private async notify(b: LocalBill): Promise<number | null> {
    if (!b.notify_url) return null;
    if (this.lose > 0) {
      this.lose--;
      return null;
    }
    const r = await this.deliver(this.notification(b));
    this.deliveries.push({ outBillNo: b.out_bill_no, status: r.statusCode });
    return r.statusCode;
  }
}
