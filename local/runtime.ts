import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cloud, WXContext } from '../server/platform/cloud';
import { FUNCTIONS, type FunctionName } from '../server/entries/functions';
import { INDEXES } from '../server/db/indexes';
import { C, COLLECTIONS } from '../server/db/collections';
import { SETUP_MARK_ID, setupMark } from '../server/setup/collections';
import { openLocalDb, type LocalDb } from './db';
import { LocalClock, readClockOffset } from './clock';
import { localOpenApi } from './openapi';
import { Outbox } from './outbox';
import { LocalPay } from './pay';
import { LocalStorage } from './storage';
import { LocalWechatPayV3 } from './wechatpay-v3';

export interface LocalCloudOptions {
  /** Where the database, files and clock live; omitted: an in-memory database and a temp dir. */
  dataDir?: string;
  adminOpenids?: string[];
  envId?: string;
  /** Extra environment the functions read (SUB_MCH_ID, ...). */
  env?: Record<string, string>;
  /** The host's address, for file URLs (set by the host once it listens). */
  baseUrl?: string;
  /** The collections that exist at start (all of COLLECTIONS: a set-up environment); [] is a fresh one. */
  collections?: readonly string[];
}

export interface InvokeContext {
  openid?: string;
  source?: string;
  appid?: string;
}

/**
 * The local cloud: the same backend code the cloud functions run, handed a Cloud made of SQLite
 * and local stand-ins for WeChat's services. One per process (or per test).
 */
export class LocalCloud {
  readonly db: LocalDb;
  readonly clock: LocalClock;
  readonly outbox = new Outbox();
  readonly pay: LocalPay;
  /** WeChat Pay APIv3 (商家转账) stand-in; the functions reach it through cloud.http. */
  readonly transfers: LocalWechatPayV3;
  readonly storage: LocalStorage;
  readonly cloud: Cloud;
  readonly envId: string;
  baseUrl: string;
  private readonly context = new AsyncLocalStorage<WXContext>();
  private readonly env: Record<string, string>;

  constructor(options: LocalCloudOptions = {}) {
    this.envId = options.envId ?? 'local-dev';
    this.baseUrl = options.baseUrl ?? 'http://127.0.0.1:3000';
    const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'local-cloud-'));
    mkdirSync(dir, { recursive: true });
    const clockFile = join(dir, 'clock.json');
    this.clock = new LocalClock(
      readClockOffset(
        () => (options.dataDir && existsSync(clockFile) ? readFileSync(clockFile, 'utf8') : null),
        (m) => console.warn(`[local cloud] ${m} (${clockFile})`),
      ),
      options.dataDir ? (offsetMs) => writeFileSync(clockFile, JSON.stringify({ offsetMs })) : undefined,
    );
    this.db = openLocalDb({
      file: options.dataDir ? join(dir, 'cloud.db') : ':memory:',
      now: () => this.clock.now(),
      indexes: INDEXES,
      // The collections the deploy's setup creates; any other fails as in the cloud.
      collections: options.collections ?? COLLECTIONS,
    });
    if (!options.collections) {
      // A set-up environment: every collection exists and the setup left its mark (as
      // setup.collections or the first settle run leaves it in the cloud).
      this.db.collection(C.jobState); // creates the table
      const marked = this.db.sqlite.prepare(`SELECT 1 FROM "c_${C.jobState}" WHERE _id = ?`);
      if (!marked.get(SETUP_MARK_ID)) this.db.bulkInsert(C.jobState, [{ _id: SETUP_MARK_ID, ...setupMark(this.clock.now()) }]);
    }
    this.env = {
      ADMIN_OPENIDS: (options.adminOpenids ?? []).join(','),
      SUB_MCH_ID: '1900000109',
      ...options.env,
    };
    this.storage = new LocalStorage(join(dir, 'files'), this.envId, () => this.baseUrl);
    this.pay = new LocalPay(
      this.db.sqlite,
      (fn, event) => this.invoke(fn as FunctionName, event, { source: 'wx_paycallback' }),
      () => this.clock.now(),
    );
    this.transfers = new LocalWechatPayV3(
      this.db.sqlite,
      () => this.clock.now(),
      // As the HTTP access service would: the notification reaches payCallback as an HTTP event.
      async (e) => (await this.invoke('payCallback', e, { source: '' })) as { statusCode: number },
    );
    const context = this.context;
    const envId = this.envId;
    this.cloud = {
      db: this.db,
      getWXContext: () => {
        const c = context.getStore();
        if (!c) throw new Error('getWXContext called outside a function invocation');
        return c;
      },
      now: () => this.clock.now(),
      pay: this.pay,
      openapi: localOpenApi(this.outbox, () => this.clock.now()),
      storage: this.storage,
      // The stand-in's test merchant keys, unless the environment names real ones.
      env: (name) => this.env[name] ?? this.transfers.env(name, this.baseUrl),
      envId,
      http: async (req) => this.transfers.handle({ ...req, url: new URL(req.url).pathname + new URL(req.url).search }),
    };
  }

  isFunction(name: string): name is FunctionName {
    return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
  }

  /**
   * Runs a function as WeChat would: its own context for this call only (so concurrent calls
   * never see each other's identity).
   */
  invoke(name: FunctionName, event: unknown, ctx: InvokeContext = {}): Promise<unknown> {
    const wx: WXContext = {
      OPENID: ctx.openid ?? '',
      APPID: ctx.appid ?? (ctx.openid ? 'wxlocalappid' : ''),
      SOURCE: ctx.source ?? 'wx_client',
      ENV: this.envId,
    };
    return this.context.run(wx, () => FUNCTIONS[name](this.cloud, event));
  }

  /** A call from the mini program as user `openid`. */
  call(openid: string, name: 'api' | 'admin', data: Record<string, unknown>): Promise<unknown> {
    return this.invoke(name, data, { openid, source: 'wx_client' });
  }

  /** The hourly timer, now. */
  trigger(name: FunctionName): Promise<unknown> {
    const event = { Type: 'Timer', TriggerName: 'hourly', Time: new Date(this.clock.now()).toISOString() };
    return this.invoke(name, event, { source: 'wx_trigger' });
  }

  close(): void {
    this.db.close();
  }
}
