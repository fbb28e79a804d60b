/**
 * Confirming receipt. WeChat's own confirm-receipt component (`wx.openBusinessView` with
 * `weappOrderConfirm`, base library ≥ 2.6.0) is used where the base library has it and WeChat has
 * the order's shipment (the server gives `wxConfirm` then). The component answers
 * `extraData.status` success / cancel / fail — in the call's success callback, or, as WeChat's
 * docs put it, when it returns to the mini program (App.onShow, `referrerInfo` from the component's
 * app id): whichever comes first. Anywhere else — an old base library, a shipment not yet
 * recorded, the component failing — the buyer confirms with the shop's own button instead. Either
 * way the server marks the order received (`order.confirmReceipt`); the component's answer alone
 * never does.
 */
import type { WxOrderConfirmExtraData } from '../../typings/api';

export type WechatConfirm = 'success' | 'cancel' | 'fail' | 'unavailable';

/** The app id the confirm-receipt component returns from (WeChat's docs). */
export const CONFIRM_COMPONENT_APPID = 'wx1183b055aeec94d1';

interface BusinessViewApi {
  openBusinessView?: (o: {
    businessType: string;
    extraData: object;
    success?: (r: { extraData?: { status?: string } }) => void;
    fail?: (e: { errMsg?: string }) => void;
  }) => void;
}

/** The component opened last and not yet answered. */
let waiting: ((s: WechatConfirm) => void) | null = null;

function answer(status: unknown): WechatConfirm {
  return status === 'success' ? 'success' : status === 'cancel' ? 'cancel' : 'fail';
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
  if (waiting) waiting('cancel'); // an earlier one never answered
  return new Promise((resolve) => {
    let done = false;
    const settle = (s: WechatConfirm) => {
      if (done) return;
      done = true;
      if (waiting === settle) waiting = null;
      resolve(s);
    };
    waiting = settle;
    w.openBusinessView!({
      businessType: 'weappOrderConfirm',
      extraData,
      success: (r) => {
        // Without a status here, the answer comes with App.onShow.
        if (r && r.extraData && r.extraData.status) settle(answer(r.extraData.status));
      },
      fail: () => settle('fail'),
    });
  });
}

/** App.onShow: the component returning hands its answer over in `referrerInfo`. */
export function onAppShow(options: { referrerInfo?: { appId?: string; extraData?: { status?: string } } } | undefined): void {
  const ref = options && options.referrerInfo;
  if (!waiting || !ref || ref.appId !== CONFIRM_COMPONENT_APPID) return;
  waiting(answer(ref.extraData && ref.extraData.status));
}
