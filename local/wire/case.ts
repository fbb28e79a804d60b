/**
 * The SDK's key conversions, reproduced (wx-server-sdk index.js:8411-8460, src/utils/utils.ts
 * `convertCase`): camelCase → snake_case puts `_` before each capital; snake_case → camelCase
 * capitalises the letter after each `_`; objects and arrays converted recursively.
 */
export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c, i: number) => `${i ? '_' : ''}${c.toLowerCase()}`);
}

export function snakeToCamel(key: string): string {
  return key.replace(/_[a-z]/g, (m) => m[1].toUpperCase());
}

export function convertKeys(v: unknown, convert: (k: string) => string): unknown {
  if (Array.isArray(v)) return v.map((x) => convertKeys(x, convert));
  if (v && typeof v === 'object' && !Buffer.isBuffer(v) && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[convert(k)] = convertKeys(x, convert);
    return out;
  }
  return v;
}
