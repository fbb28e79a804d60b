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
