import { resolve } from 'node:path';
import { createHost } from './host';
import { FunctionPool } from './pool/pool';
import { LocalCloud } from './runtime';
import { seedDemo } from './seed-demo';

/**
 * `npm start`: the local cloud on 127.0.0.1:PORT with its data under DATA_DIR, seeded with a small
 * demo shop on first start unless SEED_DEMO=0.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT 无效：${process.env.PORT}（应为 0–65535 的整数）`);
    process.exit(1);
  }
  const dataDir = resolve(process.env.DATA_DIR ?? '.local-cloud');
  const admins = (process.env.ADMIN_OPENIDS ?? 'admin').split(',').map((s) => s.trim()).filter(Boolean);
  const local = new LocalCloud({ dataDir, adminOpenids: admins, baseUrl: `http://127.0.0.1:${port}` });
  // The functions run as built (cloudfunctions/<name>/index.js) on the real wx-server-sdk, in a few
  // instances that reach this host's /tcb/admin, as deployed functions reach WeChat's servers.
  const pool = new FunctionPool({ size: Number(process.env.FUNCTION_INSTANCES ?? 4) || 4 });

  // The demo is written through the real actions in-process, before the host serves (fast, and done
  // before anyone can call); from then on every call runs the bundles on the SDK.
  if (process.env.SEED_DEMO !== '0') {
    const seeded = await seedDemo(local, admins[0] ?? 'admin');
    if (seeded) console.log(`已写入演示数据：${seeded}`);
  }

  const server = createHost(local);
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(
      e.code === 'EADDRINUSE'
        ? `端口 ${port} 已被占用：换一个端口再试，例如 PORT=3001 npm start`
        : `local cloud 无法启动：${e.message}`,
    );
    local.close();
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    ready().catch((e: unknown) => {
      console.error('local cloud 启动失败：', e);
      process.exit(1);
    });
  });
  const ready = async () => {
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    local.baseUrl = `http://127.0.0.1:${actualPort}`;
    local.useWorkers(pool, `${local.baseUrl}/tcb/admin`);
    console.log(`二级分销 local cloud 已启动： ${local.baseUrl}  (数据目录 ${dataDir})`);
    console.log(`管理员 openid：${admins.join(', ') || '（无）'}`);
    console.log('试一试：');
    console.log(
      `  curl -s -X POST ${local.baseUrl}/functions/api -H 'X-WX-OPENID: u1' -H 'content-type: application/json' -d '{"data":{"action":"user.login"}}'`,
    );
    console.log('  微信开发者工具：打开本目录，在 miniprogram/config.ts 中选择 local 后端。按 Ctrl-C 停止。');
  };

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\n正在停止……');
    server.close(() => {
      void pool.close().finally(() => {
        local.close();
        process.exit(0);
      });
    });
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
