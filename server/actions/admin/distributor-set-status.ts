import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, forbidden, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { C, type DistributorDoc } from '../../repo/docs';
import { STATUS_NAMES } from './distributor-review';
import { BUSY, transact } from '../../db/transact';

/**
 * Disables a distributor (earns nothing on orders paid from now on; what they earned stays) or
 * enables them again. Only between active and disabled: applications go through review. An admin
 * never disables himself (the shop owner's own code would stop earning and his shares stop binding).
 */
export const distributorSetStatus = defineAction({
  schema: z.strictObject({ openid: id(), status: z.enum(['active', 'disabled']) }),
  async run(ctx, p) {
    if (p.status === 'disabled' && p.openid === ctx.user.openid) throw forbidden('不能停用自己的推广资格');
    return transact(ctx.db, async (tx) => {
      const ref = tx.collection<DistributorDoc>(C.distributors).doc(p.openid);
      const cur = (await ref.get()).data;
      if (!cur) throw notFound('该用户不是分销商');
      if (cur.status !== 'active' && cur.status !== 'disabled') {
        throw conflict(`该分销商当前状态为“${STATUS_NAMES[cur.status]}”，请先审核`);
      }
      if (cur.status !== p.status) await ref.update({ data: { status: p.status } });
      return { openid: cur.openid, status: p.status, inviteCode: cur.inviteCode };
    }, { busy: BUSY });
  },
});
