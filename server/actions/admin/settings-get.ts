import { defineAction } from '../action';
import { empty } from '../../core/validate';
import { loadSettings } from '../../repo/settings';
import { complianceReport } from '../../rules/compliance';

/** The shop's settings with the compliance self-check. */
export const settingsGet = defineAction({
  schema: empty(),
  async run(ctx) {
    const settings = await loadSettings(ctx.db);
    return { settings, compliance: complianceReport(settings) };
  },
});
