import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cloud, WXContext } from '../server/platform/cloud';
import { FUNCTIONS, type FunctionName } from '../server/entries/functions';
import { INDEXES } from '../server/db/indexes';
import { openLocalDb, type LocalDb } from './db';
import { LocalClock } from './clock';
import { LocalOpenApi } from './openapi';
import { Outbox } from './outbox';
import { LocalPay } from './pay';
import { LocalStorage } from './storage';

export interface LocalCloudOptions {
  /** Where the database, files and clock live; omitted: an in-memory database and a temp dir. */
  dataDir?: string;
  adminOpenids?: string[];
  envId?: string;
  /** Extra environment the functions read (SUB_MCH_ID, ...). */
  env?: Record<string, string>;
  /** The host's address, for file URLs (set by the host once it listens). */
  baseUrl?: string;
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
  readonly storage: LocalStorage;
  readonly openapi: LocalOpenApi;
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
      options.dataDir && existsSync(clockFile) ? (JSON.parse(readFileSync(clockFile, 'utf8')) as { offsetMs: number }).offsetMs : 0,
      options.dataDir ? (offsetMs) => writeFileSync(clockFile, JSON.stringify({ offsetMs })) : undefined,
    );
    this.db = openLocalDb({
      file: options.dataDir ? join(dir, 'cloud.db') : ':memory:',
      now: () => this.clock.now(),
      indexes: INDEXES,
    });
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
      env: (name) => this.env[name],
      envId,
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
    this.db.close();
  }
}
