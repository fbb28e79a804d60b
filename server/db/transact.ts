import { conflict } from '../core/errors';
import type { Db, Transaction } from './types';

/**
 * How two requests meeting in the database show up, on the real SDK and on the local cloud alike:
 * - `write_conflict`: this transaction wrote a document another open transaction had written. The
 *   cloud refuses it at once and wx-server-sdk hands it over wrapped: an Error with `errCode: -501001`
 *   and `ResourceUnavailable.TransactionConflict` in its message, and no `code` (the SDK maps a server
 *   code it does not know to SYS_ERR -501001 and keeps only the server's message: wx-server-sdk 4.0.2
 *   index.js, `maybeTransformError` and `toSDKError`).
 * - `commit_conflict`: found at commit; the SDK passes the server's `{ code: 'DATABASE_TRANSACTION_CONFLICT' }`
 *   through unwrapped (@cloudbase/database 1.4.3, transaction/index.js).
 * - `duplicate_key`: an `add` of an `_id` someone else took first (MongoDB's E11000).
 *
 * Codes first, never the wording where a code says it. But -501001 is the SDK's catch-all for any
 * server error it has no code for, so it alone does not mean contention: the server's conflict code
 * survives only inside the message, and matching it there is the fallback the SDK leaves us. The
 * same holds for a duplicate key, which reaches us as a generic database failure with MongoDB's
 * E11000 text (the local database also sets `code: 'DATABASE_DUPLICATE_KEY'`).
 */
export type Contention = 'write_conflict' | 'commit_conflict' | 'duplicate_key';

export const SDK_SYS_ERR = -501001;

export function contentionOf(e: unknown): Contention | null {
  if (typeof e !== 'object' || e === null) return null;
  const { code, errCode, message } = e as { code?: unknown; errCode?: unknown; message?: unknown };
  if (code === 'DATABASE_TRANSACTION_CONFLICT') return 'commit_conflict';
  if (code === 'DATABASE_DUPLICATE_KEY') return 'duplicate_key';
  const text = typeof message === 'string' ? message : '';
  if (errCode === SDK_SYS_ERR && text.includes('ResourceUnavailable.TransactionConflict')) return 'write_conflict';
  if (code === undefined && /\bE11000 duplicate key\b/.test(text)) return 'duplicate_key';
  return null;
}

export interface TransactOptions {
  /** What the caller hears (CONFLICT) when the contention outlasts every attempt: a Chinese "try again". */
  busy: string;
  /**
   * The transaction names a new document by a counter it read (`W<seq>-<openid>`, `<order>-R<n>`):
   * a duplicate key then only means another request took that number first, so it is retried too.
   */
  derivedIds?: boolean;
  /** Attempts in all (default TRANSACT_ATTEMPTS). */
  attempts?: number;
}

export const TRANSACT_ATTEMPTS = 20;
const BASE_DELAY_MS = 8;
const MAX_DELAY_MS = 500;

/** "Full jitter" exponential backoff: a random wait below a cap that doubles per attempt. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one way the backend runs a transaction. Reads take no locks and writes lock (the cloud's
 * rules), so two requests on one document — a popular distributor's balance, a product's last units,
 * one order's refunds — make all but one fail at once; the SDK's own runTransaction retries only
 * the commit-time form, immediately. So this asks it for no retries (`times` 0) and runs the whole
 * callback again itself for every form of contention, after a jittered backoff that spreads the
 * losers out. Each attempt re-reads everything, so a retry decides on fresh data (stock gone →
 * the callback's own refusal). Anything else `fn` throws is rethrown at once. When contention
 * outlasts every attempt, the caller gets CONFLICT with `busy` — never INTERNAL — and nothing was
 * written.
 */
export async function transact<R>(db: Db, fn: (tx: Transaction) => Promise<R>, opts: TransactOptions): Promise<R> {
  const attempts = opts.attempts ?? TRANSACT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.runTransaction(fn, 0);
    } catch (e) {
      const kind = contentionOf(e);
      if (!kind || (kind === 'duplicate_key' && !opts.derivedIds)) throw e;
      if (attempt >= attempts) throw conflict(opts.busy);
      await sleep(backoffMs(attempt));
    }
  }
}

/** The usual `busy` message. */
export const BUSY = '操作的人较多，请稍后重试';
