import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import type { Storage } from '../server/platform/cloud';

/**
 * Cloud storage on the local disk: `cloud://<env>.local/<path>` file ids, files under
 * `<root>/<path>`, served by the host at `<baseUrl>/files/<path>`.
 */
export class LocalStorage implements Storage {
  constructor(
    private readonly root: string,
    private readonly envId: string,
    private readonly baseUrl: () => string,
  ) {}

  async uploadFile(params: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }> {
    const path = this.resolve(params.cloudPath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, params.fileContent);
    return { fileID: this.fileIdOf(params.cloudPath) };
  }

  /** The file id a file stored at `cloudPath` has (the wire's upload metadata names it first). */
  fileIdOf(cloudPath: string): string {
    this.resolve(cloudPath);
    return `cloud://${this.envId}.local/${cloudPath}`;
  }

  async getTempFileURL(params: { fileList: string[] }) {
    return {
      fileList: params.fileList.map((fileID) => {
        const cloudPath = this.cloudPathOf(fileID);
        const ok = cloudPath !== null && existsSync(this.resolve(cloudPath));
        return {
          fileID,
          tempFileURL: ok ? `${this.baseUrl()}/files/${encodeURI(cloudPath)}` : '',
          status: ok ? 0 : -1,
        };
      }),
    };
  }

  /** The bytes of a stored file, or null (the host serves them; tests read them). */
  read(cloudPathOrFileId: string): Buffer | null {
    const cloudPath = cloudPathOrFileId.startsWith('cloud://')
      ? this.cloudPathOf(cloudPathOrFileId)
      : cloudPathOrFileId;
    if (cloudPath === null) return null;
    try {
      const path = this.resolve(cloudPath);
      return existsSync(path) ? readFileSync(path) : null;
    } catch {
      return null;
    }
  }

  private cloudPathOf(fileID: string): string | null {
    const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID);
    return m ? m[1] : null;
  }

  /** Keeps every path inside the root: `..` never escapes it. */
  private resolve(cloudPath: string): string {
    const clean = normalize(cloudPath).replace(/^(\.\.(\/|\\|$))+/, '');
    if (clean.startsWith('..') || clean.startsWith(sep) || clean.includes(`..${sep}`)) {
      throw new Error(`invalid cloud path: ${cloudPath}`);
    }
    return join(this.root, clean);
  }
}
