/**
 * The base-library APIs the order pages use that the harness's stub `wx` lacks: the address book
 * (`wx.chooseAddress`), WeChat's confirm-receipt component (`wx.canIUse` + `wx.openBusinessView`)
 * and the media picker van-uploader calls (`wx.chooseMedia`). Each test installs them afresh and
 * steers them through the returned controls; what the pages asked for is logged.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { World } from './harness';

/** A delivery address as the server accepts it (the field names of order.create). */
export const ADDRESS = {
  name: '王小明',
  phone: '13800138000',
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  detail: '科技园路 1 号 2 栋 301',
};

/** One parcel as the shop ships it (WeChat's delivery id for 顺丰速运). */
export const PARCEL = { expressCompany: 'SF', trackingNo: 'SF1000000001' };

/** The same address as WeChat's address book hands it over (wx.chooseAddress's success result). */
export function wechatAddress(a = ADDRESS) {
  return {
    errMsg: 'chooseAddress:ok',
    userName: a.name,
    telNumber: a.phone,
    provinceName: a.province,
    cityName: a.city,
    countyName: a.district,
    detailInfo: a.detail,
    postalCode: '518000',
    nationalCode: '440305',
  };
}

/** A tiny valid PNG (1×1), what a photo picked from the album is for the upload route. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export interface OrderWx {
  /** What the address book answers next: an address, or 'cancel' (the buyer backs out). */
  address: ReturnType<typeof wechatAddress> | 'cancel';
  chooseAddressCalls: number;
  /** Whether the base library has openBusinessView, and what the component answers in its success
   * callback ('later': nothing there — the answer comes back through App.onShow). */
  businessView: { available: boolean; answer: 'success' | 'cancel' | 'fail' | 'later' };
  businessViewCalls: Array<{ businessType: string; extraData: any }>;
  /** Temp paths wx.chooseMedia hands back next (their bytes go into world.tempFiles). */
  media: string[];
}

export function installOrderWx(w: World): OrderWx {
  const control: OrderWx = {
    address: wechatAddress(),
    chooseAddressCalls: 0,
    businessView: { available: false, answer: 'success' },
    businessViewCalls: [],
    media: [],
  };
  const wx = (globalThis as any).wx;
  Object.assign(wx, {
    chooseAddress(o: any) {
      control.chooseAddressCalls++;
      setTimeout(() => {
        if (control.address === 'cancel') o.fail?.({ errMsg: 'chooseAddress:fail cancel' });
        else o.success?.(control.address);
      }, 0);
    },
    canIUse: (schema: string) => (schema === 'openBusinessView' ? control.businessView.available : true),
    openBusinessView(o: any) {
      control.businessViewCalls.push({ businessType: o.businessType, extraData: o.extraData });
      const answer = control.businessView.answer;
      setTimeout(() => o.success?.({ errMsg: 'openBusinessView:ok', ...(answer === 'later' ? {} : { extraData: { status: answer } }) }), 0);
    },
    chooseMedia(o: any) {
      const paths = control.media.splice(0);
      for (const p of paths) if (!w.tempFiles.has(p)) w.tempFiles.set(p, PNG_1X1);
      setTimeout(() => o.success?.({ type: 'image', tempFiles: paths.map((p) => ({ tempFilePath: p, size: PNG_1X1.length, fileType: 'image' })) }), 0);
    },
  });
  return control;
}
