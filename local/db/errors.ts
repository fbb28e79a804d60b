/**
 * Errors the local database throws. `code` follows the cloud SDK where the cloud has one
 * (`DATABASE_TRANSACTION_CONFLICT`, `INVALID_PARAM`, `DATABASE_REQUEST_FAILED`); `errCode` is the
 * cloud's numeric code, so backend code can test either the same way on both.
 */
export type DbErrorCode =
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_DUPLICATE_KEY'
  | 'DOCUMENT_NOT_FOUND'
  | 'INVALID_PARAM'
  | 'WRITE_OUTSIDE_TRANSACTION'
  | 'TRANSACTION_FINISHED'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST';

export class DbError extends Error {
  readonly errCode: number;
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
    this.errCode = code === 'INVALID_PARAM' ? -1 : code === 'DATABASE_COLLECTION_NOT_EXIST' ? -502005 : -502001;
  }
}

export function invalidParam(message: string): DbError {
  return new DbError('INVALID_PARAM', message);
}

/** Worded like MongoDB's E11000 so code that recognises the cloud's duplicate error sees this one too. */
export function duplicateKey(collection: string, id: string, index = '_id_'): DbError {
  return new DbError(
    'DATABASE_DUPLICATE_KEY',
    `E11000 duplicate key error collection: ${collection} index: ${index} dup key: { _id: "${id}" }`,
  );
}

/**
 * A collection nobody created: the cloud answers errCode -502005 (wx-server-sdk ERR_CODE
 * DATABASE_COLLECTION_NOT_EXIST, 'database collection not exists'), worded as its SDK words it.
 */
export function collectionNotExist(collection: string): DbError {
  return new DbError(
    'DATABASE_COLLECTION_NOT_EXIST',
    `-502005 database collection not exists. [ResourceNotFound] Db or Table not exist: ${collection}`,
  );
}

export function collectionExists(collection: string): DbError {
  return new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${collection} already exists`);
}

/**
 * A conflict found at commit: a document this transaction wrote was changed by someone else after
 * this transaction had read it. The SDK's commit passes the server's `{ code, message }` through
 * unwrapped (@cloudbase/database 1.4.3, dist/commonjs/transaction/index.js: `if (res.code) throw res`),
 * and its runTransaction retries exactly this code — so this one carries `code`.
 */
export function transactionConflict(collection: string, id: string): DbError {
  return new DbError(
    'DATABASE_TRANSACTION_CONFLICT',
    `database transaction conflict: ${collection}/${id} changed since the transaction read it`,
  );
}

/** What the cloud's database service answers for a write to a document another transaction holds. */
export const WRITE_CONFLICT_WIRE_CODE = 'ResourceUnavailable.TransactionConflict';
/** wx-server-sdk 4.0.2 maps a server code it does not know to SYS_ERR (index.js, `maybeTransformError`). */
export const WRITE_CONFLICT_ERRCODE = -501001;

/**
 * A write to a document that another open transaction has written (and so locked until it commits
 * or rolls back). The cloud refuses it at once, and the SDK hands it to the caller wrapped:
 * `maybeTransformError` turns the server's `{ code: 'ResourceUnavailable.TransactionConflict',
 * message }` into `{ errCode: -501001, errMsg: message }` (the code is not in TCB_ERR_CODE), and
 * `toSDKError` makes that `Error('<api>:fail -501001 resource system error. <message>')` with
 * `errCode` and `errMsg` — and no `code`. This error has that shape, so backend code meets the same
 * thing here as on the real SDK; runTransaction does NOT retry it (the SDK retries only `code ===
 * 'DATABASE_TRANSACTION_CONFLICT'`).
 *
 * `wire` is the marker for the wire door (`/tcb/admin`): the `{ code, message }` to answer the SDK
 * with, so the SDK itself produces the wrapped form above.
 */
export class TransactionWriteConflict extends Error {
  readonly errCode = WRITE_CONFLICT_ERRCODE;
  readonly errMsg: string;
  readonly wire: { code: typeof WRITE_CONFLICT_WIRE_CODE; message: string };
  constructor(api: string, collection: string, id: string) {
    const message = `[${WRITE_CONFLICT_WIRE_CODE}] Transaction is conflicted: ${collection}/${id} is being written by another transaction.`;
    super(`${api}:fail ${WRITE_CONFLICT_ERRCODE} resource system error. ${message}`);
    this.name = 'Error';
    this.errMsg = this.message;
    this.wire = { code: WRITE_CONFLICT_WIRE_CODE, message };
  }
}

export function isWriteConflict(e: unknown): e is TransactionWriteConflict {
  return e instanceof TransactionWriteConflict;
}

export function isDbError(e: unknown, code: DbErrorCode): e is DbError {
  return e instanceof DbError && e.code === code;
}
