import type { ApiResult } from '../../typings/api';
import { LocalCloud, type LocalCloudOptions } from '../../local/runtime';

export const ADMIN = 'admin-openid';

/**
 * A fresh local cloud (in-memory SQLite) per test, with helpers that call the functions exactly as
 * the mini program does: through the entry, identity from the WeChat context.
 */
export function startLocal(options: LocalCloudOptions = {}) {
  const local = new LocalCloud({ adminOpenids: [ADMIN], ...options });

  async function raw(fn: 'api' | 'admin', openid: string, action: string, params: object = {}) {
    return (await local.call(openid, fn, { action, ...params })) as ApiResult<any>;
  }
  /** Calls and returns `data`; throws with the code when the answer is not ok. */
  async function ok(fn: 'api' | 'admin', openid: string, action: string, params: object = {}) {
    const res = await raw(fn, openid, action, params);
    if (!res.ok) throw Object.assign(new Error(`${action}: ${res.code} ${res.message}`), { code: res.code });
    return res.data;
  }
  return {
    local,
    db: local.db,
    api: (openid: string, action: string, params: object = {}) => ok('api', openid, action, params),
    admin: (action: string, params: object = {}, openid = ADMIN) => ok('admin', openid, action, params),
    apiRaw: (openid: string, action: string, params: object = {}) => raw('api', openid, action, params),
    adminRaw: (action: string, params: object = {}, openid = ADMIN) => raw('admin', openid, action, params),
    close: () => local.close(),
  };
}

export type TestCloud = ReturnType<typeof startLocal>;
