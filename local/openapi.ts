import QRCode from 'qrcode';
import type { OpenApi } from '../server/platform/cloud';
import type { Outbox } from './outbox';

/** What the local mini program code encodes: the page and its scene, as a WeChat scan delivers them. */
export function wxacodeContent(page: string, scene: string): string {
  return `${page}?scene=${encodeURIComponent(scene)}`;
}

/**
 * openapi on this machine: `wxacode.getUnlimited` draws a real PNG QR code (WeChat's round code
 * cannot be drawn here; a QR code carries the same page and scene), with WeChat's limits on `scene`;
 * `subscribeMessage.send` goes to the outbox.
 */
export function localOpenApi(outbox: Outbox, now: () => number): OpenApi {
  return {
    async getUnlimitedWxacode({ scene, page, width = 430 }) {
      // WeChat: scene at most 32 visible characters from [0-9A-Za-z!#$&'()*+,/:;=?@-._~].
      if (!/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/.test(scene)) {
        throw Object.assign(new Error('openapi.wxacode.getUnlimited:fail invalid scene'), { errCode: 40169 });
      }
      if (!/^[A-Za-z0-9_\-/]+$/.test(page) || page.startsWith('/')) {
        throw Object.assign(new Error('openapi.wxacode.getUnlimited:fail invalid page'), { errCode: 41030 });
      }
      const buffer = await QRCode.toBuffer(wxacodeContent(page, scene), {
        type: 'png',
        width: Math.max(280, Math.min(1280, width)),
        margin: 2,
        errorCorrectionLevel: 'M',
      });
      return { contentType: 'image/png', buffer };
    },
    async sendSubscribeMessage(params) {
      await new Promise((r) => setImmediate(r));
      outbox.push({ kind: 'subscribeMessage', at: now(), payload: params });
      return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
    },
  };
}
