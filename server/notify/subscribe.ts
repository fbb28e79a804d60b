import type { Cloud } from '../platform/cloud';
import { yuanPlain } from '../../miniprogram/shared/money';

/**
 * Subscribe messages of the money path. Sent only after the money has moved (after the commit), and
 * a failed send is logged and forgotten: a notification never breaks or repeats a money movement.
 * Template ids come from the environment (the ids the shop picked in the WeChat console).
 */
export type MessageKind = 'commissionAvailable' | 'withdrawalReviewed' | 'afterSaleUpdate';

const TEMPLATE_ENV: Record<MessageKind, string> = {
  commissionAvailable: 'TPL_COMMISSION_AVAILABLE',
  withdrawalReviewed: 'TPL_WITHDRAWAL_REVIEWED',
  afterSaleUpdate: 'TPL_AFTER_SALE',
};

/** `YYYY-MM-DD HH:mm` in China time, as subscribe message `time` fields want. */
function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 16);
}

export async function sendSafely(
  cloud: Cloud,
  kind: MessageKind,
  touser: string,
  page: string,
  fields: { thing: string; amountFen: number; at: number; note?: string },
): Promise<boolean> {
  try {
    const res = await cloud.openapi.sendSubscribeMessage({
      touser,
      templateId: cloud.env(TEMPLATE_ENV[kind]) ?? kind,
      page,
      data: {
        thing1: { value: fields.thing.slice(0, 20) },
        amount2: { value: yuanPlain(fields.amountFen) }, // WeChat's amount field: digits only, no grouping
        time3: { value: chinaTime(fields.at) },
        thing4: { value: (fields.note ?? '').slice(0, 20) || '—' },
      },
    });
    if (res.errCode !== 0) console.warn(`[notify] ${kind} to ${touser} refused: ${res.errMsg}`);
    return res.errCode === 0;
  } catch (e) {
    console.warn(`[notify] ${kind} to ${touser} failed`, e instanceof Error ? e.message : e);
    return false;
  }
}
