/**
 * `database.*` on the wire, answered from the local database (the same engine, transactions and
 * instruments the direct door uses). Request and answer shapes, from @cloudbase/database
 * (node_modules/@cloudbase/database/dist/commonjs):
 *  - getDocument  document.js:213-239 (DOC: `query {"_id"}`, `multi:false`), query.js:44-88 (WHERE:
 *    `query`, `order`, `offset`, `limit` ≤ 1000 (100 when unset), `projection`) → `data.list`: EJSON
 *    strings; in a transaction `transactionId`, and the SDK reads `documents[0] || null`
 *  - calculateDocument  query.js:89-106 → `data.total`
 *  - insertDocument  collection.js:26-63, document.js:34-57 (`data`: EJSON strings) → `data.insertedIds`
 *  - modifyDocument  document.js:96-152 (set: `merge:false, upsert:true`, plain data), 153-178
 *    (update: `merge:true`, operators), query.js:148-177 (where update: `multi:true`) →
 *    `data.updated`, `data.upsert_id`
 *  - removeDocument  document.js:182-197, query.js:195-219 → `data.deleted`
 *  - start/commit/abortTransaction  transaction/index.js:17-55 → `transactionId` (top level)
 * Every answer carries `requestId`.
 */
import type { Collection, Query, Transaction, TxDocRef } from '../../server/db/types';
import type { LocalDb } from '../db';
import { DbError, invalidParam } from '../db/errors';
import { isPlainObject } from '../db/values';
import { parseEjson, stringifyEjson } from './ejson';
import { toCondition, toOrder, toProjection, toUpdateData } from './mongo';

type Params = Record<string, unknown>;

/** The document operations counted as database round trips (transaction control is not). */
export const DOCUMENT_ACTIONS = new Set([
  'database.getDocument',
  'database.calculateDocument',
  'database.insertDocument',
  'database.modifyDocument',
  'database.removeDocument',
]);

interface OpenTx {
  tx: Transaction;
  /** The invocation that opened it (its WX_API_TOKEN), so a function that dies leaves nothing open. */
  owner: string;
}

export class WireDatabase {
  private readonly txs = new Map<string, OpenTx>();
  private seq = 0;

  constructor(private readonly db: LocalDb) {}

  private ejson(text: unknown): unknown {
    if (typeof text !== 'string') throw invalidParam('expected an EJSON string');
    return parseEjson(text, (offsetMs) => this.db.serverDate({ offset: offsetMs }));
  }

  private tx(id: unknown): Transaction | undefined {
    if (id === undefined || id === null || id === '') return undefined;
    const open = this.txs.get(String(id));
    if (!open) throw new DbError('DATABASE_REQUEST_FAILED', `transaction ${String(id)} is not open`);
    return open.tx;
  }

  private docId(p: Params): string {
    const q = this.ejson(p.query);
    if (!isPlainObject(q) || typeof q._id !== 'string') throw invalidParam('a DOC query needs {_id}');
    return q._id;
  }

  private txDoc(tx: Transaction, p: Params): TxDocRef {
    return tx.collection(String(p.collectionName)).doc(this.docId(p));
  }

  private where(p: Params): Query {
    const coll: Collection = this.db.collection(String(p.collectionName));
    return p.query === undefined || p.query === '' ? coll : coll.where(toCondition(this.ejson(p.query)));
  }

  /** Transactions still open from an invocation that has ended: rolled back, as the cloud times them out. */
  async abandon(owner: string): Promise<void> {
    for (const [id, open] of [...this.txs]) {
      if (open.owner !== owner) continue;
      this.txs.delete(id);
      await open.tx.rollback().catch(() => undefined);
    }
  }

  get openTransactions(): number {
    return this.txs.size;
  }

  async handle(action: string, p: Params, owner: string): Promise<Record<string, unknown>> {
    switch (action) {
      case 'database.startTransaction': {
        const tx = await this.db.startTransaction();
        const transactionId = `tx-${++this.seq}-${Date.now().toString(36)}`;
        this.txs.set(transactionId, { tx, owner });
        return { transactionId };
      }
      case 'database.commitTransaction':
      case 'database.abortTransaction': {
        const id = String(p.transactionId ?? '');
        const open = this.txs.get(id);
        if (!open) throw new DbError('DATABASE_REQUEST_FAILED', `transaction ${id} is not open`);
        this.txs.delete(id);
        if (action === 'database.commitTransaction') await open.tx.commit();
        else await open.tx.rollback();
        return {};
      }
      case 'database.getDocument':
        return { data: { list: await this.get(p) } };
      case 'database.calculateDocument': {
        const { total } = await this.where(p).count();
        return { data: { total } };
      }
      case 'database.insertDocument': {
        const docs = Array.isArray(p.data) ? p.data : [];
        const tx = this.tx(p.transactionId);
        const insertedIds: string[] = [];
        for (const text of docs) {
          const data = this.ejson(text) as Record<string, unknown>;
          const coll = String(p.collectionName);
          const { _id } = tx ? await tx.collection(coll).add({ data }) : await this.db.collection(coll).add({ data });
          insertedIds.push(_id);
        }
        return { data: { insertedIds } };
      }
      case 'database.modifyDocument':
        return { data: await this.modify(p) };
      case 'database.removeDocument': {
        const tx = this.tx(p.transactionId);
        if (p.queryType === 'DOC') {
          const res = tx ? await this.txDoc(tx, p).remove() : await this.db.collection(String(p.collectionName)).doc(this.docId(p)).remove();
          return { data: { deleted: res.stats.removed } };
        }
        if (tx) throw invalidParam('a where() remove cannot run inside a transaction');
        const res = await this.where(p).remove();
        return { data: { deleted: res.stats.removed } };
      }
      default:
        throw invalidParam(`unknown database action ${action}`);
    }
  }

  private async get(p: Params): Promise<string[]> {
    const tx = this.tx(p.transactionId);
    if (p.queryType === 'DOC') {
      const id = this.docId(p);
      if (tx) {
        const { data } = await this.txDoc(tx, p).get();
        return data ? [stringifyEjson(data)] : [];
      }
      try {
        const { data } = await this.db.collection(String(p.collectionName)).doc(id).get();
        return [stringifyEjson(this.project(data, p))];
      } catch (e) {
        // The server answers an empty list; the SDK decides whether that throws (throwOnNotFound).
        if (e instanceof DbError && e.code === 'DOCUMENT_NOT_FOUND') return [];
        throw e;
      }
    }
    if (tx) throw invalidParam('a where() query cannot run inside a transaction');
    let q = this.where(p);
    for (const [f, d] of toOrder(p.order === undefined ? undefined : this.ejson(p.order))) q = q.orderBy(f, d);
    if (typeof p.offset === 'number' && p.offset > 0) q = q.skip(p.offset);
    q = q.limit(typeof p.limit === 'number' && p.limit > 0 ? Math.min(p.limit, 1000) : 100);
    const projection = toProjection(p.projection === undefined ? undefined : this.ejson(p.projection));
    if (projection) q = q.field(projection);
    const { data } = await q.get();
    return data.map((d) => stringifyEjson(d));
  }

  /** A `doc().field()` projection on a single read (the query path projects in the engine). */
  private project(doc: Record<string, unknown>, p: Params): Record<string, unknown> {
    const projection = toProjection(p.projection === undefined ? undefined : this.ejson(p.projection));
    if (!projection || !Object.values(projection).some(Boolean)) return doc;
    const out: Record<string, unknown> = { _id: doc._id };
    for (const [f, on] of Object.entries(projection)) if (on && f in doc) out[f] = doc[f];
    return out;
  }

  private async modify(p: Params): Promise<Record<string, unknown>> {
    const tx = this.tx(p.transactionId);
    const coll = String(p.collectionName);
    const data = this.ejson(p.data);
    if (p.queryType === 'DOC') {
      const id = this.docId(p);
      if (p.merge === false) {
        // doc().set(): the whole document, created when missing (upsert).
        const res = tx
          ? await tx.collection(coll).doc(id).set({ data: data as object })
          : await this.db.collection(coll).doc(id).set({ data: data as object });
        return { updated: res.stats.updated, upsert_id: res.stats.created ? id : undefined };
      }
      const update = toUpdateData(data);
      const res = tx ? await tx.collection(coll).doc(id).update({ data: update }) : await this.db.collection(coll).doc(id).update({ data: update });
      return { updated: res.stats.updated };
    }
    if (tx) throw invalidParam('a where() update cannot run inside a transaction');
    const res = await this.where(p).update({ data: toUpdateData(data) });
    return { updated: res.stats.updated };
  }
}
