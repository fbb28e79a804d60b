import type { PersonRef } from '../../typings/admin';
import type { Db } from '../db/types';
import { C, type UserDoc } from './docs';

/**
 * Names and avatars for a page of openids (admin views show a person, not an openid): one bounded
 * read by _id. Unknown openids get an empty name; the page falls back to a neutral label.
 */
export async function peopleByOpenid(db: Db, openids: Array<string | null | undefined>): Promise<Map<string, PersonRef>> {
  const ids = [...new Set(openids.filter((o): o is string => !!o))];
  const out = new Map<string, PersonRef>();
  if (!ids.length) return out;
  const _ = db.command;
  const { data } = await db
    .collection<UserDoc>(C.users)
    .where({ _id: _.in(ids) })
    .field({ _id: true, nickname: true, avatarUrl: true })
    .limit(ids.length)
    .get();
  for (const u of data) out.set(u._id, { nickname: u.nickname ?? '', avatarUrl: u.avatarUrl ?? '' });
  return out;
}

export function personOf(people: Map<string, PersonRef>, openid: string | null | undefined): PersonRef {
  return (openid && people.get(openid)) || { nickname: '', avatarUrl: '' };
}
