import { DAY_MS, startOfChinaMonth, startOfChinaWeek } from '../core/time';
import type { Db, DocData } from '../db/types';
import type { Cloud } from '../platform/cloud';
import { C, type CommissionDoc, type JobStateDoc, type RankingStatDoc, type RefundDoc, type UserDoc } from '../repo/docs';
import { walkByTime } from '../repo/walk';
import { boardKey, type RankingBy } from '../rules/ranking';
import { type Budget, type JobReport, emptyJobReport } from './budget';

const STATE_ID = 'rankings';
const PAGE = 500;
const MAX_PAGES_PER_FEED = 5;
/**
 * A finished feed restarts this far before its last record, so a record whose transaction committed
 * after a later one was read is still seen. Values are recomputed from the records and set, so
 * seeing a record twice changes nothing.
 */
const OVERLAP_MS = 10 * 60_000;

type Feed = 'commissions' | 'refunds' | 'bindings';
type Mark = JobStateDoc['feeds'][string];

/** One period board of one distributor to recompute. */
interface Touch {
  by: RankingBy;
  period: 'week' | 'month';
  at: number;
  openid: string;
}

/**
 * The week and month leaderboards (ranking.list), kept off the payment path: each run reads what
 * happened since its watermark — new commissions, successful refunds (which shrink commission),
 * new bindings — in bounded pages, and for each distributor and period touched recomputes the value
 * from the records (commission: net amountFen of the commissions created in the period; team: users
 * who joined their level 1 or level 2 in it) and sets it. Idempotent: a repeated, overlapping or
 * cut-off run writes the same values.
 */
export async function updateRankings(cloud: Cloud, now: number, budget: Budget): Promise<JobReport> {
  const db = cloud.db;
  const report = emptyJobReport();
  const stateRes = await db.collection<JobStateDoc>(C.jobState).where({ _id: STATE_ID }).limit(1).get();
  const feeds: Record<string, Mark> = { ...(stateRes.data[0]?.feeds ?? {}) };

  const touches = new Map<string, Touch>();
  const touch = (t: Touch) => {
    const key = `${boardKey(t.by, t.period, t.at)}:${t.openid}`;
    if (!touches.has(key)) touches.set(key, t);
  };
  const both = (by: RankingBy, openid: string | null, at: number) => {
    if (!openid) return;
    touch({ by, period: 'week', at, openid });
    touch({ by, period: 'month', at, openid });
  };

  report.more =
    (await readFeed<CommissionDoc>(db, feeds, 'commissions', C.commissions, 'createdAt', {}, now, async (page) => {
      for (const c of page) both('commission', c.beneficiaryOpenid, c.createdAt);
    })) || report.more;
  report.more =
    (await readFeed<RefundDoc>(db, feeds, 'refunds', C.refunds, 'doneAt', { status: 'success' }, now, async (page) => {
      const orderIds = [...new Set(page.map((r) => r.orderId))];
      for (let i = 0; i < orderIds.length; i += 100) {
        const { data } = await db
          .collection<CommissionDoc>(C.commissions)
          .where({ orderId: db.command.in(orderIds.slice(i, i + 100)) })
          .field({ beneficiaryOpenid: true, createdAt: true })
          .limit(1000)
          .get();
        for (const c of data) both('commission', c.beneficiaryOpenid, c.createdAt);
      }
    })) || report.more;
  report.more =
    (await readFeed<UserDoc>(db, feeds, 'bindings', C.users, 'boundAt', {}, now, async (page) => {
      for (const u of page) {
        both('team', u.referrerOpenid, u.boundAt as number);
        both('team', u.referrer2Openid, u.boundAt as number);
      }
    })) || report.more;

  for (const t of touches.values()) {
    if (budget.exhausted) {
      // Leave the watermarks where they were: the next run reads the same records again.
      return { ...report, more: true };
    }
    try {
      await setBoardValue(db, t, now);
      report.done++;
    } catch (e) {
      report.failed++;
      console.error('[settle] rankings', t, e);
    }
  }
  if (!report.failed) {
    await db.collection(C.jobState).doc(STATE_ID).set({ data: { feeds, updatedAt: now } });
  }
  return report;
}

/**
 * Reads one feed from its watermark up to `now`, page by page (at most MAX_PAGES_PER_FEED), moving
 * the watermark in `feeds`. Returns true when records are left for the next run.
 */
async function readFeed<T extends DocData>(
  db: Db,
  feeds: Record<string, Mark>,
  feed: Feed,
  collection: string,
  field: string,
  base: Record<string, unknown>,
  now: number,
  onPage: (page: T[]) => Promise<void>,
): Promise<boolean> {
  const _ = db.command;
  const mark = feeds[feed];
  let after = mark ? (mark.complete ? { at: mark.at - OVERLAP_MS, id: '' } : { at: mark.at, id: mark.id }) : { at: 0, id: '' };
  for (let i = 0; i < MAX_PAGES_PER_FEED; i++) {
    const { data } = await db
      .collection<T>(collection)
      .where(
        _.and(
          base,
          { [field]: _.lte(now) },
          _.or({ [field]: _.gt(after.at) }, _.and({ [field]: after.at }, { _id: _.gt(after.id) })),
        ),
      )
      .orderBy(field, 'asc')
      .orderBy('_id', 'asc')
      .limit(PAGE)
      .get();
    if (data.length) {
      await onPage(data);
      const last = data[data.length - 1] as T & Record<string, unknown>;
      after = { at: last[field] as number, id: last._id };
    }
    if (data.length < PAGE) {
      feeds[feed] = { at: Math.max(after.at, mark?.complete ? mark.at : 0), id: after.id, complete: true };
      return false;
    }
    feeds[feed] = { at: after.at, id: after.id, complete: false };
  }
  return true;
}

function periodRange(period: 'week' | 'month', at: number): [number, number] {
  if (period === 'week') {
    const start = startOfChinaWeek(at);
    return [start, start + 7 * DAY_MS];
  }
  const start = startOfChinaMonth(at);
  return [start, startOfChinaMonth(start + 32 * DAY_MS)];
}

/** Recomputes one distributor's value on one period board from the records, and sets it. */
async function setBoardValue(db: Db, t: Touch, now: number): Promise<void> {
  const _ = db.command;
  const [from, to] = periodRange(t.period, t.at);
  let value = 0;
  if (t.by === 'commission') {
    for await (const page of walkByTime<CommissionDoc>(db, C.commissions, 'createdAt', from, to, {
      beneficiaryOpenid: t.openid,
    })) {
      for (const c of page) value += c.amountFen;
    }
  } else {
    const inRange = _.and({ boundAt: _.gte(from) }, { boundAt: _.lt(to) });
    const [l1, l2] = await Promise.all([
      db.collection(C.users).where(_.and({ referrerOpenid: t.openid }, inRange)).count(),
      db.collection(C.users).where(_.and({ referrer2Openid: t.openid }, inRange)).count(),
    ]);
    value = l1.total + l2.total;
  }
  const key = boardKey(t.by, t.period, t.at);
  const doc: Omit<RankingStatDoc, '_id'> = { key, openid: t.openid, value, updatedAt: now };
  await db.collection(C.rankingStats).doc(`${key}:${t.openid}`).set({ data: doc });
}
