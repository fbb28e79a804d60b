import * as sdk from 'wx-server-sdk';
import { handlePayCallback } from '../../server/entries/pay-callback';
import { wxCloud } from '../../server/platform/wx-cloud';

sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
const cloud = wxCloud(sdk);

/** WeChat Pay's payment and refund notifications. Answers `{ errcode: 0 }` or WeChat retries. */
export const main = (event: unknown) => handlePayCallback(cloud, event);
