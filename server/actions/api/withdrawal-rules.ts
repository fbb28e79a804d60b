import { defineAction } from '../action';
import { empty } from '../../core/validate';
import { loadSettings } from '../../repo/settings';

/**
 * The withdrawal rules a distributor sees before asking (minimum, maximum, daily count, fee), so
 * the withdraw page shows the fee and the net amount before submit. Read-only; one settings read.
 */
export const withdrawalRules = defineAction({
  schema: empty(),
  async run(ctx) {
    const s = await loadSettings(ctx.db);
    return { ...s.withdrawal };
  },
});
