import type { Page } from '../../typings/api';
import { invalid } from '../core/errors';
import type { Collection, Condition, Db, DocData } from '../db/types';

/**
 * Cursor paging, newest first. The cursor is opaque to the client: it encodes the last item's
 * (createdAt, _id), and the next page starts strictly after that pair, so items created in the same
 * millisecond are neither skipped nor repeated. Every caller's `base` condition must be the equality
 * prefix of an index whose last field is createdAt (server/db/indexes.ts), so each page is one
 * indexed, bounded query.
 */
export const PAGE_SIZE = 20;

export interface CursorPos {
  createdAt: number;
  id: string;
}

export function encodeCursor(pos: CursorPos): string {
  return Buffer.from(JSON.stringify([pos.createdAt, pos.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPos {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      Number.isSafeInteger(v[0]) &&
      typeof v[1] === 'string' &&
      v[1].length > 0 &&
      v[1].length <= 64
    ) {
      return { createdAt: v[0] as number, id: v[1] };
    }
  } catch {
    // fall through: any garbage is the same bad cursor
  }
  throw invalid('参数错误：cursor 分页游标无效');
}

/**
 * The condition for "strictly after `pos`" in (createdAt desc, _id desc) order. The leading
 * `createdAt <= t` is a plain range the index seeks to, so a deep page never scans the pages before it.
 */
export function afterCursor(db: Db, pos: CursorPos): Condition {
  const _ = db.command;
  return _.and(
    { createdAt: _.lte(pos.createdAt) },
    _.or({ createdAt: _.lt(pos.createdAt) }, { _id: _.lt(pos.id) }),
  );
}

/** One page of `base`, newest first: at most `size` items, fetched as size + 1 to know if more exist. */
export async function pageNewestFirst<T extends DocData & { createdAt: number }>(
  db: Db,
  collection: Collection<T>,
  base: Record<string, unknown>,
  cursor: string | undefined,
  size = PAGE_SIZE,
): Promise<Page<T>> {
  const where = cursor ? db.command.and(base, afterCursor(db, decodeCursor(cursor))) : base;
  const { data } = await collection
    .where(where)
    .orderBy('createdAt', 'desc')
    .orderBy('_id', 'desc')
    .limit(size + 1)
    .get();
  return pageOf(data, size);
}

/** Cuts a newest-first list fetched as size + 1 into a page and its next cursor. */
export function pageOf<T extends { _id: string; createdAt: number }>(rows: T[], size: number): Page<T> {
  const items = rows.slice(0, size);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > size && last ? encodeCursor({ createdAt: last.createdAt, id: last._id }) : null,
  };
}

/** Newest first, ties by _id descending: the order every paged list uses. */
export function newestFirst(a: { _id: string; createdAt: number }, b: { _id: string; createdAt: number }): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}
