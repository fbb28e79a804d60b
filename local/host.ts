import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalCloud } from './runtime';
import { PayError } from './pay';
import { TransferError } from './wechatpay-v3';
import { MAX_CLOCK_OFFSET_MS } from './clock';
import { COS_PREFIX } from './wire/storage';

const MAX_BODY_BYTES = 1024 * 1024;
/** The SDK's requests and uploads (posters, exports) are larger than a function call's body. */
const MAX_WIRE_BYTES = 32 * 1024 * 1024;
/** An uploaded picture's ceiling (WeChat's chosen avatars are far smaller; photos are compressed). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/**
 * Uploads may only write the pictures people choose: avatars, product and material images, and
 * after-sales photos — `avatars|products|materials|aftersales/<segments>.png|jpg|jpeg`, no dots
 * elsewhere, so no `..`; never the server's own files (posters, exports).
 */
const UPLOAD_PATH = /^(?:avatars|products|materials|aftersales)\/(?:[A-Za-z0-9_-]{1,64}\/){0,3}[A-Za-z0-9_-]{1,64}\.(png|jpg|jpeg)$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errCode: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The local cloud's HTTP face (API.md, "The local cloud"): functions as the mini program calls them,
 * the dev controls that stand in for WeChat Pay, the clock and the timers, and stored files.
 * A bad request gets its 4xx and the server keeps serving.
 */
export function createHost(local: LocalCloud): Server {
  return createServer((req, res) => {
    if ((req.url ?? '').startsWith('/v3/')) return void wechatPayV3(local, req, res);
    route(local, req)
      .then(({ status, body, contentType }) => send(res, status, body, contentType))
      .catch((e: unknown) => {
        if (e instanceof HttpError) return send(res, e.status, { errCode: e.errCode, errMsg: e.message });
        console.error('[host] function failed', e);
        send(res, 500, { errCode: 'FUNCTION_ERROR', errMsg: e instanceof Error ? e.message : String(e) });
      });
  });
}

/**
 * WeChat Pay APIv3 (商家转账) as the functions reach it over HTTP when they run on the real SDK
 * (WECHATPAY_BASE_URL = this host): the local stand-in checks the signature, answers signed. A call
 * the stand-in loses (fault injection) drops the connection, as a lost call would.
 */
async function wechatPayV3(local: LocalCloud, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = (await readBytes(req, MAX_BODY_BYTES)).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const method = req.method === 'POST' ? 'POST' : 'GET';
    const answer = await local.transfers.handle({ method, url: req.url ?? '/', headers, body });
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  } catch {
    res.destroy();
  }
}

interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
}

async function route(local: LocalCloud, req: IncomingMessage): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://local');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (method === 'GET' && path === '/') {
    return {
      status: 200,
      body: {
        name: '二级分销 local cloud',
        env: local.envId,
        now: local.clock.now(),
        functions: ['api', 'admin', 'payCallback', 'settle'],
        // How functions run: the built bundles on the real wx-server-sdk (its calls counted at /tcb/admin), or in-process.
        runtime: local.wired ? 'bundles on wx-server-sdk' : 'in-process',
        wire: local.wire.totals,
        dev: ['POST /__dev/pay', 'POST /__dev/transfer', 'POST /__dev/clock', 'POST /__dev/trigger/<name>', 'GET /__dev/outbox', 'POST /__dev/upload?cloudPath='],
      },
    };
  }
  if (method === 'GET' && path.startsWith('/files/')) {
    let name: string;
    try {
      name = decodeURIComponent(path.slice('/files/'.length));
    } catch {
      throw new HttpError(400, 'BAD_PATH', 'the file path has a bad percent-escape');
    }
    const bytes = local.storage.read(name);
    if (!bytes) throw new HttpError(404, 'FILE_NOT_FOUND', 'no such file');
    return { status: 200, body: bytes, contentType: path.endsWith('.png') ? 'image/png' : contentTypeOf(path) };
  }
  if (method === 'GET' && path === '/__dev/outbox') return { status: 200, body: { entries: local.outbox.entries } };
  if (method === 'GET' && path === '/__dev/shipping') return { status: 200, body: { calls: local.openapi.shippingCalls } };

  // The real wx-server-sdk's server (local/wire): its API calls, and the storage PUTs they lead to.
  if (method === 'POST' && path === '/tcb/admin') {
    const body = await readBytes(req, MAX_WIRE_BYTES);
    return local.wire.handle(String(req.headers['content-type'] ?? ''), body, `http://${req.headers.host ?? '127.0.0.1'}`);
  }
  if (method === 'PUT' && path.startsWith(COS_PREFIX)) {
    const cloudPath = path.slice(COS_PREFIX.length).split('/').map(decodeURIComponent).join('/');
    await local.storage.uploadFile({ cloudPath, fileContent: await readBytes(req, MAX_WIRE_BYTES) });
    // COS answers a successful PUT with an empty body (node-sdk storage/index.js:84-93).
    return { status: 200, body: Buffer.alloc(0), contentType: 'application/xml' };
  }

  if (method !== 'POST') throw new HttpError(404, 'NOT_FOUND', `${method} ${path} is not served here`);

  const fn = /^\/functions\/([^/]+)$/.exec(path);
  if (fn) {
    const name = fn[1];
    if (!local.isFunction(name)) throw new HttpError(404, 'FUNCTION_NOT_FOUND', `no function named ${name}`);
    const body = await readJson(req);
    const data = body.data ?? {};
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new HttpError(400, 'INVALID_BODY', 'body.data must be an object');
    }
    const openid = headerValue(req, 'x-wx-openid');
    const result = await local.invoke(name, data, { openid, source: 'wx_client' });
    return { status: 200, body: { result } };
  }
  if (path === '/__dev/pay') {
    const body = await readJson(req);
    const { outTradeNo, repeat = 1, concurrent = false } = body;
    if (typeof outTradeNo !== 'string' || !outTradeNo) throw new HttpError(400, 'INVALID_BODY', 'outTradeNo is required');
    if (!Number.isInteger(repeat) || (repeat as number) < 1 || (repeat as number) > 100) {
      throw new HttpError(400, 'INVALID_BODY', 'repeat must be an integer from 1 to 100');
    }
    try {
      const results = await local.pay.pay(outTradeNo, repeat as number, concurrent === true);
      return { status: 200, body: { results } };
    } catch (e) {
      if (e instanceof PayError) throw new HttpError(e.code === 'ORDERNOTEXIST' ? 404 : 409, e.code, e.message);
      throw e;
    }
  }
  if (path === '/wechatpay/transfer-notify') {
    // WeChat Pay's 商家转账 notification, handed to payCallback as the HTTP access service would.
    const bytes = await readBytes(req, MAX_BODY_BYTES);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const r = (await local.invoke('payCallback', { httpMethod: 'POST', path, headers, body: bytes.toString('utf8') }, { source: '' })) as {
      statusCode: number;
      body: string;
    };
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : {} };
  }
  if (path === '/__dev/transfer') {
    const { outBillNo, action } = await readJson(req);
    if (typeof outBillNo !== 'string' || !outBillNo) throw new HttpError(400, 'INVALID_BODY', 'outBillNo is required');
    if (action !== 'confirm' && action !== 'cancel' && action !== 'fail') throw new HttpError(400, 'INVALID_BODY', 'action must be confirm, cancel or fail');
    try {
      const { bill, notified } = await local.transfers.act(outBillNo, action);
      return { status: 200, body: { state: bill.state, notified } };
    } catch (e) {
      if (e instanceof TransferError) throw new HttpError(e.code === 'NOT_FOUND' ? 404 : 409, e.code, e.message);
      throw e;
    }
  }
  if (path === '/__dev/clock') {
    const { advanceMs } = await readJson(req);
    if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
      throw new HttpError(400, 'INVALID_BODY', 'advanceMs must be a non-negative, finite number');
    }
    if (local.clock.offset + advanceMs > MAX_CLOCK_OFFSET_MS) {
      throw new HttpError(400, 'INVALID_BODY', 'advanceMs would move the clock more than 10 years ahead of the wall clock');
    }
    return { status: 200, body: { now: local.clock.advance(advanceMs) } };
  }
  if (path === '/__dev/upload') {
    const bytes = await readBytes(req, MAX_UPLOAD_BYTES);
    return { status: 200, body: await devUpload(local, url.searchParams.get('cloudPath') ?? '', bytes) };
  }
  if (path === '/__dev/wx-confirm') {
    // The buyer confirms receipt in WeChat: the settlement push reaches payCallback.
    const { outTradeNo } = await readJson(req);
    if (typeof outTradeNo !== 'string' || !outTradeNo) throw new HttpError(400, 'INVALID_BODY', 'outTradeNo is required');
    const result = await local.wxConfirmReceipt(outTradeNo);
    if (result === null) throw new HttpError(409, 'NOT_SHIPPED', 'WeChat has no shipment recorded for this order');
    return { status: 200, body: { result } };
  }
  const trigger = /^\/__dev\/trigger\/([^/]+)$/.exec(path);
  if (trigger) {
    if (!local.isFunction(trigger[1])) throw new HttpError(404, 'FUNCTION_NOT_FOUND', `no function named ${trigger[1]}`);
    const result = await local.trigger(trigger[1]);
    await local.pay.idle();
    return { status: 200, body: { result } };
  }
  throw new HttpError(404, 'NOT_FOUND', `POST ${path} is not served here`);
}

/**
 * `POST /__dev/upload?cloudPath=avatars/x.png` with the file's bytes as the body: what
 * `wx.cloud.uploadFile` does in the cloud, for a chosen avatar, product or material photo in local
 * mode. Only those images are taken (path checked, PNG/JPEG signature checked); answers the file id to
 * save and a URL that serves it. Exported for the page tests, which run it without HTTP.
 */
export async function devUpload(local: LocalCloud, cloudPath: string, bytes: Buffer): Promise<{ fileID: string; url: string }> {
  if (!UPLOAD_PATH.test(cloudPath)) {
    throw new HttpError(400, 'INVALID_PATH', 'cloudPath must be avatars|products|materials|aftersales/<name>.png|jpg|jpeg (letters, digits, _ and - only)');
  }
  if (bytes.length > MAX_UPLOAD_BYTES) throw new HttpError(413, 'BODY_TOO_LARGE', 'upload over 2 MB');
  const png = bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!(cloudPath.endsWith('.png') ? png : jpeg)) {
    throw new HttpError(400, 'INVALID_FILE', 'the body is not the ' + (cloudPath.endsWith('.png') ? 'PNG' : 'JPEG') + ' image its name says');
  }
  const { fileID } = await local.storage.uploadFile({ cloudPath, fileContent: bytes });
  const { fileList } = await local.storage.getTempFileURL({ fileList: [fileID] });
  return { fileID, url: fileList[0]?.tempFileURL ?? '' };
}

/**
 * The request body's bytes; over `limit` is a 413. The rest is read and dropped (not kept), so the
 * client finishes sending and gets the 413 instead of a reset connection.
 */
async function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw new HttpError(413, 'BODY_TOO_LARGE', `request body over ${Math.round(limit / 1024 / 1024)} MB`);
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBytes(req, MAX_BODY_BYTES)).toString('utf8');
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'INVALID_BODY', 'request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() ? s.trim() : undefined;
}

function contentTypeOf(path: string): string {
  if (path.endsWith('.csv')) return 'text/csv; charset=utf-8';
  if (path.endsWith('.jpg') || path.endsWith('.jpeg')) return 'image/jpeg';
  if (path.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}

function send(res: ServerResponse, status: number, body: unknown, contentType?: string): void {
  if (Buffer.isBuffer(body)) {
    res.writeHead(status, { 'content-type': contentType ?? 'application/octet-stream', 'content-length': body.length });
    res.end(body);
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
