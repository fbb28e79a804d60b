/**
 * The delivery address at checkout: chosen from WeChat's own address book (`wx.chooseAddress`,
 * declared in app.json `requiredPrivateInfos`), remembered on the device so the next order starts
 * from it, changed by choosing again. The server validates it and keeps a copy on the order.
 */
import type { DeliveryAddress } from '../../typings/api';
import { CallError } from './call';

const KEY = 'checkout.address';

/** The last address the buyer chose on this device, or null. */
export function lastAddress(): DeliveryAddress | null {
  const stored = wx.getStorageSync(KEY) as unknown;
  return isAddress(stored) ? stored : null;
}

export function rememberAddress(a: DeliveryAddress): void {
  wx.setStorageSync(KEY, a);
}

/**
 * Opens WeChat's address picker. → the chosen address (remembered), or null when the buyer backed
 * out. A refused permission is thrown as a sentence the buyer can act on.
 */
export function chooseAddress(): Promise<DeliveryAddress | null> {
  return new Promise((resolve, reject) => {
    wx.chooseAddress({
      success: (r) => {
        const a = fromWechat(r);
        rememberAddress(a);
        resolve(a);
      },
      fail: (err) => {
        const msg = (err && err.errMsg) || '';
        if (/cancel/.test(msg)) resolve(null);
        else if (/auth|deny|denied|privacy/.test(msg)) reject(new CallError('FORBIDDEN', '请在设置中允许使用通讯地址后再试'));
        else reject(new CallError('INTERNAL', '暂时无法选择地址，请稍后再试'));
      },
    });
  });
}

/** WeChat's field names → the order's. */
export function fromWechat(r: WechatMiniprogram.ChooseAddressSuccessCallbackResult): DeliveryAddress {
  return {
    name: String(r.userName || '').trim(),
    phone: String(r.telNumber || '').trim(),
    province: String(r.provinceName || '').trim(),
    city: String(r.cityName || '').trim(),
    district: String(r.countyName || '').trim(),
    detail: String(r.detailInfo || '').trim(),
  };
}

/** One line for display: `广东省 深圳市 南山区 科技园路 1 号`. */
export function addressLine(a: DeliveryAddress | null | undefined): string {
  if (!a) return '';
  // Municipalities repeat themselves (北京市 北京市): show the name once.
  const parts = [a.province, a.city === a.province ? '' : a.city, a.district, a.detail].filter(Boolean);
  return parts.join(' ');
}

function isAddress(v: unknown): v is DeliveryAddress {
  if (!v || typeof v !== 'object') return false;
  const a = v as Record<string, unknown>;
  return ['name', 'phone', 'province', 'city', 'district', 'detail'].every((k) => typeof a[k] === 'string') && !!a.name && !!a.phone;
}
