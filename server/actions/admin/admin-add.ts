import { z } from 'zod';
import { defineAction } from '../action';
import { id } from '../../core/validate';
import { C } from '../../repo/docs';

/** Grants admin rights to another user (by openid). Adding an existing admin changes nothing. */
export const adminAdd = defineAction({
  schema: z.strictObject({ openid: id() }),
  async run(ctx, p) {
    const admins = ctx.db.collection(C.admins);
    const { data } = await admins.where({ _id: p.openid }).limit(1).get();
    if (data[0]) return { openid: p.openid, added: false };
    try {
      await admins.add({ data: { _id: p.openid, addedBy: ctx.caller.openid, addedAt: ctx.now } });
    } catch (e) {
      // Two admins adding the same person at once: the other add won, which is the same outcome.
      const again = await admins.where({ _id: p.openid }).limit(1).get();
      if (!again.data[0]) throw e;
      return { openid: p.openid, added: false };
    }
    return { openid: p.openid, added: true };
  },
});
