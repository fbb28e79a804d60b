import type { AuditNotes } from '../actions/action';
import type { Db } from '../db/types';
import { C, type AuditDoc } from './docs';

/** Longest JSON kept per field: the log records what happened, not whole exports. */
const MAX_JSON = 4000;
const MAX_CHANGES = 20;

/** JSON of anything, bounded (a cut value ends with `…`); null for undefined. */
export function boundedJson(v: unknown, max = MAX_JSON): string | null {
  if (v === undefined) return null;
  let s: string;
  try {
    s = JSON.stringify(v) ?? 'null';
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Collects an admin action's changes during the call (ctx.audit). */
export class AuditCollector implements AuditNotes {
  readonly changes: AuditDoc['changes'] = [];
  change(target: string, before: unknown, after: unknown): void {
    if (this.changes.length >= MAX_CHANGES) return;
    this.changes.push({ target, before: boundedJson(before), after: boundedJson(after) });
  }
}

export interface AdminCallRecord {
  actor: string;
  action: string;
  params: unknown;
  ok: boolean;
  code: string | null;
  message: string | null;
  data: unknown;
  changes: AuditDoc['changes'];
  at: number;
}

/**
 * Writes one audit entry for an admin call. Written after the call, so a failure here cannot undo
 * the action: it is retried once and then logged (the action's own answer still reaches the admin).
 */
export async function writeAdminAudit(db: Db, r: AdminCallRecord): Promise<void> {
  const doc: Omit<AuditDoc, '_id'> = {
    actor: r.actor,
    action: r.action.slice(0, 64),
    params: boundedJson(r.params) ?? '{}',
    ok: r.ok,
    code: r.code,
    message: r.message,
    result: boundedJson(r.data),
    changes: r.changes,
    createdAt: r.at,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await db.collection(C.audit).add({ data: doc });
      return;
    } catch (e) {
      if (attempt === 1) console.error('[audit] could not record admin call', r.actor, r.action, e);
    }
  }
}
