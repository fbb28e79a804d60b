import type { AdminData } from '../../../typings/admin';
import { z } from 'zod';
import { defineAction } from '../action';
import { cursor, id } from '../../core/validate';
import type { Db } from '../../db/types';
import { C, type AuditDoc, type CommissionDoc, type RewardDoc, type WithdrawalDoc } from '../../repo/docs';
import { peopleByOpenid, personOf } from '../../repo/people';
import { afterCursor, decodeCursor, newestFirst, pageNewestFirst, pageOf, PAGE_SIZE } from '../../repo/paging';

const schema = z.strictObject({
  /** `admin`: admin calls (default); `money`: money movements, as the ledgers of commissions and withdrawals. */
  kind: z.enum(['admin', 'money']).optional(),
  /** admin: who called; money: whose money moved. */
  actor: id().optional(),
  /** admin only: one action name (`action` itself names the call). */
  name: z.string().min(1).max(64).regex(/^[A-Za-z.]+$/).optional(),
  /** admin, without `name`: also list successful look-ups (left out by default). */
  reads: z.boolean().optional(),
  cursor: cursor(),
});

/**
 * Admin actions that only look (查看…): every call is still recorded, but a log of changes that is
 * 90 % page views buries them, so the default listing leaves successful look-ups out.
 */
export const READ_ACTIONS = [
  'product.list',
  'distributor.list',
  'distributor.tree',
  'settings.get',
  'admin.list',
  'order.list',
  'withdrawal.list',
  'dashboard',
  'material.list',
  'audit.list',
  'user.search',
];

/**
 * 审计日志. Admin calls are the `audit` collection (written by the admin dispatcher for every call,
 * with before/after of the records changed). Money movements are not copied a second time: each
 * commission, withdrawal and campaign reward carries its own append-only ledger (`events`), so the
 * money view pages those records newest first — the three collections merged by (createdAt, _id) —
 * with their events.
 */
export const auditList = defineAction({
  schema,
  async run(ctx, p): Promise<AdminData<'audit.list'>> {
    if ((p.kind ?? 'admin') === 'admin') {
      // Served by audit.actor_created or audit.action_created (both: the actor's index, filtered).
      const _ = ctx.db.command;
      const base: Record<string, unknown> = { ...(p.actor ? { actor: p.actor } : {}), ...(p.name ? { action: p.name } : {}) };
      const hideReads = !p.name && !p.reads;
      const where = hideReads ? _.and(base, _.or({ action: _.nin(READ_ACTIONS) }, { ok: false })) : base;
      const page = await pageNewestFirst(ctx.db, ctx.db.collection<AuditDoc>(C.audit), where as Record<string, unknown>, p.cursor);
      const people = await peopleByOpenid(ctx.db, page.items.map((a) => a.actor));
      return {
        items: page.items.map((a) => ({ kind: 'admin' as const, id: a._id, at: a.createdAt, ...withoutId(a), person: personOf(people, a.actor) })),
        nextCursor: page.nextCursor,
      };
    }
    return moneyPage(ctx.db, p.actor, p.cursor);
  },
});

function withoutId(a: AuditDoc) {
  const { _id, ...rest } = a;
  return rest;
}

type MoneyRecord =
  | { _id: string; createdAt: number; source: 'commission'; doc: CommissionDoc }
  | { _id: string; createdAt: number; source: 'withdrawal'; doc: WithdrawalDoc }
  | { _id: string; createdAt: number; source: 'reward'; doc: RewardDoc };

async function moneyPage(db: Db, actor: string | undefined, cursor: string | undefined) {
  const pos = cursor ? decodeCursor(cursor) : null;
  const fetch = async <T extends { _id: string; createdAt: number }>(collection: string, base: Record<string, unknown>) => {
    const where = pos ? db.command.and(base, afterCursor(db, pos)) : base;
    const { data } = await db
      .collection<T>(collection)
      .where(where)
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(PAGE_SIZE + 1)
      .get();
    return data;
  };
  const [commissions, withdrawals, rewards] = await Promise.all([
    fetch<CommissionDoc>(C.commissions, actor ? { beneficiaryOpenid: actor } : {}),
    fetch<WithdrawalDoc>(C.withdrawals, actor ? { openid: actor } : {}),
    fetch<RewardDoc>(C.rewards, actor ? { openid: actor } : {}),
  ]);
  const merged: MoneyRecord[] = [
    ...commissions.map((doc) => ({ _id: doc._id, createdAt: doc.createdAt, source: 'commission' as const, doc })),
    ...withdrawals.map((doc) => ({ _id: doc._id, createdAt: doc.createdAt, source: 'withdrawal' as const, doc })),
    // Campaign rewards (奖励活动): their own ledger, straight to available.
    ...rewards.map((doc) => ({ _id: doc._id, createdAt: doc.createdAt, source: 'reward' as const, doc })),
  ].sort(newestFirst);
  const page = pageOf(merged, PAGE_SIZE);
  const ownerOf = (r: MoneyRecord) => (r.source === 'commission' ? r.doc.beneficiaryOpenid : r.doc.openid);
  const people = await peopleByOpenid(db, page.items.map(ownerOf));
  return {
    items: page.items.map((r) => ({
      kind: 'money' as const,
      source: r.source,
      id: r._id,
      at: r.createdAt,
      openid: ownerOf(r),
      amountFen: r.doc.amountFen,
      // A reward exists only once credited.
      status: r.source === 'reward' ? 'credited' : r.doc.status,
      ref: r.source === 'commission' ? r.doc.orderId : r.source === 'withdrawal' ? r.doc.channel : r.doc.campaignTitle,
      events: r.doc.events,
      person: personOf(people, ownerOf(r)),
    })),
    nextCursor: page.nextCursor,
  };
}
