/**
 * Showing stored files (avatars, product and material images). In WeChat's cloud an <image> takes a
 * cloud:// file id as it is; the local cloud serves its files at `<localUrl>/files/<path>`, so pages
 * with stored pictures carry `fileBase` (this behaviour) and write `f.src(url, fileBase)` (file.wxs).
 */
import { config } from '../config';

export function fileBase(): string {
  return config.backend === 'local' ? config.localUrl + '/files/' : '';
}

export const storedFiles = Behavior({
  data: { fileBase: fileBase() },
});
