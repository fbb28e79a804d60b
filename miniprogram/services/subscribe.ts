/**
 * Asking the user to receive a subscribe message (佣金到账, 提现审核结果). WeChat only lets a page ask
 * inside a tap, once per message; the answer never blocks what the tap does, and a refusal is fine.
 */
import { SUBSCRIBE_TEMPLATES } from '../config';

export type MessageKind = keyof typeof SUBSCRIBE_TEMPLATES;

export function askToSubscribe(kinds: MessageKind[]): void {
  const tmplIds = kinds.map((k) => SUBSCRIBE_TEMPLATES[k]).filter((id) => !!id);
  if (!tmplIds.length || typeof wx.requestSubscribeMessage !== 'function') return;
  wx.requestSubscribeMessage({ tmplIds, fail: () => undefined });
}
