/**
 * The subset of the wx-server-sdk database API that the backend uses.
 *
 * Both the real cloud database (through `platform/wx-cloud.ts`) and the local SQLite database
 * (`local/db`) implement it, so the backend runs unchanged on either. Keep it to what the cloud
 * really does: a method here is a promise that the local database behaves like the cloud for it.
 */

/** A stored document. `_id` is a string chosen by the caller or generated on `add`. */
export interface DocData {
  _id: string;
}
/** A document of no declared shape. */
export type AnyDoc = DocData & { [field: string]: unknown };
/** What `add` and `set` take: a document's fields (plain data; `_id` optional for `add`). */
export type WriteData = object;

/** Opaque markers produced by `db.command`; the database that made them interprets them. */
export interface QueryCommand {
  readonly __queryCommand: true;
}
export interface UpdateCommand {
  readonly __updateCommand: true;
}
export interface ServerDate {
  readonly __serverDate: true;
}

/** A where-condition: field paths (dotted or nested objects) to values or query commands. */
export type Condition = { [field: string]: unknown } | QueryCommand;

/** Update data: field paths to values (nested objects merge field by field) or update commands. */
export type UpdateData = { [field: string]: unknown };

export interface Command {
  eq(value: unknown): QueryCommand;
  neq(value: unknown): QueryCommand;
  gt(value: unknown): QueryCommand;
  gte(value: unknown): QueryCommand;
  lt(value: unknown): QueryCommand;
  lte(value: unknown): QueryCommand;
  in(values: unknown[]): QueryCommand;
  nin(values: unknown[]): QueryCommand;
  exists(present: boolean): QueryCommand;
  /** Conditions as arguments or as one array, like the cloud SDK. */
  and(...conditions: Array<Condition | Condition[]>): QueryCommand;
  or(...conditions: Array<Condition | Condition[]>): QueryCommand;

  inc(by: number): UpdateCommand;
  mul(by: number): UpdateCommand;
  min(value: number): UpdateCommand;
  max(value: number): UpdateCommand;
  /** Replaces the field's value as a whole (no field-by-field merge of objects). */
  set(value: unknown): UpdateCommand;
  remove(): UpdateCommand;
  push(value: unknown): UpdateCommand;
  pull(value: unknown): UpdateCommand;
  addToSet(value: unknown): UpdateCommand;
}

export interface GetResult<T> {
  data: T[];
}
export interface DocGetResult<T> {
  data: T;
}
export interface AddResult {
  _id: string;
}
export interface UpdateResult {
  stats: { updated: number };
}
export interface SetResult {
  _id: string;
  stats: { updated: number; created: number };
}
export interface RemoveResult {
  stats: { removed: number };
}
export interface CountResult {
  total: number;
}

export type SortOrder = 'asc' | 'desc';

export interface Query<T extends DocData = AnyDoc> {
  where(condition: Condition): Query<T>;
  orderBy(field: string, order: SortOrder): Query<T>;
  skip(n: number): Query<T>;
  /** At most 1000; `get` without a limit returns 100 documents, as in the cloud. */
  limit(n: number): Query<T>;
  field(projection: { [field: string]: boolean }): Query<T>;
  get(): Promise<GetResult<T>>;
  count(): Promise<CountResult>;
  /** Runs outside any transaction, as in the cloud. */
  update(options: { data: UpdateData }): Promise<UpdateResult>;
  remove(): Promise<RemoveResult>;
}

export interface DocRef<T extends DocData = AnyDoc> {
  /**
   * Throws when the document does not exist (the local database). The cloud's SDK, opened with
   * `throwOnNotFound: false` (platform/wx-cloud.ts), answers `{ data: null }` instead: backend code
   * reads possibly-missing documents outside transactions with `where({ _id })`, never with this.
   */
  get(): Promise<DocGetResult<T>>;
  /** Creates or replaces the whole document. */
  set(options: { data: WriteData }): Promise<SetResult>;
  update(options: { data: UpdateData }): Promise<UpdateResult>;
  remove(): Promise<RemoveResult>;
}

export interface Collection<T extends DocData = AnyDoc> extends Query<T> {
  doc(id: string): DocRef<T>;
  /** `data._id` may be given; adding an existing `_id` fails. */
  add(options: { data: WriteData }): Promise<AddResult>;
}

/** Inside a transaction only document operations and `add` exist (the cloud's rule). */
export interface TxDocRef<T extends DocData = AnyDoc> {
  /** Unlike outside a transaction, a missing document reads as `{ data: null }` (the cloud's rule). */
  get(): Promise<DocGetResult<T | null>>;
  set(options: { data: WriteData }): Promise<SetResult>;
  update(options: { data: UpdateData }): Promise<UpdateResult>;
  remove(): Promise<RemoveResult>;
}
export interface TxCollection<T extends DocData = AnyDoc> {
  doc(id: string): TxDocRef<T>;
  add(options: { data: WriteData }): Promise<AddResult>;
}
export interface Transaction {
  collection<T extends DocData = AnyDoc>(name: string): TxCollection<T>;
  commit(): Promise<void>;
  rollback(reason?: unknown): Promise<void>;
}

export interface Db {
  readonly command: Command;
  collection<T extends DocData = AnyDoc>(name: string): Collection<T>;
  serverDate(): ServerDate;
  /**
   * Runs `fn` in a transaction and commits it; on a write conflict the whole function runs again
   * (up to `retries` times). Anything `fn` throws rolls everything back and is rethrown.
   */
  runTransaction<R>(fn: (tx: Transaction) => Promise<R>, retries?: number): Promise<R>;
  startTransaction(): Promise<Transaction>;
  /** Creates a collection (wx-server-sdk `db.createCollection`); rejects for one that exists. */
  createCollection(name: string): Promise<unknown>;
}
