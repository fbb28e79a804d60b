import type { ApiData } from '../../../typings/api';
import { z } from 'zod';
import { defineAction } from '../action';
import type { Db } from '../../db/types';
import { C, type DistributorDoc, type RankingStatDoc, type UserDoc } from '../../repo/docs';
import { boardKey, competitionRanks, type RankingBy, type RankingPeriod } from '../../rules/ranking';

export const RANKING_SIZE = 50;

/** Where one board lives: a collection, an equality prefix and the (indexed) field it sorts on. */
interface Board {
  collection: string;
  base: Record<string, unknown>;
  field: 'lifetimeFen' | 'teamSize' | 'value';
  idOf(openid: string): string;
}

function boardFor(by: RankingBy, period: RankingPeriod, now: number): Board {
  if (period === 'all') {
    return {
      collection: C.distributors,
      base: {},
      field: by === 'commission' ? 'lifetimeFen' : 'teamSize',
      idOf: (openid) => openid,
    };
  }
  // Week and month boards are kept by the settle job (server/settle/rankings.ts).
  const key = boardKey(by, period, now);
  return { collection: C.rankingStats, base: { key }, field: 'value', idOf: (openid) => `${key}:${openid}` };
}

/**
 * 排行榜: commission earned (lifetime: lifetimeFen; this China-time week / month: the period boards)
 * or team size (all: level 1 + level 2; week / month: members who joined in it). Top 50 by one
 * indexed query; ties share a rank (1, 1, 3); the caller's own rank is one indexed count of those
 * strictly ahead, so it is right far outside the top 50 too. Only values above zero rank. Rows
 * carry no openids; the server marks the caller's own (`isMe`).
 */
export const rankingList = defineAction({
  schema: z.strictObject({ by: z.enum(['commission', 'team']), period: z.enum(['week', 'month', 'all']) }),
  async run(ctx, p): Promise<ApiData<'ranking.list'>> {
    const _ = ctx.db.command;
    const board = boardFor(p.by, p.period, ctx.now);
    const coll = ctx.db.collection<DistributorDoc | RankingStatDoc>(board.collection);
    const { data: top } = await coll
      .where(_.and(board.base, { [board.field]: _.gt(0) }))
      .orderBy(board.field, 'desc')
      .orderBy(board.collection === C.rankingStats ? 'openid' : '_id', 'asc')
      .limit(RANKING_SIZE)
      .get();
    const value = (d: DistributorDoc | RankingStatDoc) => Number((d as unknown as Record<string, unknown>)[board.field] ?? 0);
    const values = top.map(value);
    const ranks = competitionRanks(values);
    const openids = top.map((d) => d.openid);
    const users = await usersById(ctx.db, openids);

    const me = ctx.user.openid;
    const mine = await coll.where({ _id: board.idOf(me) }).limit(1).get();
    const myValue = mine.data[0] ? value(mine.data[0]) : 0;
    let myRank: number | null = null;
    if (myValue > 0) {
      const { total } = await coll.where(_.and(board.base, { [board.field]: _.gt(myValue) })).count();
      myRank = total + 1;
    }
    return {
      // Rank, name, picture and figure only: other people's openids never leave the server.
      items: top.map((d, i) => ({
        rank: ranks[i],
        nickname: users.get(d.openid)?.nickname ?? '',
        avatarUrl: users.get(d.openid)?.avatarUrl ?? '',
        value: values[i],
        isMe: d.openid === me,
      })),
      me: { rank: myRank, value: myValue },
    };
  },
});

async function usersById(db: Db, openids: string[]): Promise<Map<string, UserDoc>> {
  if (!openids.length) return new Map();
  const { data } = await db
    .collection<UserDoc>(C.users)
    .where({ _id: db.command.in(openids) })
    .field({ _id: true, nickname: true, avatarUrl: true })
    .limit(openids.length)
    .get();
  return new Map(data.map((u) => [u._id, u]));
}
