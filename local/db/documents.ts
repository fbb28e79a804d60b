/** Turning stored rows into the documents the API returns, and new document ids. */
import { randomBytes } from 'node:crypto';
import type { AnyDoc } from '../../server/db/types';
import { invalidParam } from './errors';
import { getAt, setAt, splitPath, unsetAt } from './paths';
import { parseStored, type Plain } from './values';

const POOL_IDS = 1024;
let pool = Buffer.alloc(0);
let poolAt = 0;

/**
 * 32 hex characters (128 random bits), the shape of the cloud's generated ids. Random bytes are
 * drawn in batches: one randomBytes call per id costs more than the SQLite insert when seeding.
 */
export function newDocId(): string {
  if (poolAt >= pool.length) {
    pool = randomBytes(16 * POOL_IDS);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.toString('hex', poolAt - 16, poolAt);
}

export function checkDocId(id: unknown): string {
  if (typeof id !== 'string' || id === '') throw invalidParam('a document _id must be a non-empty string');
  return id;
}

/** The stored document (which has no `_id` inside) with `_id` first, as the cloud returns it. */
export function toDoc(id: string, data: Plain): AnyDoc {
  return { _id: id, ...data };
}

export function rowToDoc(row: { _id: string; data: string }): AnyDoc {
  return toDoc(row._id, parseStored(row.data));
}

export type Projection = { [field: string]: boolean };

/** `field()`: include mode when any field is true (`_id` always kept), else exclude mode. */
export function project(doc: AnyDoc, projection: Projection | undefined): AnyDoc {
  if (!projection) return doc;
  const entries = Object.entries(projection);
  entries.forEach(([f]) => splitPath(f));
  if (entries.some(([, on]) => on)) {
    const out: AnyDoc = { _id: doc._id };
    for (const [f, on] of entries) {
      if (!on || f === '_id') continue;
      const segs = splitPath(f);
      const v = getAt(doc, segs);
      if (v !== undefined) setAt(out, segs, v);
    }
    return out;
  }
  for (const [f] of entries) if (f !== '_id') unsetAt(doc, splitPath(f));
  return doc;
}
