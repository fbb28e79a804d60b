import type { ApiResult } from '../../typings/api';
import type { Action } from '../../server/actions/action';
import { adminActions } from '../../server/entries/admin-actions';
import { apiActions } from '../../server/entries/api-actions';
import { C, type AuditDoc } from '../../server/repo/docs';
import { ADMIN } from '../support/local';
import { rawTables } from '../support/snapshot';
import { malformedCases, oddStringCases, validParams, type Case, type RealIds } from './generate';
import { all, counterMismatches } from './invariants';
import { seededShop, type World } from './world';

/**
 * Every action of `api` and `admin` (straight from the action tables, so a new action is covered
 * the day it is added) fed params generated from its own schema: wrong types, huge and NaN-ish
 * numbers, operator objects, 100 KB strings, smuggled and prototype keys, arrays where objects go.
 * Always a clean refusal with a Chinese message, never INTERNAL or a throw, never a changed record.
 *
 * Left out of the before/after comparison: `audit` — every admin call, refused ones included, is
 * recorded there by design (who tried what); it is checked separately (one refused entry per call).
 */
const EXCLUDED = [C.audit];
const CHINESE = /[\u4e00-\u9fff]/;

let w: World;
beforeAll(async () => {
  w = await seededShop();
});
afterAll(() => w.close());

function realIds(fn: 'api' | 'admin'): RealIds {
  return {
    // The api caller is bob: his own order; the admin acts on carol's.
    orderId: fn === 'api' ? w.ids.bobOrder : w.ids.paid,
    productId: w.ids.product,
    id: fn === 'admin' ? w.ids.product : w.ids.product,
    openid: 'dave',
    referrerOpenid: 'alice',
    withdrawalId: w.ids.withdrawal,
    code: w.ids.aliceCode,
    actor: ADMIN,
    afterSaleId: w.ids.afterSale,
    images: [],
    requestId: 'req-bad-input-1',
  };
}

async function call(fn: 'api' | 'admin', action: string, params: Record<string, unknown>): Promise<ApiResult<unknown>> {
  const caller = fn === 'api' ? 'bob' : ADMIN;
  const event: Record<string, unknown> = { action };
  for (const [k, v] of Object.entries(params)) Object.defineProperty(event, k, { value: v, enumerable: true, writable: true, configurable: true });
  const res = (await w.local.call(caller, fn, event)) as ApiResult<unknown>;
  await w.local.pay.idle(); // an accepted refund's notification lands before the next snapshot
  return res;
}

const tables: Array<['api' | 'admin', Record<string, Action>]> = [
  ['api', apiActions],
  ['admin', adminActions],
];
const everyAction = tables.flatMap(([fn, table]) => Object.keys(table).map((name) => [fn, name] as const));

function casesFor(fn: 'api' | 'admin', name: string, seed: number): { base: Record<string, unknown>; cases: Case[] } {
  const schema = (fn === 'api' ? apiActions : adminActions)[name].schema as Parameters<typeof validParams>[0];
  const base = validParams(schema, realIds(fn));
  if (!base) throw new Error(`${fn} ${name}: the generator could not build valid params from its schema; teach generate.ts its field types`);
  const commands = [w.local.db.command.neq(null), w.local.db.command.inc(1e9)];
  return { base, cases: malformedCases(schema, base, seed, 6, commands) };
}

describe('malformed params: refused cleanly, nothing changed', () => {
  test('the action tables are all covered', () => {
    expect(everyAction.length).toBe(Object.keys(apiActions).length + Object.keys(adminActions).length);
    expect(everyAction.length).toBeGreaterThanOrEqual(40);
  });

  test.each(everyAction.map(([fn, name], i) => [fn, name, i]))('%s %s', async (fn, name, i) => {
    const { cases } = casesFor(fn, name, 1000 + i);
    expect(cases.length).toBeGreaterThan(5);
    const auditBefore = all<AuditDoc>(w.local, C.audit).length;
    for (const c of cases) {
      const before = rawTables(w.local, EXCLUDED);
      const res = await call(fn, name, c.params);
      const got = res.ok ? { ok: true } : { ok: false, code: res.code, chinese: CHINESE.test(res.message) };
      expect({ case: c.label, ...got }).toEqual({ case: c.label, ok: false, code: 'INVALID_ARGUMENT', chinese: true });
      expect({ case: c.label, changed: rawTables(w.local, EXCLUDED) }).toEqual({ case: c.label, changed: before });
    }
    if (fn === 'admin') {
      // Each refused admin call left exactly one audit entry saying so.
      const entries = all<AuditDoc>(w.local, C.audit).sort((a, b) => a.createdAt - b.createdAt).slice(auditBefore);
      expect(entries).toHaveLength(cases.length);
      expect(entries.every((e) => e.ok === false && e.code === 'INVALID_ARGUMENT' && e.actor === ADMIN)).toBe(true);
    }
  });
});

describe('odd but well-typed strings (emoji, RTL, zero-width, NUL, NaN-ish, SQL-ish) in every string field', () => {
  test.each(everyAction.map(([fn, name]) => [fn, name]))('%s %s: never a crash; a refusal changes nothing', async (fn, name) => {
    const schema = (fn === 'api' ? apiActions : adminActions)[name].schema as Parameters<typeof validParams>[0];
    const { base } = casesFor(fn, name, 0);
    for (const c of oddStringCases(schema, base)) {
      const before = rawTables(w.local, EXCLUDED);
      const res = await call(fn, name, c.params);
      if (res.ok) continue; // a valid input (a nickname with an emoji is one): its effect is the action's own
      expect({ case: c.label, code: res.code, chinese: CHINESE.test(res.message) }).toEqual({
        case: c.label,
        code: expect.not.stringMatching(/^INTERNAL$/),
        chinese: true,
      });
      expect({ case: c.label, changed: rawTables(w.local, EXCLUDED) }).toEqual({ case: c.label, changed: before });
    }
  });

  test('afterwards the money still reconciles and the team counters match the tree', async () => {
    expect(await w.reconcile()).toMatchObject({ ok: true });
    expect(await counterMismatches(w)).toEqual([]);
  });
});
