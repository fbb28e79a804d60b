/**
 * Saving to the photo album with WeChat's permission flow: check the setting; never asked →
 * `wx.authorize`; refused before → explain and offer `wx.openSetting` (the only way back once a
 * person said no). Resolves with how many images were saved (0 when permission was not given).
 */
import { CallError } from './call';

const SCOPE = 'scope.writePhotosAlbum';

function p<T>(fn: (o: { success: (r: T) => void; fail: (e: { errMsg?: string }) => void }) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn({
      success: resolve,
      fail: (e) => {
        console.warn('[album]', e.errMsg); // the detail for the developer; people read a sentence
        reject(new CallError('NETWORK', '图片保存失败，请重试'));
      },
    }),
  );
}

export async function ensureAlbumPermission(): Promise<boolean> {
  const setting = await p<WechatMiniprogram.GetSettingSuccessCallbackResult>((o) => wx.getSetting(o));
  const state = setting.authSetting[SCOPE as keyof typeof setting.authSetting];
  if (state === true) return true;
  if (state === undefined) {
    try {
      await p((o) => wx.authorize({ scope: SCOPE as 'scope.writePhotosAlbum', ...o }));
      return true;
    } catch {
      return false;
    }
  }
  // Refused before: only the settings page can grant it now.
  const go = await new Promise<boolean>((resolve) =>
    wx.showModal({
      title: '需要相册权限',
      content: '保存图片需要授权访问相册，请在设置中开启“添加到相册”',
      confirmText: '去设置',
      success: (r) => resolve(r.confirm),
      fail: () => resolve(false),
    }),
  );
  if (!go) return false;
  const after = await p<WechatMiniprogram.OpenSettingSuccessCallbackResult>((o) => wx.openSetting(o));
  return after.authSetting[SCOPE as keyof typeof after.authSetting] === true;
}

async function localPath(url: string): Promise<string> {
  if (!/^https?:/.test(url)) return url;
  const res = await p<WechatMiniprogram.DownloadFileSuccessCallbackResult>((o) => wx.downloadFile({ url, ...o }));
  return res.tempFilePath;
}

export async function saveImagesToAlbum(urls: string[]): Promise<number> {
  if (!urls.length) return 0;
  if (!(await ensureAlbumPermission())) {
    wx.showToast({ title: '未获得相册权限，图片未保存', icon: 'none' });
    return 0;
  }
  let saved = 0;
  for (const url of urls) {
    const filePath = await localPath(url);
    await p((o) => wx.saveImageToPhotosAlbum({ filePath, ...o }));
    saved++;
  }
  return saved;
}
