import { z } from 'zod';
import { defineAction } from '../action';
import { invalid, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { C, type DistributorDoc } from '../../repo/docs';
import { loadSettings } from '../../repo/settings';
import { BUSY, transact } from '../../db/transact';

/**
 * Sets a distributor's grade by hand (分销等级). The settle run never moves it down (it may still
 * move it up when the figures reach a higher grade). Audited with the record's before/after by the
 * dispatcher (entries/admin-audit-targets.ts).
 */
export const distributorSetGrade = defineAction({
  schema: z.strictObject({ openid: id(), gradeId: z.string().min(1).max(16).regex(/^[A-Za-z0-9_-]+$/) }),
  async run(ctx, p) {
    const { grades } = await loadSettings(ctx.db);
    const grade = grades.find((g) => g.id === p.gradeId);
    if (!grade) throw invalid(`没有这个分销等级：${p.gradeId}`);
    return transact(ctx.db, async (tx) => {
      const ref = tx.collection<DistributorDoc>(C.distributors).doc(p.openid);
      const cur = (await ref.get()).data;
      if (!cur) throw notFound('该用户不是分销商');
      await ref.update({ data: { gradeId: grade.id, gradeSource: 'manual', gradeAt: ctx.now } });
      return { openid: cur.openid, grade: { id: grade.id, name: grade.name } };
    }, { busy: BUSY });
  },
});
