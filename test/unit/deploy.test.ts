import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { C, COLLECTIONS } from '../../server/db/collections';
import { INDEXES } from '../../server/db/indexes';
import { FUNCTION_TIMEOUT_S, NODE_RUNTIME } from '../../server/entries/function-settings';
import { budgetMs, settleTimeoutS, TIME_BUDGET_MS } from '../../server/settle/budget';

const ROOT = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The deploy section of README: from its heading to the next `## `. */
function deploySection(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Deploying');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('one list of collections', () => {
  test('every collection the backend names is in the list (literal names and C.<key>)', () => {
    const named = new Set<string>();
    const keys = new Set<string>();
    for (const file of sources(join(ROOT, 'server'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/collection(?:<[^>()]*>)?\(\s*['"`]([^'"`]+)['"`]/g)) named.add(m[1]);
      for (const m of text.matchAll(/collection(?:<[^>()]*>)?\(\s*C\.(\w+)/g)) keys.add(m[1]);
    }
    expect(keys.size).toBeGreaterThan(10); // the scan found the code's calls
    for (const k of keys) expect(Object.keys(C)).toContain(k);
    for (const n of named) expect(COLLECTIONS).toContain(n);
    // Every listed collection is used somewhere, so the list is no wish list.
    const used = new Set([...named, ...[...keys].map((k) => C[k as keyof typeof C])]);
    expect(COLLECTIONS.filter((c) => !used.has(c))).toEqual([]);
    expect(COLLECTIONS).toEqual(expect.arrayContaining(['posters', 'ranking_stats', 'job_state']));
  });

  test('every index is on a listed collection', () => {
    for (const ix of INDEXES) expect(COLLECTIONS).toContain(ix.collection);
  });

  test("README's deploy steps name exactly the listed collections and point at the index list", () => {
    const section = deploySection();
    const step = /collections? \(([^)]*)\)/.exec(section.replace(/\n\s*/g, ' '));
    expect(step).not.toBeNull();
    const listed = [...step![1].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...COLLECTIONS].sort());
    expect(section).toContain('server/db/indexes.ts');
    expect(section).toContain(`${INDEXES.length} indexes`);
    expect(section).toContain('setup.collections');
  });
});

describe('function timeouts and runtime', () => {
  test("README's deploy steps state each function's timeout, the runtime, and how to set them", () => {
    const section = deploySection();
    for (const [fn, s] of Object.entries(FUNCTION_TIMEOUT_S)) expect(section).toMatch(new RegExp(`\\b${fn}\\b[^\\n|]*\\|\\s*${s} s`));
    expect(section).toContain(NODE_RUNTIME);
    expect(section).toContain('tcb config update fn');
    expect(section).toContain('超时时间');
  });

  test("settle's time budget leaves room before the timeout it is given", () => {
    expect(TIME_BUDGET_MS).toBe(budgetMs(FUNCTION_TIMEOUT_S.settle));
    for (const s of [1, 3, 10, 20, 60, 300]) {
      expect(budgetMs(s)).toBeLessThan(s * 1000);
      expect(budgetMs(s)).toBeGreaterThan(0);
    }
    expect(budgetMs(60)).toBe(45_000);
    expect(budgetMs(3)).toBe(1_500);
    expect(settleTimeoutS(() => '20')).toBe(20);
    expect(settleTimeoutS(() => undefined)).toBe(FUNCTION_TIMEOUT_S.settle);
    expect(settleTimeoutS(() => 'soon')).toBe(FUNCTION_TIMEOUT_S.settle);
  });
});
