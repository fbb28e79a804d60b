/** The local cloud database (see local-db.ts); backend code sees only the `Db` interface. */
export { LocalDb, openLocalDb, type LocalDbOptions } from './local-db';
export { DbError, isDbError, type DbErrorCode } from './errors';
export type { IndexSpec } from '../../server/db/indexes';
