import type { ApiResult } from '../../typings/api';
import type { Cloud } from '../platform/cloud';
import { apiActions } from './api-actions';
import { dispatch } from './dispatch';

/** The `api` cloud function: everything a user or distributor does. */
export function handleApi(cloud: Cloud, event: unknown): Promise<ApiResult<unknown>> {
  return dispatch(cloud, event, apiActions, { adminOnly: false });
}
