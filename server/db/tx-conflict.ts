import { conflict } from '../core/errors';
import type { Db, Transaction } from './types';

/**
 * Whether an error is the database's transaction write conflict (another transaction changed a
 * document this one read). The local database says so in `code`; the cloud SDK in its message.
 */
export function isTransactionConflict(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; message?: unknown };
  const message = String(err.message ?? '');
  return err.code === 'DATABASE_TRANSACTION_CONFLICT' || /TRANSACTION_CONFLICT|transaction conflict/i.test(message);
}

/**
 * A transaction on a document many callers write at once (a product's stock in a rush, a referrer's
 * team counters, one balance under a double tap). Every conflict means another transaction
 * committed, so retrying `retries` times gets there; if a rush outlasts even those, the caller hears
 * CONFLICT with `busyMessage` (try again) — never INTERNAL, and nothing was written.
 */
export async function runContended<R>(
  db: Db,
  fn: (tx: Transaction) => Promise<R>,
  retries: number,
  busyMessage: string,
): Promise<R> {
  try {
    return await db.runTransaction(fn, retries);
  } catch (e) {
    if (isTransactionConflict(e)) throw conflict(busyMessage);
    throw e;
  }
}
