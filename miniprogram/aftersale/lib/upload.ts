/**
 * Stores a picture the user just chose (a temp file) so it lasts: `wx.cloud.uploadFile` in WeChat's
 * cloud, the local cloud's `/__dev/upload` in local mode (as the profile's avatar). → its file id.
 * `folder` is where the server expects it (`aftersales` for after-sales photos). Kept in the
 * after-sales subpackage, its only user, so the main package doesn't carry it.
 */
import { config } from '../../config';
import { CallError, isLocal, localUpload } from '../../services/call';

export async function uploadImage(folder: string, tempPath: string): Promise<string> {
  const ext = /\.(png|jpe?g)$/i.exec(tempPath);
  const cloudPath = folder + '/' + Date.now() + '-' + Math.floor(Math.random() * 1e6) + '.' + (ext ? ext[1].toLowerCase() : 'jpg');
  try {
    if (isLocal()) return await localUpload(cloudPath, tempPath);
    if (config.backend !== 'cloud') throw new Error('no backend');
    const res = await wx.cloud.uploadFile({ cloudPath, filePath: tempPath });
    return res.fileID;
  } catch (e) {
    throw new CallError(e instanceof CallError && e.code === 'NETWORK' ? 'NETWORK' : 'INVALID_ARGUMENT', '照片上传失败，请换一张或稍后再试');
  }
}
