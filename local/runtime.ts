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
import { LocalOpenApi } from './openapi';
import { Outbox } from './outbox';
import { LocalPay } from './pay';
import { LocalStorage } from './storage';
import { projectRoot, type FunctionPool } from './pool/pool';
import { WireServer } from './wire/server';

let clouds = 0;
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
  readonly openapi: LocalOpenApi;
  readonly cloud: Cloud;
  readonly envId: string;
  baseUrl: string;
  /** The SDK's server (`POST /tcb/admin`), answering from this cloud's database and services. */
  readonly wire: WireServer;
  private readonly context = new AsyncLocalStorage<WXContext>();
  private readonly env: Record<string, string>;
  private workers: { pool: FunctionPool; wireUrl: string; functionsDir: string } | null = null;
  private invocations = 0;
  private readonly instanceId = `cloud-${process.pid}-${++clouds}`;

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
    this.openapi = new LocalOpenApi(this.outbox, () => this.clock.now(), ({ transactionId, outTradeNo }) => {
      const t = transactionId ? this.pay.tradeByTransactionId(transactionId) : outTradeNo ? this.pay.trade(outTradeNo) : null;
      if (!t || !t.transactionId || (t.state !== 'SUCCESS' && t.state !== 'REFUND')) return null;
      return { transactionId: t.transactionId, outTradeNo: t.outTradeNo, openid: t.subOpenid };
    });
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
      openapi: this.openapi,
      storage: this.storage,
      // The stand-in's test merchant keys, unless the environment names real ones.
      env: (name) => this.env[name] ?? this.transfers.env(name, this.baseUrl),
      envId,
      http: async (req) => this.transfers.handle({ ...req, url: new URL(req.url).pathname + new URL(req.url).search }),
    };
    this.wire = new WireServer(this);
  }

  /**
   * From now on every invocation runs the built bundle (`<functionsDir>/<name>/index.js`, by default
   * the project's cloudfunctions/) in `pool`, on the real wx-server-sdk, whose requests go to
   * `wireUrl` (this cloud's host, `POST /tcb/admin`).
   */
  useWorkers(pool: FunctionPool, wireUrl: string, functionsDir = join(projectRoot(), 'cloudfunctions')): void {
    this.workers = { pool, wireUrl, functionsDir };
  }

  /** Whether invocations go through the function instances (the real SDK) rather than the direct door. */
  get wired(): boolean {
    return this.workers !== null;
  }

  isFunction(name: string): name is FunctionName {
    return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
  }

  /**
   * Runs a function as WeChat would: its own context for this call only (so concurrent calls
   * never see each other's identity).
   */
  invoke(name: FunctionName, event: unknown, ctx: InvokeContext = {}): Promise<unknown> {
    if (this.workers) return this.invokeOnWorker(this.workers, name, event, ctx);
    return this.invokeDirect(name, event, ctx);
  }

  /** The in-process door: the shared handler with a Cloud made of the local services (no SDK). */
  invokeDirect(name: FunctionName, event: unknown, ctx: InvokeContext = {}): Promise<unknown> {
    const wx: WXContext = {
      OPENID: ctx.openid ?? '',
      APPID: ctx.appid ?? (ctx.openid ? 'wxlocalappid' : ''),
      SOURCE: ctx.source ?? 'wx_client',
      ENV: this.envId,
    };
    return this.context.run(wx, () => FUNCTIONS[name](this.cloud, event));
  }

  private async invokeOnWorker(
    w: { pool: FunctionPool; wireUrl: string; functionsDir: string },
    name: FunctionName,
    event: unknown,
    ctx: InvokeContext,
  ): Promise<unknown> {
    const token = `inv-${process.pid}-${++this.invocations}-${Date.now().toString(36)}`;
    const source = ctx.source ?? 'wx_client';
    const openid = ctx.openid ?? '';
    const appid = ctx.appid ?? (openid ? 'wxlocalappid' : '');
    // A mini program's call carries its caller in `userInfo`, as wx.cloud.callFunction does.
    const ev = source === 'wx_client' && event && typeof event === 'object' ? { ...event, userInfo: { appId: appid, openId: openid } } : event;
    try {
      return await w.pool.run(
        {
          bundle: join(w.functionsDir, name, 'index.js'),
          event: ev,
          env: { ...this.transfers.envVars(this.baseUrl), ...this.env, ...this.invocationEnv(w.wireUrl, name, token, { openid, appid, source }) },
          clockOffsetMs: this.clock.offset,
        },
        this.instanceId,
      );
    } finally {
      await this.wire.ended(token);
    }
  }

  /**
   * What WeChat sets for one invocation and the SDK reads (node-sdk utils/tcbcontext.js:62-110,
   * utils/cloudplatform.js:149-151, tcbapiendpoint.js:82-107; wx-server-sdk getWXContext index.js:2970-3003):
   * SCF, region and env; placeholder credentials (the SDK signs, the local server does not check);
   * the server's URL; the caller (WX_OPENID, WX_APPID, TCB_SOURCE) and the invocation's WX_API_TOKEN.
   */
  private invocationEnv(wireUrl: string, name: string, token: string, who: { openid: string; appid: string; source: string }): Record<string, string> {
    return {
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      SCF_NAMESPACE: this.envId,
      TCB_ENV: this.envId,
      SCF_FUNCTIONNAME: name,
      TENCENTCLOUD_SECRETID: 'local-secret-id',
      TENCENTCLOUD_SECRETKEY: 'local-secret-key',
      TENCENTCLOUD_SESSIONTOKEN: 'local-session-token',
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: wireUrl }),
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_CLIENTIPV6,WX_API_TOKEN',
      WX_OPENID: who.openid,
      WX_APPID: who.appid,
      WX_CLIENTIP: '127.0.0.1',
      WX_API_TOKEN: token,
      TCB_SOURCE: who.source,
      ...(who.source === 'wx_trigger' ? { TRIGGER_SRC: 'timer' } : {}),
    };
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

  /**
   * The buyer confirms receipt in WeChat (the confirm-receipt component, or WeChat's own order page):
   * WeChat's record moves to 确认收货 and, as a configured message push would, the settlement event
   * `trade_manage_order_settlement` goes to `payCallback`. Null when WeChat has no shipment for it.
   */
  async wxConfirmReceipt(outTradeNo: string): Promise<unknown> {
    const rec = this.openapi.confirmReceived(outTradeNo);
    if (!rec) return null;
    const now = this.clock.now();
    const event = {
      ToUserName: 'gh_localshop',
      FromUserName: rec.openid,
      CreateTime: Math.floor(now / 1000),
      MsgType: 'event',
      Event: 'trade_manage_order_settlement',
      transaction_id: rec.transactionId,
      merchant_id: this.env.SUB_MCH_ID,
      sub_merchant_id: '',
      merchant_trade_no: rec.outTradeNo,
      pay_time: Math.floor(now / 1000),
      confirm_receive_method: 1,
      confirm_receive_time: Math.floor(now / 1000),
    };
    return this.invoke('payCallback', event, { source: 'wx_unknown' });
  }

  close(): void {
    this.workers?.pool.cancel(this.instanceId);
    this.db.close();
  }
}
