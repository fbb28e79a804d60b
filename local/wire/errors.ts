/**
 * How an engine error travels on the wire: as the TCB server's error body `{ code, message,
 * requestId }` (HTTP 200). The SDK turns it into what the cloud's callers see:
 *  - node-sdk utils/tcbapirequester.js:352 `if (result?.code) return processReturn(result)` throws
 *    a TcbError carrying `code` (utils/utils.js:49-55);
 *  - a document operation's wrapper (wx-server-sdk index.js:1499-1517 `checkError` / `maybeTransformError`, then
 *    `toSDKError` index.js:8155-8190) replaces it by `errCode: TCB_ERR_CODE[code] || -501001` and
 *    `errMsg: "<api>:fail <errCode> <text>. <message>"`, without `code`;
 *  - `transaction.commit` and the start/abort requests are not wrapped: runTransaction sees `code`
 *    and retries only `DATABASE_TRANSACTION_CONFLICT` (@cloudbase/database transaction/index.js:99).
 */
import { DbError } from '../db/errors';

/** wx-server-sdk index.js:815-843 (src/api/cloud/provider/tcb/config/error.config.ts). */
export const TCB_ERR_CODE: Record<string, number> = {
  SUCCESS: 0,
  SYS_ERR: -501001,
  SERVER_TIMEOUT: -501002,
  EXCEED_REQUEST_LIMIT: -501003,
  EXCEED_CONCURRENT_REQUEST_LIMIT: -501004,
  INVALIID_ENV: -501005,
  INVALID_COMMON_PARAM: -501006,
  INVALID_PARAM: -501007,
  INVALID_REQUEST_SOURCE: -501008,
  RESOURCE_NOT_INITIAL: -501009,
  DATABASE_REQUEST_FAILED: -502001,
  DATABASE_INVALID_OPERRATOR: -502002,
  DATABASE_PERMISSION_DENIED: -502003,
  DATABASE_COLLECTION_EXCEED_LIMIT: -502004,
  DATABASE_COLLECTION_NOT_EXIST: -502005,
  STORAGE_REQUEST_FAIL: -503001,
  STORAGE_EXCEED_AUTHORITY: -503002,
  STORAGE_FILE_NONEXIST: -503003,
  STORAGE_SIGN_PARAM_INVALID: -503004,
  FUNCTIONS_REQUEST_FAIL: -504001,
  FUNCTIONS_EXECUTE_FAIL: -504002,
};

export interface WireError {
  code: string;
  message: string;
}

/** The SDK's own prefix (`document.update:fail -501001 resource system error. `): the SDK adds it again. */
const SDK_PREFIX = /^[\w.]+:fail (-?\d+ [^.]*\. )?/;

/**
 * The server's error body for an engine error. The engine's codes pass through where the cloud has
 * them; a write-lock conflict (raised by the engine already in the SDK's wrapped form: numeric
 * `errCode`, no `code`, `ResourceUnavailable.TransactionConflict` in the message) goes out as the
 * server's conflict, which the SDK wraps back into exactly that form; a duplicate key is the
 * server's request failure with MongoDB's E11000 text; anything else (an injected fault) is a
 * system error.
 */
export function toWireError(e: unknown): WireError {
  const err = (e ?? {}) as { code?: unknown; errCode?: unknown; errMsg?: unknown; message?: unknown };
  const text = String(err.errMsg ?? err.message ?? e).replace(SDK_PREFIX, '');
  // A conflict, whichever form the engine raised it in (a commit's DbError code, or a write lock's
  // SDK-wrapped error): the SDK tells the two apart by where it meets them, not by the body.
  if (err.code === 'DATABASE_TRANSACTION_CONFLICT' || /TransactionConflict/i.test(text)) {
    return { code: 'DATABASE_TRANSACTION_CONFLICT', message: text };
  }
  if (e instanceof DbError) {
    if (e.code === 'INVALID_PARAM' || e.code === 'DATABASE_REQUEST_FAILED') return { code: e.code, message: text };
    // A duplicate key (E11000 text kept) and the engine's other refusals: the server's request failure.
    return { code: 'DATABASE_REQUEST_FAILED', message: text };
  }
  if (typeof err.code === 'string' && err.code in TCB_ERR_CODE) return { code: err.code, message: text };
  if (typeof err.errCode === 'number') {
    const named = Object.keys(TCB_ERR_CODE).find((k) => TCB_ERR_CODE[k] === err.errCode);
    if (named) return { code: named, message: text };
  }
  return { code: 'SYS_ERR', message: text };
}
