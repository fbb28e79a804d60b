import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, '.build', 'local-cloud.js');

export interface Started {
  url: string;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
  post: (path: string, body: unknown, openid?: string) => Promise<{ status: number; json: any }>;
  call: (fn: 'api' | 'admin', openid: string, action: string, params?: object) => Promise<any>;
}

/**
 * Starts the local cloud as `npm start` does (the built bundle, as its own process) on a free port,
 * and waits for it to say where it listens.
 */
export async function startProcess(env: Record<string, string> = {}, dataDir?: string): Promise<Started> {
  if (!existsSync(BUNDLE)) throw new Error('run `npm run build` first (npm test does)');
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'e2e-cloud-'));
  const child = spawn(process.execPath, [BUNDLE], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dir, ADMIN_OPENIDS: 'admin', SEED_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud did not start:\n${out}`)), 20000);
    const onData = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`local cloud exited (${code}):\n${out}`)));
  });

  const post = async (path: string, body: unknown, openid?: string) => {
    const res = await fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'X-WX-OPENID': openid } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
  const call = async (fn: 'api' | 'admin', openid: string, action: string, params: object = {}) => {
    const res = await post(`/functions/${fn}`, { data: { action, ...params } }, openid);
    if (res.status !== 200) throw new Error(`${action}: HTTP ${res.status} ${JSON.stringify(res.json)}`);
    const result = res.json.result;
    if (!result.ok) throw Object.assign(new Error(`${action}: ${result.code} ${result.message}`), { code: result.code });
    return result.data;
  };
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGINT');
    });
  return {
    url,
    dataDir: dir,
    child,
    output: () => out,
    stop,
    post,
    call,
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** One `npm start` process for the enclosing describe block, stopped and removed after it. */
export function useProcess(env: Record<string, string> = {}): () => Started {
  let p: Started | null = null;
  beforeAll(async () => {
    p = await startProcess(env);
  });
  afterAll(async () => {
    if (!p) return;
    await p.stop();
    removeDir(p.dataDir);
  });
  return () => {
    if (!p) throw new Error('the local cloud process has not started');
    return p;
  };
}
