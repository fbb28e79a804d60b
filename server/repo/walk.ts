import type { Db, DocData } from '../db/types';

export const WALK_PAGE = 1000;

/**
 * Every record whose `field` lies in [from, to), oldest first, in pages of `pageSize` read by an
 * indexed cursor on (field, _id) — never `skip` — so a long walk costs the same per page. `base`
 * must be the equality prefix of an index ending in (field, _id).
 */
export async function* walkByTime<T extends DocData>(
  db: Db,
  collection: string,
  field: string,
  from: number,
  to: number,
  base: Record<string, unknown> = {},
  pageSize = WALK_PAGE,
): AsyncGenerator<T[]> {
  const _ = db.command;
  let after: { at: number; id: string } | null = null;
  for (;;) {
    const range = [{ [field]: _.gte(from) }, { [field]: _.lt(to) }];
    const cursor = after
      ? [_.or({ [field]: _.gt(after.at) }, _.and({ [field]: after.at }, { _id: _.gt(after.id) }))]
      : [];
    const { data } = await db
      .collection<T>(collection)
      .where(_.and(base, ...range, ...cursor))
      .orderBy(field, 'asc')
      .orderBy('_id', 'asc')
      .limit(pageSize)
      .get();
    if (data.length) yield data;
    if (data.length < pageSize) return;
    const last = data[data.length - 1] as T & Record<string, unknown>;
    after = { at: last[field] as number, id: last._id };
  }
}
