import type { AdminData } from '../../../typings/admin';
import { defineAction } from '../action';
import { bindingImpact } from '../../repo/binding-impact';
import { loadSettings } from '../../repo/settings';
import { applySettingsPatch, bindingPatchSchema } from '../../rules/settings';

/**
 * Before saving new binding rules (mode, window, new users only): what they would do to the
 * bindings that exist now — how many lapse, how many come back — for the settings page's confirm
 * dialog. Checked like settings.update (a bad value is INVALID_ARGUMENT); saves nothing.
 */
export const settingsBindingImpact = defineAction({
  schema: bindingPatchSchema,
  async run(ctx, patch): Promise<AdminData<'settings.bindingImpact'>> {
    const current = await loadSettings(ctx.db);
    const next = applySettingsPatch(current, { binding: patch });
    return bindingImpact(ctx.db, current.binding, next.binding, ctx.now);
  },
});
