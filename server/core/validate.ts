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
/** Free text shown to people: trimmed, bounded, no control characters. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), '包含非法字符');
export const empty = () => z.strictObject({});
/** A picture's address: a cloud file id or an https URL, nothing that could break out of markup. */
export const imageUrl = () =>
  z
    .string()
    .max(512)
    .regex(/^(cloud:\/\/|https:\/\/)[^\s"'<>\\]+$/, '须为 cloud:// 文件 ID 或 https 地址');
/** A required one-line title: bounded, not blank. */
export const title = (max = 60) => text(max).refine((s) => s.trim().length > 0, '不能为空');
