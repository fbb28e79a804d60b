/**
 * `db.command` and `db.serverDate()`: inert markers that the query translator and the update
 * applier interpret. Classes, so `instanceof` tells a marker from a user's plain object.
 */
import type { Command, Condition, QueryCommand, ServerDate, UpdateCommand } from '../../server/db/types';
import { invalidParam } from './errors';

export type QueryOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'exists' | 'and' | 'or';
export type UpdateOp = 'inc' | 'mul' | 'min' | 'max' | 'set' | 'remove' | 'push' | 'pull' | 'addToSet';

export class QueryCmd implements QueryCommand {
  readonly __queryCommand = true as const;
  constructor(
    readonly op: QueryOp,
    /** For eq…lte/exists: one value; in/nin: the list; and/or: the sub-conditions or sub-commands. */
    readonly args: unknown[],
  ) {}
}

export class UpdateCmd implements UpdateCommand {
  readonly __updateCommand = true as const;
  constructor(
    readonly op: UpdateOp,
    readonly value: unknown,
  ) {}
}

export class ServerDateMarker implements ServerDate {
  readonly __serverDate = true as const;
  /** `db.serverDate({ offset })`: milliseconds added to the server's time, as in the cloud. */
  constructor(readonly offsetMs = 0) {}
}

/** The cloud accepts both `_.or([a, b])` and `_.or(a, b)`. */
function flattenConditions(conditions: unknown[]): unknown[] {
  return conditions.flatMap((c) => (Array.isArray(c) ? (c as unknown[]) : [c]));
}

function requireNumber(op: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalidParam(`_.${op} needs a finite number`);
  return n;
}

export const command: Command = {
  eq: (v) => new QueryCmd('eq', [v]),
  neq: (v) => new QueryCmd('neq', [v]),
  gt: (v) => new QueryCmd('gt', [v]),
  gte: (v) => new QueryCmd('gte', [v]),
  lt: (v) => new QueryCmd('lt', [v]),
  lte: (v) => new QueryCmd('lte', [v]),
  in: (values) => {
    if (!Array.isArray(values)) throw invalidParam('_.in needs an array');
    return new QueryCmd('in', values);
  },
  nin: (values) => {
    if (!Array.isArray(values)) throw invalidParam('_.nin needs an array');
    return new QueryCmd('nin', values);
  },
  exists: (present) => new QueryCmd('exists', [present === true]),
  and: (...conditions: Array<Condition | Condition[]>) => new QueryCmd('and', flattenConditions(conditions)),
  or: (...conditions: Array<Condition | Condition[]>) => new QueryCmd('or', flattenConditions(conditions)),

  inc: (by) => new UpdateCmd('inc', requireNumber('inc', by)),
  mul: (by) => new UpdateCmd('mul', requireNumber('mul', by)),
  min: (v) => new UpdateCmd('min', v),
  max: (v) => new UpdateCmd('max', v),
  set: (v) => new UpdateCmd('set', v),
  remove: () => new UpdateCmd('remove', undefined),
  push: (v) => new UpdateCmd('push', v),
  pull: (v) => new UpdateCmd('pull', v),
  addToSet: (v) => new UpdateCmd('addToSet', v),
};
