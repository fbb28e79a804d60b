import type { ApiResult } from '../../typings/api';
import type { Cloud } from '../platform/cloud';
import { adminActions } from './admin-actions';
import { dispatch } from './dispatch';

/** The `admin` cloud function: everything an admin does; refuses everyone else. */
export function handleAdmin(cloud: Cloud, event: unknown): Promise<ApiResult<unknown>> {
  return dispatch(cloud, event, adminActions, { adminOnly: true });
}
