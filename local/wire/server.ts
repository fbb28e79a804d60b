/**
 * `POST /tcb/admin`: the TCB server the real wx-server-sdk talks to (API.md, "The local cloud").
 * node-sdk utils/tcbapiendpoint.js:82-113 sends every call to `TCB_CONTEXT_CNFG.URL` +
 * `?env=<env>&seqId=…`; utils/tcbapirequester.js:197-274 makes the body: JSON (`content-type:
 * application/json`) for `database.*` and `storage.*`, multipart for `wx.openApi` / `wx.wxPayApi`,
 * each with `action`, `envName`, `wxCloudApiToken` (the invocation's WX_API_TOKEN, wxCloudToken.js:35)
 * and the caller's params; it reads a 200 answer as JSON (or raw bytes for the wx.* actions,
 * tcbapirequester.js:155-170, 328-336) and any `code` in it as an error (352-354).
 *
 * The invocation's token ties requests to the function invocation that made them: the wire counts
 * each invocation's database operations and rolls back transactions an invocation left open.
 */
import { randomBytes } from 'node:crypto';
import type { LocalCloud } from '../runtime';
import { DOCUMENT_ACTIONS, WireDatabase } from './database';
import { toWireError } from './errors';
import { parseMultipart } from './multipart';
import { callOpenApi } from './openapi';
import { callPay, UnknownApiError } from './pay';
import { downloadList, uploadMetadata } from './storage';

export interface WireReply {
  status: number;
  body: unknown;
  contentType?: string;
}

export interface WireCounts {
  /** Every request to /tcb/admin. */
  requests: number;
  /** Document operations (get, count, insert, modify, remove), the cloud database's round trips. */
  documentOps: number;
}

export class WireServer {
  readonly database: WireDatabase;
  readonly totals: WireCounts = { requests: 0, documentOps: 0 };
  private readonly byInvocation = new Map<string, WireCounts>();

  constructor(private readonly local: LocalCloud) {
    this.database = new WireDatabase(local.db);
  }

  /** What one invocation (by its WX_API_TOKEN) sent so far. */
  countsFor(token: string): WireCounts {
    return this.byInvocation.get(token) ?? { requests: 0, documentOps: 0 };
  }

  /** The invocation is over: forget its counts, roll back what it left open. */
  async ended(token: string): Promise<WireCounts> {
    const counts = this.countsFor(token);
    this.byInvocation.delete(token);
    await this.database.abandon(token);
    return counts;
  }

  async handle(contentType: string, body: Buffer, baseUrl: string): Promise<WireReply> {
    const requestId = randomBytes(8).toString('hex');
    let params: Record<string, unknown>;
    let fields: Map<string, Buffer> | null = null;
    if (/multipart\/form-data/i.test(contentType)) {
      fields = parseMultipart(body, contentType);
      params = Object.fromEntries([...fields].filter(([k]) => k !== 'requestData' && k !== 'apiOptions').map(([k, v]) => [k, v.toString('utf8')]));
    } else {
      params = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    }
    const action = String(params.action ?? '');
    const token = String(params.wxCloudApiToken ?? '');
    this.count(token, action);
    try {
      if (action.startsWith('database.')) {
        return ok({ requestId, ...(await this.database.handle(action, params, token)) });
      }
      if (action === 'storage.getUploadMetadata') {
        return ok({ requestId, data: uploadMetadata(this.local.storage, baseUrl, String(params.path ?? '')) });
      }
      if (action === 'storage.batchGetDownloadUrl') {
        return ok({ requestId, data: { download_list: await downloadList(this.local.storage, params.file_list) } });
      }
      if (action === 'wx.wxPayApi' || action === 'wx.openApi') {
        const data = fields?.get('requestData') ?? Buffer.alloc(0);
        const apiName = String(params.apiName ?? '');
        const bytes = action === 'wx.wxPayApi' ? await callPay(this.local.pay, apiName, data) : await callOpenApi(this.local.cloud.openapi, apiName, data);
        // Not `application/json; charset=utf-8`: the SDK must read these as bytes (tcbapirequester.js:332).
        return { status: 200, body: bytes, contentType: 'application/octet-stream' };
      }
      return ok({ requestId, code: 'INVALID_PARAM', message: `action ${action} is not served by the local cloud` });
    } catch (e) {
      if (e instanceof UnknownApiError) return ok({ requestId, code: 'INVALID_PARAM', message: e.message });
      return ok({ requestId, ...toWireError(e) });
    }
  }

  private count(token: string, action: string): void {
    let c = this.byInvocation.get(token);
    if (!c && token) this.byInvocation.set(token, (c = { requests: 0, documentOps: 0 }));
    const doc = DOCUMENT_ACTIONS.has(action) ? 1 : 0;
    this.totals.requests++;
    this.totals.documentOps += doc;
    if (c) {
      c.requests++;
      c.documentOps += doc;
    }
  }
}

function ok(body: Record<string, unknown>): WireReply {
  return { status: 200, body, contentType: 'application/json; charset=utf-8' };
}
