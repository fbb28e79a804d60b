import { onAppShow as confirmReceiptReturned } from './services/receipt';
import { captureReferral } from './services/referral';
import { login } from './services/session';

/**
 * Launch: remember a referral code from the opening path or code scan, then log in. Neither
 * blocks the first page: the shop renders while login runs, and the bind happens after it.
 */
App({
  onLaunch(options) {
    captureReferral(options.query as Record<string, string | undefined>);
    login().catch(() => {
      // the pages that need the user show their own error and retry
    });
  },
  onShow(options) {
    // A share card or code opened while the app was in the background.
    captureReferral(options.query as Record<string, string | undefined>);
    // Back from WeChat's confirm-receipt component: its answer (the order page acts on it).
    confirmReceiptReturned(options as { referrerInfo?: { appId?: string; extraData?: { status?: string } } });
  },
});
