import type { AdminData } from '../../../typings/admin';
import { defineAction } from '../action';
import { empty } from '../../core/validate';
import { envAdmins } from '../../repo/admins';
import { C } from '../../repo/docs';
import { peopleByOpenid, personOf } from '../../repo/people';

interface AdminDoc {
  _id: string;
  addedBy: string;
  addedAt: number;
}

/** Who are admins: those of ADMIN_OPENIDS (fixed by the deployment) and those added by an admin. */
export const adminList = defineAction({
  schema: empty(),
  async run(ctx): Promise<AdminData<'admin.list'>> {
    const env = envAdmins(ctx.cloud);
    // Admins are a handful of people: one bounded read.
    const { data } = await ctx.db.collection<AdminDoc>(C.admins).limit(1000).get();
    const added = data.filter((a) => !env.includes(a._id));
    // Shown as people (name, avatar): one read by _id for every openid on the list.
    const people = await peopleByOpenid(ctx.db, [...env, ...added.flatMap((a) => [a._id, a.addedBy])]);
    return {
      items: [
        ...env.map((openid) => ({ openid, source: 'env' as const, addedBy: null, addedAt: null, person: personOf(people, openid), addedByPerson: null })),
        ...added.map((a) => ({
          openid: a._id,
          source: 'added' as const,
          addedBy: a.addedBy,
          addedAt: a.addedAt,
          person: personOf(people, a._id),
          addedByPerson: personOf(people, a.addedBy),
        })),
      ],
    };
  },
});
