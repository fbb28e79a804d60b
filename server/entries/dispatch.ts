import type { ApiResult } from '../../typings/api';
import type { Action, ActionContext } from '../actions/action';
import { AppError, forbidden, isAppError } from '../core/errors';
import { parseParams } from '../core/validate';
import type { Cloud } from '../platform/cloud';
import { isAdmin } from '../repo/admins';
import { AuditCollector, writeAdminAudit } from '../repo/audit';
import type { Db } from '../db/types';
import { AUDIT_TARGETS } from './admin-audit-targets';
import { getOrCreateUser, newUser } from '../repo/users';

export type ActionTable = Record<string, Action>;

/** Keys WeChat itself adds to a callFunction event; never part of an action's params. */
const PLATFORM_KEYS = new Set(['action', 'userInfo']);

/**
 * The shared edge of `api` and `admin`: identity from the WeChat context, the action looked up,
 * its params validated, then the use case. Every failure becomes `{ ok: false, code, message }`.
 */
export async function dispatch(
  cloud: Cloud,
  event: unknown,
  actions: ActionTable,
  options: { adminOnly: boolean },
): Promise<ApiResult<unknown>> {
  if (!options.adminOnly) return run(cloud, event, actions, options, null);
  // Every admin call (refused ones too) leaves an audit entry: who, what, params, result, changes.
  const audit = new AuditCollector();
  const result = await run(cloud, event, actions, options, audit);
  try {
    await auditAdminCall(cloud, event, result, audit);
  } catch (e) {
    // The action already happened: its answer stands; the missing entry is reported loudly.
    console.error('[dispatch] audit entry not written', e);
  }
  return result;
}

async function auditAdminCall(cloud: Cloud, event: unknown, result: ApiResult<unknown>, audit: AuditCollector) {
  let actor = '';
  try {
    actor = cloud.getWXContext().OPENID;
  } catch {
    // no context: nothing to attribute
  }
  if (!actor) return;
  const { action, ...params } = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  await writeAdminAudit(cloud.db, {
    actor,
    action: typeof action === 'string' ? action : String(action),
    params: stripPlatformKeys(params),
    ok: result.ok,
    code: result.ok ? null : result.code,
    message: result.ok ? null : result.message,
    data: result.ok ? result.data : undefined,
    changes: audit.changes,
    at: cloud.now(),
  });
}

async function run(
  cloud: Cloud,
  event: unknown,
  actions: ActionTable,
  options: { adminOnly: boolean },
  audit: AuditCollector | null,
): Promise<ApiResult<unknown>> {
  try {
    const wx = cloud.getWXContext();
    if (!wx.OPENID) throw new AppError('UNAUTHENTICATED', '请在微信中打开小程序');
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      throw new AppError('INVALID_ARGUMENT', '请求格式错误');
    }
    const db = cloud.db;
    // Admin rights first, so a non-admin learns nothing about the admin actions.
    if (options.adminOnly && !(await isAdmin(cloud, db, wx.OPENID))) throw forbidden('仅管理员可操作');
    const { action: name, ...rest } = event as Record<string, unknown>;
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(actions, name)) {
      throw new AppError('UNKNOWN_ACTION', `未知操作：${String(name).slice(0, 40)}`);
    }
    const action = actions[name];
    const params = parseParams(action.schema, stripPlatformKeys(rest));
    const now = cloud.now();
    // A bootstrap action (the collections' setup) runs before the caller's record can be written.
    const user = action.bootstrap ? newUser(wx.OPENID, now) : await getOrCreateUser(db, wx.OPENID, now);
    const ctx: ActionContext = {
      cloud,
      db,
      caller: { openid: wx.OPENID, appid: wx.APPID, source: wx.SOURCE },
      user,
      now,
      ...(audit ? { audit } : {}),
    };
    if (!audit) return { ok: true, data: await action.run(ctx, params) };
    // Admin: the changed record's before and after, for the audit log.
    const target = AUDIT_TARGETS[name]?.(params as Record<string, unknown>) ?? null;
    const before = target ? await readTarget(db, target) : null;
    const data = await action.run(ctx, params);
    if (action.bootstrap) await getOrCreateUser(db, wx.OPENID, now);
    if (target) audit.change(`${target.collection}:${target.id}`, before, await readTarget(db, target));
    return { ok: true, data };
  } catch (e) {
    if (isAppError(e)) return { ok: false, code: e.code, message: e.message };
    console.error('[dispatch] unexpected error', e);
    return { ok: false, code: 'INTERNAL', message: '服务繁忙，请稍后再试' };
  }
}

async function readTarget(db: Db, t: { collection: string; id: string }): Promise<unknown> {
  const { data } = await db.collection(t.collection).where({ _id: t.id }).limit(1).get();
  return data[0] ?? null;
}

function stripPlatformKeys(params: Record<string, unknown>): Record<string, unknown> {
  // fromEntries defines own keys: a JSON `"__proto__"` key stays a key (refused by the strict
  // schema) instead of silently becoming the params' prototype.
  return Object.fromEntries(Object.entries(params).filter(([k]) => !PLATFORM_KEYS.has(k)));
}
