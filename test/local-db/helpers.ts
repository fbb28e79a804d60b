import { openLocalDb, type LocalDb, type LocalDbOptions } from '../../local/db';

/** A fresh in-memory database; close it in afterEach. */
export function memDb(opts: Partial<LocalDbOptions> = {}): LocalDb {
  return openLocalDb({ file: ':memory:', ...opts });
}

/** The stored JSON text of a document, read straight from SQLite. */
export function rawData(db: LocalDb, collection: string, id: string): string | undefined {
  const row = db.sqlite.prepare(`SELECT data FROM "c_${collection}" WHERE _id = ?`).get(id) as { data: string } | undefined;
  return row?.data;
}

export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject, it resolved');
}
