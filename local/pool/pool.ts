/**
 * A small pool of function instances (worker threads, local/pool/worker.ts): each runs one
 * invocation at a time, since the SDK reads the caller's identity from process-global env; calls
 * beyond the pool's size wait for a free instance. Instances start on demand and are reused, like
 * WeChat's warm instances.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Job, JobResult } from './worker';

export interface PoolOptions {
  /** Instances at most (default 4). */
  size?: number;
  /** The built worker script; found under the project's .build/ by default. */
  workerScript?: string;
}

/** The project root: the folder with cloudfunctions/ and .build/ (from local/pool or .build). */
export function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'cloudfunctions'))) return dir;
    if (dirname(dir) === dir) throw new Error('project root not found from ' + __dirname);
  }
}

type Pending = { job: Job; owner: string; resolve: (v: unknown) => void; reject: (e: Error) => void };

interface Instance {
  worker: Worker;
  busy: Pending | null;
}

/** What a function threw, as the caller of a cloud function sees it. */
export class FunctionError extends Error {
  constructor(
    message: string,
    readonly errCode?: unknown,
    readonly errMsg?: unknown,
  ) {
    super(message);
  }
}

export class FunctionPool {
  private readonly size: number;
  private readonly script: string;
  private readonly instances: Instance[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 4);
    this.script = options.workerScript ?? join(projectRoot(), '.build', 'fn-worker.js');
    if (!existsSync(this.script)) throw new Error(`${this.script} is missing: run \`npm run build\` first (npm test and npm start do)`);
  }

  /** Runs one invocation; `owner` names the cloud it belongs to (see cancel). */
  run(job: Omit<Job, 'id'>, owner = ''): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the function pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, id: ++this.nextId }, owner, resolve, reject });
      this.dispatch();
    });
  }

  /** Drops `owner`'s invocations still waiting for an instance (its cloud closed: nothing would answer them). */
  cancel(owner: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].owner !== owner) continue;
      const [p] = this.queue.splice(i, 1);
      p.reject(new FunctionError('the local cloud closed before this invocation started'));
    }
  }

  private dispatch(): void {
    while (this.queue.length) {
      let inst = this.instances.find((i) => !i.busy);
      if (!inst && this.instances.length < this.size) inst = this.spawn();
      if (!inst) return;
      const p = this.queue.shift()!;
      inst.busy = p;
      inst.worker.ref();
      inst.worker.postMessage(p.job);
    }
  }

  private spawn(): Instance {
    // The instances' logs go through this thread's console (so a test that silences console.error
    // silences the functions' too), as a cloud function's logs go to its log stream.
    const worker = new Worker(this.script, { stdout: true, stderr: true });
    forward(worker.stdout, (text) => console.log(text));
    forward(worker.stderr, (text) => console.error(text));
    const inst: Instance = { worker, busy: null };
    worker.on('message', (msg: JobResult) => {
      const p = inst.busy;
      if (!p || p.job.id !== msg.id) return;
      inst.busy = null;
      worker.unref();
      if (msg.ok) p.resolve(msg.result);
      else p.reject(Object.assign(new FunctionError(msg.error.message, msg.error.errCode, msg.error.errMsg), { stack: msg.error.stack }));
      this.dispatch();
    });
    const lost = (why: string) => {
      const i = this.instances.indexOf(inst);
      if (i >= 0) this.instances.splice(i, 1);
      inst.busy?.reject(new FunctionError(`function instance ${why}`));
      inst.busy = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (e) => lost(`crashed: ${e.message}`));
    worker.on('exit', (code) => lost(`exited (${code})`));
    worker.unref();
    this.instances.push(inst);
    return inst;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the function pool is closed'));
    await Promise.all(this.instances.splice(0).map((i) => i.worker.terminate()));
  }
}

function forward(stream: NodeJS.ReadableStream, write: (text: string) => void): void {
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => write(chunk.replace(/\n$/, '')));
}

let shared: FunctionPool | null = null;
/** One pool per module registry for callers that do not manage their own (tests: many clouds, one set of instances). */
export function sharedPool(size = Number(process.env.FUNCTION_INSTANCES ?? 4) || 4): FunctionPool {
  if (!shared) shared = new FunctionPool({ size });
  return shared;
}

export async function closeSharedPool(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
