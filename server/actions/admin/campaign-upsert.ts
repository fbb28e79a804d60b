import type { AdminData } from '../../../typings/admin';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, invalid, notFound } from '../../core/errors';
import { DAY_MS } from '../../core/time';
import { id, title } from '../../core/validate';
import { BUSY, transact } from '../../db/transact';
import { C, type CampaignDoc } from '../../repo/docs';
import { loadSettings } from '../../repo/settings';
import { campaignProblem, editProblem, MAX_PRIZES, MAX_REWARD_FEN, MAX_TARGET_FEN, settleDaysFor } from '../../rules/campaign';

const when = () => z.number().int().min(Date.UTC(2020, 0, 1)).max(Date.UTC(2100, 0, 1));

// The metric is sales or commission by type: a campaign on recruits or team size (拉人头) cannot be
// written down. The cross-field rules are in rules/campaign.ts (one place, with the edit rules).
const schema = z.strictObject({
  id: id().optional(),
  title: title(30),
  startAt: when(),
  endAt: when(),
  kind: z.enum(['target', 'top']),
  metric: z.enum(['salesFen', 'commissionFen']),
  targetFen: z.number().int().min(1).max(MAX_TARGET_FEN).optional(),
  rewardFen: z.number().int().min(1).max(MAX_REWARD_FEN).optional(),
  prizes: z.array(z.number().int().min(1).max(MAX_REWARD_FEN)).min(1).max(MAX_PRIZES).optional(),
});

/**
 * 奖励活动: creates a campaign (no id) or edits one. A new campaign must not have ended; its
 * settlement window (settleDays = freezeDays + autoConfirmDays + 3 of today's settings) is fixed on
 * it. Before its start everything may change; once started only the title (its rules and amounts
 * are what distributors are working towards); once settled nothing. Audit-logged with before/after.
 */
export const campaignUpsert = defineAction({
  schema,
  async run(ctx, p): Promise<AdminData<'campaign.upsert'>> {
    const rules = {
      title: p.title.trim(),
      startAt: p.startAt,
      endAt: p.endAt,
      kind: p.kind,
      metric: p.metric,
      targetFen: p.kind === 'target' ? (p.targetFen ?? null) : null,
      rewardFen: p.kind === 'target' ? (p.rewardFen ?? null) : null,
      prizes: p.kind === 'top' ? (p.prizes ?? null) : null,
    };
    const problem = campaignProblem({ ...p, prizes: p.prizes ?? null });
    if (problem) throw invalid(problem);
    const settings = await loadSettings(ctx.db);
    const campaignId = p.id ?? `cp${ctx.now.toString(36)}${randomBytes(4).toString('hex')}`;
    const { before, after } = await transact(ctx.db, async (tx) => {
      const ref = tx.collection<CampaignDoc>(C.campaigns).doc(campaignId);
      const { data: existing } = await ref.get();
      if (existing) {
        const refusal = editProblem(existing, rules, ctx.now);
        if (refusal) throw conflict(refusal);
        const settleAt = rules.endAt + existing.settleDays * DAY_MS;
        const prizes = ctx.db.command.set(rules.prizes);
        await ref.update({ data: { ...rules, prizes, settleAt, updatedAt: ctx.now } });
        return { before: existing, after: { ...existing, ...rules, settleAt, updatedAt: ctx.now } };
      }
      if (p.id) throw notFound('活动不存在');
      if (rules.endAt <= ctx.now) throw invalid('结束时间已过，不能新建已结束的活动');
      const settleDays = settleDaysFor(settings.settlement);
      const doc: CampaignDoc = {
        _id: campaignId,
        ...rules,
        settleDays,
        settleAt: rules.endAt + settleDays * DAY_MS,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        tally: { cursor: '', done: false, leaders: [] },
        results: null,
        settledAt: null,
        winners: 0,
        costFen: 0,
      };
      await tx.collection(C.campaigns).add({ data: doc });
      return { before: null, after: doc };
    }, { busy: BUSY });
    ctx.audit?.change(`campaigns:${campaignId}`, before, after);
    return { id: campaignId };
  },
});
