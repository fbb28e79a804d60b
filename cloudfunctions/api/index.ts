import * as sdk from 'wx-server-sdk';
import { handleApi } from '../../server/entries/api';
import { wxCloud } from '../../server/platform/wx-cloud';

sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
const cloud = wxCloud(sdk);

export const main = (event: unknown) => handleApi(cloud, event);
