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

/** A stored file's address for code that loads it itself (canvas images, previews): file.wxs `src` in TS. */
export function fileSrc(url: string, base: string = fileBase()): string {
  if (!base || !url || url.indexOf('cloud://') !== 0) return url;
  const slash = url.indexOf('/', 'cloud://'.length);
  return slash < 0 ? url : base + url.substring(slash + 1);
}
