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

export function transactionConflict(collection: string, id: string): DbError {
  return new DbError(
    'DATABASE_TRANSACTION_CONFLICT',
    `database transaction conflict: ${collection}/${id} changed since the transaction read it`,
  );
}

export function isDbError(e: unknown, code: DbErrorCode): e is DbError {
  return e instanceof DbError && e.code === code;
}
