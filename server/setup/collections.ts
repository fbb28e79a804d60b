import type { Db } from '../db/types';
import { C, COLLECTIONS } from '../db/collections';
import type { Cloud } from '../platform/cloud';

export interface CollectionsSetup {
  created: string[];
  existed: string[];
  failed: Array<{ name: string; message: string }>;
}

/**
 * Creates every collection of COLLECTIONS that does not exist yet, with the SDK's
 * `db.createCollection`. Idempotent, and without reading any error's code or text: a collection is
 * probed with a one-row read (which answers only if it exists) before it is created, and again
 * after a failed create (another setup may have made it meanwhile). Indexes cannot be created through the SDK: they are made
 * in the console from `server/db/indexes.ts` (README, "Deploying").
 */
export async function setupCollections(db: Db, now: number): Promise<CollectionsSetup> {
  const out: CollectionsSetup = { created: [], existed: [], failed: [] };
  const exists = async (name: string) => {
    try {
      await db.collection(name).limit(1).field({ _id: true }).get();
      return true;
    } catch {
      return false;
    }
  };
  for (const name of COLLECTIONS) {
    if (await exists(name)) {
      out.existed.push(name);
      continue;
    }
    try {
      await db.createCollection(name);
      out.created.push(name);
    } catch (e) {
      // Created meanwhile by a concurrent setup, or a real failure: the probe tells.
      if (await exists(name)) out.existed.push(name);
      else out.failed.push({ name, message: (e instanceof Error ? e.message : String(e)).slice(0, 200) });
    }
  }
  // The mark the settle run checks (one read) instead of probing every collection again.
  if (!out.failed.length) await db.collection(C.jobState).doc(SETUP_MARK_ID).set({ data: setupMark(now) });
  return out;
}

/** The `job_state` document that records a completed setup, and what it holds. */
export const SETUP_MARK_ID = 'collections';
export const setupMark = (now: number) => ({ names: [...COLLECTIONS], at: now });

/**
 * For the settle run: the setup once, then never again — a `job_state` mark lists what was set up,
 * so each later run costs one read. A missing job_state (a fresh environment) fails that read, which
 * is the cue to set up.
 */
export async function ensureCollections(cloud: Cloud): Promise<CollectionsSetup | null> {
  const db = cloud.db;
  try {
    const { data } = await db.collection<{ _id: string; names: string[] }>(C.jobState).where({ _id: SETUP_MARK_ID }).limit(1).get();
    const names = new Set(data[0]?.names ?? []);
    if (COLLECTIONS.every((n) => names.has(n))) return null;
  } catch {
    // job_state itself is missing: set up below.
  }
  return setupCollections(db, cloud.now());
}
