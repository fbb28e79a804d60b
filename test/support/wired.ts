import type { AddressInfo } from 'node:net';
import { createHost } from '../../local/host';
import { closeSharedPool, sharedPool } from '../../local/pool/pool';
import type { LocalCloud, LocalCloudOptions } from '../../local/runtime';
import { startLocal } from './local';

// The test file's function instances end with it (worker threads would outlive the file otherwise).
afterAll(() => closeSharedPool());

/**
 * From now on every call of `local` runs the built bundle (cloudfunctions/<name>/index.js, or
 * `functionsDir`) on the real, unmodified wx-server-sdk in the process's pool of function instances,
 * its requests answered over HTTP by this cloud's wire server (`POST /tcb/admin`). The test process
 * still owns the database, so reading it directly, op counting and fault injection work at the
 * engine as with the direct door. Returns what stops the host (the caller closes the cloud).
 */
export async function wireUp(local: LocalCloud, functionsDir?: string): Promise<{ url: string; stop: () => void }> {
  const server = createHost(local);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  local.baseUrl = url;
  local.useWorkers(sharedPool(), `${url}/tcb/admin`, functionsDir);
  return {
    url,
    stop: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}

/** `startLocal` with every call through the real SDK (see wireUp). */
export async function startWired(options: LocalCloudOptions & { functionsDir?: string } = {}) {
  const t = startLocal(options);
  const { url, stop } = await wireUp(t.local, options.functionsDir);
  return {
    ...t,
    url,
    close: () => {
      stop();
      t.local.close();
    },
  };
}
