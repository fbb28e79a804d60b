import * as sdk from 'wx-server-sdk';
import { handleSettle } from '../../server/entries/settle';
import { wxCloud } from '../../server/platform/wx-cloud';

sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
const cloud = wxCloud(sdk);

/** Hourly timer: auto-confirms receipt, unfreezes commission, closes unpaid orders. */
export const main = (event: unknown) => handleSettle(cloud, event);
