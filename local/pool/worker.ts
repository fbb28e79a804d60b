/**
 * One function instance: a worker thread that loads the built bundles
 * (`cloudfunctions/<name>/index.js`) on the real wx-server-sdk and runs one invocation at a time,
 * with the invocation's environment set on its own `process.env` first — as WeChat's instances do:
 * the SDK reads identity (WX_OPENID, TCB_SOURCE, …) and its server's URL from there.
 *
 * Local only (built to .build/fn-worker.js, never into a cloud function): the movable local clock
 * reaches the functions by shifting `Date` by the host's offset, passed with each invocation.
 */
import { parentPort } from 'node:worker_threads';

export interface Job {
  id: number;
  /** Absolute path of the bundle to run. */
  bundle: string;
  event: unknown;
  /** The invocation's environment (identity, the SDK's server URL, the functions' own variables). */
  env: Record<string, string>;
  clockOffsetMs: number;
}

export type JobResult =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; errCode?: unknown; errMsg?: unknown; stack?: string } };

let offsetMs = 0;
const RealDate = Date;
/** `Date` with the local clock's offset: `new Date()` and `Date.now()` read the moved clock. */
class OffsetDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as [string]));
  }
  static override now(): number {
    return RealDate.now() + offsetMs;
  }
}
globalThis.Date = OffsetDate as DateConstructor;

const mains = new Map<string, (event: unknown, context: unknown) => Promise<unknown>>();
/** The variables the previous invocation set, cleared before the next one sets its own. */
let lastKeys: string[] = [];

async function run(job: Job): Promise<unknown> {
  for (const k of lastKeys) delete process.env[k];
  Object.assign(process.env, job.env);
  lastKeys = Object.keys(job.env);
  offsetMs = job.clockOffsetMs;
  let main = mains.get(job.bundle);
  if (!main) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    main = (require(job.bundle) as { main: (event: unknown, context: unknown) => Promise<unknown> }).main;
    mains.set(job.bundle, main);
  }
  const context = { request_id: job.env.WX_API_TOKEN, namespace: job.env.SCF_NAMESPACE, function_name: job.env.SCF_FUNCTIONNAME };
  return await main(job.event, context);
}

parentPort?.on('message', (job: Job) => {
  run(job).then(
    (result) => parentPort?.postMessage({ id: job.id, ok: true, result } satisfies JobResult),
    (e: unknown) => {
      const err = (e ?? {}) as { message?: unknown; errCode?: unknown; errMsg?: unknown; stack?: unknown };
      parentPort?.postMessage({
        id: job.id,
        ok: false,
        error: {
          message: typeof err.message === 'string' ? err.message : String(e),
          errCode: err.errCode,
          errMsg: err.errMsg,
          stack: typeof err.stack === 'string' ? err.stack : undefined,
        },
      } satisfies JobResult);
    },
  );
});
