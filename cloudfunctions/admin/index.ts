import * as sdk from 'wx-server-sdk';
import { handleAdmin } from '../../server/entries/admin';
import { wxCloud } from '../../server/platform/wx-cloud';

sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
const cloud = wxCloud(sdk);

export const main = (event: unknown) => handleAdmin(cloud, event);
