import type { AddressInfo } from 'node:net';
import { createHost } from '../../local/host';
import { sharedPool } from '../../local/pool/pool';
import type { LocalCloudOptions } from '../../local/runtime';
import { startLocal } from './local';

/**
 * `startLocal`, but every call runs the built bundle (cloudfunctions/<name>/index.js) on the real,
 * unmodified wx-server-sdk in the process's pool of function instances, its requests answered over
 * HTTP by this cloud's wire server (`POST /tcb/admin`). The test process still owns the database, so
 * reading it directly, op counting and fault injection work at the engine as with the direct door.
 */
export async function startWired(options: LocalCloudOptions & { functionsDir?: string } = {}) {
  const t = startLocal(options);
  const server = createHost(t.local);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.local.baseUrl = url;
  t.local.useWorkers(sharedPool(), `${url}/tcb/admin`, options.functionsDir);
  return {
    ...t,
    url,
    close: () => {
      server.close();
      server.closeAllConnections();
      t.local.close();
    },
  };
}
