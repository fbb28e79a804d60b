import { z } from 'zod';
import { invalid } from './errors';

/**
 * Params are checked at the edge with a zod schema (types come from the schema). Objects are
 * strict, so a smuggled key — or a query operator object where a string belongs — is refused.
 */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.length ? issue.path.join('.') : '参数';
  throw invalid(`参数错误：${path} ${describeIssue(issue)}`, {
    issues: result.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })),
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '不能为空' : `类型错误（应为${typeName(issue.expected)}）`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `长度不能小于 ${String(issue.minimum)}`
        : `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `长度不能超过 ${String(issue.maximum)}`
        : `不能大于 ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `包含不支持的字段：${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `取值无效（可选：${issue.values.map(String).join(' / ')}）`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_union':
      return '格式不正确';
    case 'not_multiple_of':
      return '取值无效';
    case 'custom':
      return issue.message && issue.message !== 'Invalid input' ? issue.message : '不合法';
    default:
      return '不合法';
  }
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: '字符串',
    number: '数字',
    int: '整数',
    boolean: '布尔值',
    object: '对象',
    array: '数组',
  };
  return names[expected] ?? expected;
}

// ---------- schema building blocks shared by the actions ----------

/** A non-negative integer amount of fen, bounded so sums never leave the safe-integer range. */
export const fen = (max = 100_000_000_00) => z.number().int().min(0).max(max);
/** Basis points: 0..10000. */
export const bps = () => z.number().int().min(0).max(10000);
/** An opaque id or cursor: plain text, bounded, never an object. */
export const id = () => z.string().min(1).max(64).regex(/^[A-Za-z0-9_\-:.]+$/);
export const cursor = () => z.string().min(1).max(200).optional();
// What free text may not hold (text() below).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Bidi embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069: they make text read as
 * something else (a name shown reversed, a file name's end moved). */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
/** Characters that show nothing: white space, format characters (zero-width spaces and joiners,
 * word joiner, BOM, …) and the blank fillers (Hangul, braille, Mongolian vowel separator). */
const INVISIBLE = /^[\s\p{Cf}\u115f\u1160\u3164\uffa0\u2800\u180e]*$/u;

function textIssue(s: string, multiline: boolean): string | null {
  if (LONE_SURROGATE.test(s)) return '包含无法显示的字符';
  if (CONTROL.test(s)) return '包含非法字符';
  if (BIDI.test(s)) return '包含改变文字方向的控制字符';
  if (!multiline && LINE_BREAK.test(s)) return '不能换行';
  // Empty and plain spaces are the callers' to judge (optional fields, trimmed titles).
  if (/\S/.test(s) && INVISIBLE.test(s)) return '不能只有看不见的字符';
  return null;
}

/**
 * Free text shown to people (nicknames, names, notes, titles): bounded, stored NFC-normalised, and
 * refused when it holds control characters, lone surrogates, bidi overrides or isolates, nothing
 * but invisible characters, or — unless `multiline` — a line break.
 */
export const text = (max: number, opts: { multiline?: boolean } = {}) =>
  z
    .string()
    .max(max)
    .transform((s) => s.normalize('NFC'))
    .pipe(
      z
        .string()
        .max(max)
        .superRefine((s, ctx) => {
          const issue = textIssue(s, !!opts.multiline);
          if (issue) ctx.addIssue({ code: 'custom', message: issue });
        }),
    );
export const empty = () => z.strictObject({});
/** A picture's address: a cloud file id or an https URL, nothing that could break out of markup. */
export const imageUrl = () =>
  z
    .string()
    .max(512)
    .regex(/^(cloud:\/\/|https:\/\/)[^\s"'<>\\]+$/, '须为 cloud:// 文件 ID 或 https 地址');
/** A required one-line title: bounded, not blank. */
export const title = (max = 60) => text(max).refine((s) => s.trim().length > 0, '不能为空');
