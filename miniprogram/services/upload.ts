/**
 * Storing a picture a person chose (a temp file): `wx.cloud.uploadFile` in WeChat's cloud, the
 * local cloud's upload route in local mode. → the file id to save (cloud://…). One folder per use:
 * avatars, product photos, material photos (the only folders the local route accepts).
 */
import { config } from '../config';
import { CallError, isLocal, localUpload } from './call';

export type ImageFolder = 'avatars' | 'products' | 'materials';

function cloudPathFor(folder: ImageFolder, tempPath: string): string {
  const ext = /\.(png|jpe?g)$/i.exec(tempPath);
  return folder + '/' + Date.now() + '-' + Math.floor(Math.random() * 1e6) + '.' + (ext ? ext[1].toLowerCase().replace('jpeg', 'jpg') : 'png');
}

export async function uploadImage(folder: ImageFolder, tempPath: string): Promise<string> {
  const cloudPath = cloudPathFor(folder, tempPath);
  if (isLocal()) return localUpload(cloudPath, tempPath);
  if (config.backend !== 'cloud') throw new CallError('INTERNAL', '图片上传失败，请重试');
  try {
    const res = await wx.cloud.uploadFile({ cloudPath, filePath: tempPath });
    return res.fileID;
  } catch (e) {
    console.warn('[upload] cloud', cloudPath, e);
    throw new CallError('NETWORK', '图片上传失败，请检查网络后重试');
  }
}

/** Lets the person pick up to `count` photos (album or camera, compressed). → temp file paths; [] if cancelled. */
export function chooseImages(count: number): Promise<string[]> {
  return new Promise((resolve) => {
    if (count <= 0) return resolve([]);
    wx.chooseMedia({
      count,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: (r) => resolve(r.tempFiles.map((f) => f.tempFilePath)),
      fail: () => resolve([]), // cancelled: nothing to do
    });
  });
}
