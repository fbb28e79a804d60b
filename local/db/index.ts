export { LocalDb, openLocalDb, type LocalDbOptions } from './local-db';
export {
  DbError,
  isDbError,
  isWriteConflict,
  TransactionWriteConflict,
  WRITE_CONFLICT_ERRCODE,
  WRITE_CONFLICT_WIRE_CODE,
  type DbErrorCode,
} from './errors';
export { LocalTransaction, type TxOp } from './transaction';
export type { IndexSpec } from '../../server/db/indexes';
