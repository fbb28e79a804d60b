import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Parcel } from '../../typings/api';
import type { ExpressCompany } from '../../typings/admin';

/**
 * The express companies the ship form offers: WeChat's delivery ids (`express_company` of
 * upload_shipping_info, from 获取运力id列表 get_delivery_list, HTTPS only — no cloud call) of the
 * carriers most shops use. Adding one is adding a line here.
 */
export const EXPRESS_COMPANIES: readonly ExpressCompany[] = [
  { code: 'SF', name: '顺丰速运' },
  { code: 'ZTO', name: '中通快递' },
  { code: 'YTO', name: '圆通速递' },
  { code: 'YD', name: '韵达速递' },
  { code: 'STO', name: '申通快递' },
  { code: 'JTSD', name: '极兔速递' },
  { code: 'JD', name: '京东物流' },
  { code: 'EMS', name: '中国邮政速递物流' },
];

const NAMES = new Map(EXPRESS_COMPANIES.map((c) => [c.code, c.name]));

export function expressName(code: string): string {
  return NAMES.get(code) ?? code;
}

export const MAX_PARCELS = 10;

export const parcelSchema = z.strictObject({
  expressCompany: z
    .string()
    .refine((c) => NAMES.has(c), { message: '请选择列表中的快递公司' }),
  trackingNo: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine((s) => /^[A-Z0-9-]{6,32}$/.test(s), { message: '快递单号应为 6–32 位字母、数字或短横线' }),
});

/** The same parcel twice in one list is a typing slip, not two parcels. */
export function checkParcels(parcels: Parcel[]): string | null {
  const seen = new Set<string>();
  for (const p of parcels) {
    const k = `${p.expressCompany}:${p.trackingNo}`;
    if (seen.has(k)) return `快递单号 ${p.trackingNo} 重复`;
    seen.add(k);
  }
  return null;
}

/**
 * The idempotency key of one shipment as recorded with WeChat: a hash of how it ships (the parcel
 * list in order, or no logistics, or virtual). The same list is never recorded twice; a corrected
 * list has a new key.
 */
export function shipmentKey(kind: 'express' | 'none' | 'virtual', parcels: Parcel[]): string {
  const canonical = JSON.stringify([kind, parcels.map((p) => [p.expressCompany, p.trackingNo])]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 24);
}
