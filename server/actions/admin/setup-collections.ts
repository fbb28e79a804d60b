import { defineAction } from '../action';
import { empty } from '../../core/validate';
import { setupCollections } from '../../setup/collections';

/**
 * The one-time setup of a new cloud environment: creates every collection the backend uses
 * (server/db/collections.ts) that does not exist yet; safe to run again. Callable by the admins of
 * ADMIN_OPENIDS before any collection exists (a bootstrap action: the caller's record is written
 * after). The settle run does the same on its first run.
 */
export const setupCollectionsAction = defineAction({
  schema: empty(),
  bootstrap: true,
  async run(ctx) {
    return setupCollections(ctx.db, ctx.now);
  },
});
