import { authorization, newNonce, verifySigned } from './crypto';
import type { WechatPayConfig } from './config';
import type { HttpResponse, HttpTransport } from './http';

/** 商家转账 (user-confirmation mode) — the two calls the payout flow makes, signed and verified. */
export const TRANSFER_BILLS_PATH = '/v3/fund-app/mch-transfer/transfer-bills';
export const billQueryPath = (outBillNo: string) => `${TRANSFER_BILLS_PATH}/out-bill-no/${encodeURIComponent(outBillNo)}`;

/** The bill as WeChat Pay describes it (query answer; the create answer carries a subset). */
export interface TransferBill {
  mch_id?: string;
  out_bill_no: string;
  transfer_bill_no?: string;
  appid?: string;
  state: string;
  transfer_amount?: number;
  openid?: string;
  fail_reason?: string;
  package_info?: string;
  create_time?: string;
  update_time?: string;
}

export interface CreateBillParams {
  appid: string;
  out_bill_no: string;
  transfer_scene_id: string;
  openid: string;
  transfer_amount: number;
  transfer_remark: string;
  transfer_scene_report_infos: Array<{ info_type: string; info_content: string }>;
  notify_url?: string;
}

/**
 * WeChat Pay's answer did not settle the question (a timeout, a non-200, an unsigned or badly signed
 * answer): the bill may or may not exist. Never a reason to change out_bill_no — ask first.
 */
export class TransferUnknown extends Error {
  constructor(
    message: string,
    readonly status = 0,
    readonly code = '',
  ) {
    super(message);
  }
}

export type CreateResult = { kind: 'accepted'; bill: TransferBill } | { kind: 'refused'; status: number; code: string; message: string };
export type QueryResult = { kind: 'found'; bill: TransferBill } | { kind: 'not_found' };

export class TransferClient {
  constructor(
    private readonly config: WechatPayConfig,
    private readonly transport: HttpTransport,
    private readonly nowS: () => number,
  ) {}

  /**
   * `refused` only for a signed 4xx answer (the request was not taken as it stands); the caller still
   * asks by query before treating the bill as absent. Anything else unclear throws TransferUnknown.
   */
  async create(p: CreateBillParams): Promise<CreateResult> {
    const res = await this.call('POST', TRANSFER_BILLS_PATH, JSON.stringify(p));
    if (res.status === 200) return { kind: 'accepted', bill: this.billOf(res) };
    if (res.status >= 400 && res.status < 500) {
      const e = safeJson(res.body);
      return { kind: 'refused', status: res.status, code: String(e.code ?? ''), message: String(e.message ?? '') };
    }
    throw new TransferUnknown(`transfer create answered ${res.status}`, res.status);
  }

  async query(outBillNo: string): Promise<QueryResult> {
    const res = await this.call('GET', billQueryPath(outBillNo), '');
    if (res.status === 200) return { kind: 'found', bill: this.billOf(res) };
    // 404 with the documented code NOT_FOUND (a code, not a message): no bill by that number.
    if (res.status === 404 && safeJson(res.body).code === 'NOT_FOUND') return { kind: 'not_found' };
    throw new TransferUnknown(`transfer query answered ${res.status}`, res.status, String(safeJson(res.body).code ?? ''));
  }

  private async call(method: 'GET' | 'POST', path: string, body: string): Promise<HttpResponse> {
    const timestamp = String(this.nowS());
    const auth = authorization(this.config.merchant, { method, url: path, body, timestamp, nonce: newNonce() });
    let res: HttpResponse;
    try {
      res = await this.transport({
        method,
        url: this.config.baseUrl + path,
        headers: {
          Authorization: auth,
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'Wechatpay-Serial': this.config.platform.id,
          'User-Agent': 'distribution-miniprogram/1',
        },
        body,
      });
    } catch (e) {
      throw new TransferUnknown(`WeChat Pay unreachable: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Every answer we act on must be WeChat Pay's: signed with its public key, within 5 minutes.
    const v = verifySigned(res.headers, res.body, this.config.platform, this.nowS());
    if (!v.ok) throw new TransferUnknown(`WeChat Pay answer not verified (${v.reason})`, res.status);
    return res;
  }

  private billOf(res: HttpResponse): TransferBill {
    const b = safeJson(res.body);
    if (typeof b.out_bill_no !== 'string' || typeof b.state !== 'string') throw new TransferUnknown('WeChat Pay answer without a bill');
    return b as unknown as TransferBill;
  }
}

function safeJson(body: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
