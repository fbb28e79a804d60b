/**
 * Storage on the wire (node-sdk dist/storage/index.js):
 *  - `uploadFile` (56-104): `storage.getUploadMetadata { path, method: 'put' }` → `data: { url, token,
 *    authorization, fileId, cosFileId }`, then a PUT of the bytes to `url` (COS answers an empty body;
 *    an XML `<Error>` fails the upload);
 *  - `getTempFileURL` (149-197): `storage.batchGetDownloadUrl { file_list: [{ fileid, max_age? }] }` →
 *    `data.download_list: [{ fileID, tempFileURL, code, maxAge }]`; wx-server-sdk (index.js:706-750)
 *    turns `code` into `status` (`SUCCESS` → 0, else TCB_ERR_CODE[code]).
 * The PUT lands on the host at `/tcb/cos/<cloudPath>` and is stored by the local storage.
 */
import type { LocalStorage } from '../storage';

export const COS_PREFIX = '/tcb/cos/';

export function uploadMetadata(storage: LocalStorage, baseUrl: string, cloudPath: string): Record<string, unknown> {
  const fileId = storage.fileIdOf(cloudPath);
  return {
    url: `${baseUrl}${COS_PREFIX}${cloudPath.split('/').map(encodeURIComponent).join('/')}`,
    token: 'local-cos-token',
    authorization: 'local-cos-authorization',
    fileId,
    cosFileId: fileId,
    download_url: '',
  };
}

export async function downloadList(storage: LocalStorage, fileList: unknown): Promise<Array<Record<string, unknown>>> {
  const items = Array.isArray(fileList) ? (fileList as Array<{ fileid?: unknown; max_age?: unknown }>) : [];
  const ids = items.map((f) => String(f?.fileid ?? ''));
  const { fileList: urls } = await storage.getTempFileURL({ fileList: ids });
  return urls.map((u, i) => ({
    fileID: u.fileID,
    tempFileURL: u.tempFileURL,
    code: u.status === 0 ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST',
    maxAge: typeof items[i]?.max_age === 'number' ? items[i].max_age : 86400,
  }));
}
