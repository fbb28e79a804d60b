/**
 * Confirming receipt. WeChat's own confirm-receipt component (`wx.openBusinessView` with
 * `weappOrderConfirm`, base library ≥ 2.6.0) is used where the base library has it and WeChat has
 * the order's shipment (the server gives `wxConfirm` then); it answers with
 * `extraData.status` success / cancel / fail. Anywhere else — an old base library, a shipment not
 * yet recorded, the component failing — the buyer confirms with the shop's own button instead.
 * Either way the server marks the order received (`order.confirmReceipt`); the component's answer
 * alone never does.
 */
import type { WxOrderConfirmExtraData } from '../../typings/api';

export type WechatConfirm = 'success' | 'cancel' | 'fail' | 'unavailable';

interface BusinessViewApi {
  openBusinessView?: (o: {
    businessType: string;
    extraData: object;
    success?: (r: { extraData?: { status?: string; errormsg?: string } }) => void;
    fail?: (e: { errMsg?: string }) => void;
  }) => void;
}

/** Whether this base library has WeChat's confirm-receipt component. */
export function hasWechatConfirm(): boolean {
  const w = wx as unknown as BusinessViewApi & { canIUse?: (s: string) => boolean };
  return typeof w.canIUse === 'function' && w.canIUse('openBusinessView') && typeof w.openBusinessView === 'function';
}

/** Opens the component for one order. → what the buyer did there ('unavailable' when it can't open). */
export function openWechatConfirm(extraData: WxOrderConfirmExtraData): Promise<WechatConfirm> {
  const w = wx as unknown as BusinessViewApi;
  if (!hasWechatConfirm() || !w.openBusinessView) return Promise.resolve('unavailable');
  return new Promise((resolve) => {
    w.openBusinessView!({
      businessType: 'weappOrderConfirm',
      extraData,
      success: (r) => {
        const status = r && r.extraData && r.extraData.status;
        resolve(status === 'success' ? 'success' : status === 'cancel' ? 'cancel' : 'fail');
      },
      fail: () => resolve('fail'),
    });
  });
}
