import { defineAction } from '../action';
import { empty } from '../../core/validate';
import { loadSettings } from '../../repo/settings';
import { complianceReport } from '../../rules/compliance';
import { secretsSet } from '../../payments/wechatpay-v3/config';

/** The shop's settings with the compliance self-check, and which WeChat Pay secrets the environment holds (never their values). */
export const settingsGet = defineAction({
  schema: empty(),
  async run(ctx) {
    const settings = await loadSettings(ctx.db);
    return { settings, compliance: complianceReport(settings), payoutSecrets: secretsSet(ctx.cloud) };
  },
});
