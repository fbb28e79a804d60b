/**
 * The one way the client reaches the backend: `call(fn, action, params)` → the action's data, or a
 * thrown CallError with the server's code and message. The transport comes from config.ts: WeChat's
 * cloud (`wx.cloud.callFunction`) or the local cloud (`wx.request` with a dev identity header).
 */
import { config } from '../config';
import type { ApiActions, ApiResult, ErrorCode } from '../../typings/api';
import type { AdminActions } from '../../typings/admin';

export type Fn = 'api' | 'admin';
type Table<F extends Fn> = F extends 'api' ? ApiActions : AdminActions;

/** Codes the transport adds to the server's: the network failed, or the answer was not one. */
export type CallCode = ErrorCode | 'NETWORK';

export class CallError extends Error {
  constructor(readonly code: CallCode, message: string) {
    super(message);
  }
}

const DEV_OPENID_KEY = 'dev.openid';

/** The identity the local cloud sees (local mode only): stored, switchable on 我的. */
export function devOpenid(): string {
  if (config.backend !== 'local') return '';
  const stored = wx.getStorageSync(DEV_OPENID_KEY);
  return typeof stored === 'string' && stored ? stored : config.devOpenid;
}

export function setDevOpenid(openid: string): void {
  wx.setStorageSync(DEV_OPENID_KEY, openid);
}

export function isLocal(): boolean {
  return config.backend === 'local';
}

let cloudReady = false;

/** A failed transport: a plain sentence for people, the technical detail (URL, errMsg) for the console. */
function networkError(what: string, err: { errMsg?: string } | undefined): CallError {
  console.warn('[call] ' + what + ' failed:', err && err.errMsg);
  return new CallError('NETWORK', FALLBACK.NETWORK);
}

function viaCloud(fn: Fn, data: object): Promise<unknown> {
  if (config.backend !== 'cloud') throw new Error('not cloud');
  if (!cloudReady) {
    wx.cloud.init({ env: config.envId, traceUser: true });
    cloudReady = true;
  }
  return new Promise((resolve, reject) => {
    wx.cloud.callFunction({
      name: fn,
      data,
      success: (res) => resolve(res.result),
      fail: (err) => reject(networkError('cloud.callFunction ' + fn, err)),
    });
  });
}

/** POST to the local cloud; resolves with the parsed body, rejects on network failure. */
export function localPost(path: string, body: object, openid?: string): Promise<{ status: number; body: any }> {
  if (config.backend !== 'local') throw new Error('not local');
  const url = config.localUrl + path;
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method: 'POST',
      data: body,
      header: { 'content-type': 'application/json', 'X-WX-OPENID': openid ?? devOpenid() },
      success: (res) => resolve({ status: res.statusCode, body: res.data }),
      fail: (err) => reject(networkError('local cloud ' + url, err)),
    });
  });
}

/**
 * Stores a chosen temp image in the local cloud (what `wx.cloud.uploadFile` does in the cloud): its
 * bytes, read from the temp file, POSTed raw to `/__dev/upload` (no multipart). → the file id.
 */
export function localUpload(cloudPath: string, filePath: string): Promise<string> {
  if (config.backend !== 'local') throw new Error('not local');
  const url = config.localUrl + '/__dev/upload?cloudPath=' + encodeURIComponent(cloudPath);
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().readFile({
      filePath,
      success: ({ data }) =>
        wx.request({
          url,
          method: 'POST',
          data: data as ArrayBuffer,
          header: { 'content-type': 'application/octet-stream' },
          success: (res) => {
            const body = res.data as { fileID?: unknown; errMsg?: unknown } | undefined;
            if (res.statusCode === 200 && body && typeof body.fileID === 'string') resolve(body.fileID);
            else {
              console.warn('[upload]', cloudPath, res.statusCode, body && body.errMsg);
              reject(new CallError('INVALID_ARGUMENT', '图片上传失败，请换一张图片重试'));
            }
          },
          fail: (err) => reject(networkError('local upload ' + url, err)),
        }),
      fail: (err) => {
        console.warn('[upload] reading', filePath, err && err.errMsg);
        reject(new CallError('INTERNAL', '读取图片失败，请重新选择'));
      },
    });
  });
}

async function viaLocal(fn: Fn, data: object): Promise<unknown> {
  const res = await localPost('/functions/' + fn, { data });
  if (res.status !== 200 || !res.body || typeof res.body !== 'object' || !('result' in res.body)) {
    throw new CallError('INTERNAL', '服务暂时不可用，请稍后再试');
  }
  return res.body.result;
}

export async function call<F extends Fn, A extends keyof Table<F> & string>(
  fn: F,
  action: A,
  params: Table<F>[A] extends { params: infer P } ? P : never,
): Promise<Table<F>[A] extends { data: infer D } ? D : never> {
  const data = { action, ...(params as object) };
  const result = (await (config.backend === 'local' ? viaLocal(fn, data) : viaCloud(fn, data))) as ApiResult<any> | undefined;
  if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
    throw new CallError('INTERNAL', '服务返回了无法识别的结果');
  }
  if (!result.ok) throw new CallError(result.code, result.message);
  return result.data;
}

export function api<A extends keyof ApiActions & string>(action: A, params: ApiActions[A]['params']): Promise<ApiActions[A]['data']> {
  return call('api', action, params as never) as Promise<ApiActions[A]['data']>;
}

export function admin<A extends keyof AdminActions & string>(
  action: A,
  params: AdminActions[A]['params'],
): Promise<AdminActions[A]['data']> {
  return call('admin', action, params as never) as Promise<AdminActions[A]['data']>;
}

const FALLBACK: Record<CallCode, string> = {
  INVALID_ARGUMENT: '填写的内容有误，请检查后重试',
  UNKNOWN_ACTION: '版本过旧，请更新小程序',
  NOT_FOUND: '内容不存在或已下架',
  FORBIDDEN: '没有权限',
  INSUFFICIENT_BALANCE: '可提现余额不足',
  LIMIT_EXCEEDED: '超出限制，请稍后再试',
  CONFLICT: '状态已变化，请刷新后再试',
  NOT_ELIGIBLE: '暂不符合条件',
  UNAUTHENTICATED: '请先登录',
  PAYMENT_FAILED: '支付失败',
  INTERNAL: '服务开小差了，请稍后再试',
  NETWORK: '网络不太顺畅，请检查网络后重试',
};

/**
 * What no person should read: transport errors (`request:fail`, `cloud.callFunction:fail`), URLs,
 * error codes and variable names (`INVALID_ARGUMENT`, `ADMIN_OPENIDS`), and the validator's
 * "参数错误：field …" (a bug of the page, not the person's input).
 */
const TECHNICAL = /:fail|callFunction|errCode|errMsg|:\/\/|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|参数错误|\bundefined\b|\bnull\b|Error:/;

/**
 * The sentence a person reads for an error: the server's Chinese message when it is one, else a
 * plain sentence by code. The technical detail goes to the console for the developer.
 */
export function errorText(e: unknown): string {
  if (e instanceof CallError) {
    const text = plainMessage(e.code, e.message);
    if (text !== e.message) console.warn('[call] ' + e.code + ': ' + e.message);
    return text;
  }
  console.warn('[call] unexpected error', e);
  return FALLBACK.INTERNAL;
}

/** A stored error (an audit entry's code and message) as a person may read it. */
export function plainMessage(code: string | null | undefined, message: string | null | undefined): string {
  if (message && code !== 'INTERNAL' && !TECHNICAL.test(message)) return message;
  return FALLBACK[code as CallCode] || FALLBACK.INTERNAL;
}

/** Shows an error as a toast (every page's catch ends here). */
export function toastError(e: unknown): void {
  wx.showToast({ title: errorText(e), icon: 'none', duration: 2500 });
}
