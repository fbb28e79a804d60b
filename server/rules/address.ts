import { z } from 'zod';
import type { DeliveryAddress } from '../../typings/api';
import { invalid } from '../core/errors';

/**
 * A delivery address as `wx.chooseAddress` gives it, checked at the edge: what a courier needs and
 * nothing a label printer or the admin page could choke on. Every message names the field in words.
 */

/** Emoji, pictographs, variation selectors and joiners: refused (couriers' systems drop them). */
const EMOJI = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{FE0F}\u{200D}\u{20E3}]/u;
/** Control and format characters (including line breaks, zero-width and bidi marks) and lone surrogates. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

const LABELS: Record<string, string> = {
  name: '收货人',
  phone: '手机号',
  province: '省份',
  city: '城市',
  district: '区县',
  detail: '详细地址',
};

function field(label: string, min: number, max: number) {
  return z
    .string()
    // Stored NFC-normalised, as every free text (server/core/validate.ts `text`).
    .transform((s) => s.trim().normalize('NFC'))
    .refine((s) => s.length >= min, s(min === 1 ? `收货地址：请填写${label}` : `收货地址：${label}至少 ${min} 个字`))
    .refine((s) => [...s].length <= max, s(`收货地址：${label}不能超过 ${max} 个字`))
    .refine((s) => !EMOJI.test(s), s(`收货地址：${label}不能包含表情符号`))
    .refine((s) => !CONTROL.test(s), s(`收货地址：${label}包含不可见字符或换行`));
}
const s = (message: string) => ({ message });

/** Mainland mobile (spaces and dashes a user typed are dropped) or a landline with area code. */
const phone = z
  .string()
  .transform((v) => v.trim())
  .transform((v) => (/^[\d\s-]+$/.test(v) && v.replace(/[\s-]/g, '').length === 11 && v.startsWith('1') ? v.replace(/[\s-]/g, '') : v))
  .refine((v) => v.length > 0, s('收货地址：请填写手机号'))
  .refine((v) => MOBILE.test(v) || LANDLINE.test(v), s('收货地址：手机号格式不正确'));

export const addressSchema = z.strictObject({
  name: field('收货人', 1, 20),
  phone,
  province: field('省份', 1, 20),
  city: field('城市', 1, 20),
  district: field('区县', 1, 20),
  detail: field('详细地址', 2, 120),
});

/**
 * The address, trimmed, or INVALID_ARGUMENT with a message a shopper understands (which field and
 * what is wrong with it — never a path or a schema word). Throws before anything is written.
 */
export function parseAddress(input: unknown): DeliveryAddress {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('收货地址格式不正确');
  const r = addressSchema.safeParse(input);
  if (r.success) {
    const a = r.data;
    return { name: a.name, phone: a.phone, province: a.province, city: a.city, district: a.district, detail: a.detail };
  }
  const issue = r.error.issues[0];
  if (issue.code === 'custom') throw invalid(issue.message);
  if (issue.code === 'unrecognized_keys') throw invalid(`收货地址包含不支持的字段：${issue.keys.join(', ')}`);
  const label = LABELS[String(issue.path[0])] ?? '收货地址';
  throw invalid(`收货地址：请填写${label}`);
}

/** `138****5678`: what WeChat's shipping record takes as a contact (SF requires one, masked). */
export function maskPhone(phone: string): string {
  return MOBILE.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone.replace(/\d(?=\d{4})/g, '*');
}
