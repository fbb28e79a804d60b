import { defineAction } from '../action';
import { empty } from '../../core/validate';
import { isAdmin } from '../../repo/admins';
import { loadSettings } from '../../repo/settings';
import { findDistributor, toUserView } from '../../repo/users';

/**
 * The caller's profile, whether the admin tab is theirs, and the shop's share-card template; the
 * user is created on first call.
 */
export const userLogin = defineAction({
  schema: empty(),
  async run(ctx) {
    const distributor = await findDistributor(ctx.db, ctx.user.openid);
    const admin = await isAdmin(ctx.cloud, ctx.db, ctx.user.openid);
    const settings = await loadSettings(ctx.db);
    return { user: toUserView(ctx.user, distributor, settings.binding, ctx.now), isAdmin: admin, share: { titleTemplate: settings.share.titleTemplate } };
  },
});
