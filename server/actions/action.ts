import type { z } from 'zod';
import type { Db } from '../db/types';
import type { Cloud } from '../platform/cloud';
import type { UserDoc } from '../repo/docs';

/** Who is calling, as WeChat says (never as the params say). */
export interface Caller {
  openid: string;
  appid: string;
  source: string;
}

export interface ActionContext {
  cloud: Cloud;
  db: Db;
  caller: Caller;
  /** The caller's user record, created on first sight. */
  user: UserDoc;
  /** The time of this call (runtime clock), read once so one call sees one instant. */
  now: number;
  /** Admin calls only: notes of the records the action changed, for the audit log. */
  audit?: AuditNotes;
}

/** What an admin action changed (a record's before and after); dispatch writes it to the audit log. */
export interface AuditNotes {
  change(target: string, before: unknown, after: unknown): void;
}

/** One use case: a params schema checked at the edge and the code that runs it. */
export interface Action<S extends z.ZodType = z.ZodType, R = unknown> {
  schema: S;
  /**
   * Runs before the caller's user record is written (it is written after): for the setup that
   * creates the collections, which must work in an environment that has none yet.
   */
  bootstrap?: true;
  run(ctx: ActionContext, params: z.infer<S>): Promise<R>;
}

export function defineAction<S extends z.ZodType, R>(action: Action<S, R>): Action<S, R> {
  return action;
}
