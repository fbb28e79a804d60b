import { defineAction } from '../action';
import { bindingImpact } from '../../repo/binding-impact';
import { loadSettings, saveSettings } from '../../repo/settings';
import { flagAllForGrades } from '../../repo/grade-figures';
import { complianceReport } from '../../rules/compliance';
import { applySettingsPatch, settingsPatchSchema } from '../../rules/settings';

/**
 * A partial update (PRODUCT.md's names, nested: `{ rates: { level1Bps } }`). Every bound and
 * cross-field rule is checked on the merged result before anything is written: invalid → nothing saved.
 * The settings' before/after is audited by the dispatcher; a change of the binding rules also notes
 * what it did to the existing bindings (settings.bindingImpact previews the same).
 */
export const settingsUpdate = defineAction({
  schema: settingsPatchSchema,
  async run(ctx, patch) {
    const current = await loadSettings(ctx.db);
    const next = applySettingsPatch(current, patch);
    if (JSON.stringify(current.binding) !== JSON.stringify(next.binding)) {
      // New binding rules change who earns on existing bindings at once: the audit log keeps how
      // many were in force before and after, next to the settings' own before/after.
      const impact = await bindingImpact(ctx.db, current.binding, next.binding, ctx.now);
      ctx.audit?.change(
        'bindings',
        { ...current.binding, bound: impact.bound, inForce: impact.inForceBefore },
        { ...next.binding, bound: impact.bound, inForce: impact.inForceAfter, lapsed: impact.lapse, revived: impact.revive },
      );
    }
    await saveSettings(ctx.db, next, ctx.now);
    if (JSON.stringify(current.grades) !== JSON.stringify(next.grades)) await flagAllForGrades(ctx.db);
    return { settings: next, compliance: complianceReport(next) };
  },
});
