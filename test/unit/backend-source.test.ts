import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SERVER = join(__dirname, '../../server');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Two promises the backend keeps everywhere, checked over its source: time comes from the runtime
 * (`cloud.now()`, which the local cloud can move), so only the platform adapter reads the wall clock;
 * and wx-server-sdk is touched only by that adapter (and the function entries), never by use cases.
 * (Identity from the WeChat context is checked by behaviour: test/reliability/security.test.ts.)
 */
describe('the backend source', () => {
  const sources = files(SERVER).map((path) => ({ path: relative(SERVER, path), text: readFileSync(path, 'utf8') }));

  test('reads the wall clock only in the platform adapter', () => {
    const readers = sources.filter((s) => /Date\.now\(\)|new Date\(\)/.test(s.text)).map((s) => s.path);
    expect(readers).toEqual(['platform/wx-cloud.ts']);
  });

  test('imports wx-server-sdk only in the platform adapter', () => {
    const importers = sources.filter((s) => /from 'wx-server-sdk'|require\('wx-server-sdk'\)/.test(s.text)).map((s) => s.path);
    expect(importers).toEqual(['platform/wx-cloud.ts']);
  });

});
