import { defineAction } from '../action';
import { loadSettings, saveSettings } from '../../repo/settings';
import { complianceReport } from '../../rules/compliance';
import { applySettingsPatch, settingsPatchSchema } from '../../rules/settings';

/**
 * A partial update (PRODUCT.md's names, nested: `{ rates: { level1Bps } }`). Every bound and
 * cross-field rule is checked on the merged result before anything is written: invalid → nothing saved.
 */
export const settingsUpdate = defineAction({
  schema: settingsPatchSchema,
  async run(ctx, patch) {
    const next = applySettingsPatch(await loadSettings(ctx.db), patch);
    await saveSettings(ctx.db, next, ctx.now);
    return { settings: next, compliance: complianceReport(next) };
  },
});
