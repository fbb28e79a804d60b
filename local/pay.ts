import type BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type {
  CloudPay,
  PayApiResult,
  PayNotification,
  QueryOrderParams,
  QueryRefundParams,
  QueryRefundResult,
  QueryOrderResult,
  RefundNotification,
  RefundParams,
  RefundResult,
  UnifiedOrderParams,
  UnifiedOrderResult,
} from '../server/platform/cloud';

type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';

interface Trade {
  outTradeNo: string;
  totalFee: number;
  functionName: string;
  subMchId: string;
  subOpenid: string;
  state: TradeState;
  transactionId: string | null;
  refundedFee: number;
  paidAt: number | null;
}

type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'REFUNDCLOSE' | 'CHANGE';

interface RefundRecord {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  refundFee: number;
  /** Absent in records kept before statuses were: those were all paid at once. */
  status?: RefundStatus;
  successTime?: string;
}

/**
 * How queryRefund lays out the refunds it lists. `indexed`: WeChat Pay v2's documented `_$n` fields
 * as the SDK camel-cases them (`refundStatus_0`); `lists`: arrays (`refundStatusList`), as cloudPay
 * has been reported answering; `sparse`: arrays left empty when asked by outRefundNo, filled when
 * asked by outTradeNo (also reported).
 */
export type RefundQueryShape = 'indexed' | 'lists' | 'sparse';
/** How a refund notification arrives: flat camelCase fields, a decrypted `reqInfo` object, or an encrypted `reqInfo` string. */
export type RefundNotificationShape = 'flat' | 'reqInfo' | 'encrypted';

/** How the pay service reaches a cloud function, as WeChat Pay does: SOURCE `wx_paycallback`. */
export type Notify = (functionName: string, event: PayNotification | RefundNotification) => Promise<unknown>;

const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;

/**
 * WeChat Pay's side of every order, kept in its own table (not the app's database, and not
 * counted as app operations). Behaves like cloudPay: answers `errCode: 0` for a call that reached
 * it even when the business result is FAIL (check `returnCode` and `resultCode`), reports payments
 * and refunds to the callback function, and retries a notification that was not acknowledged with
 * `{ errcode: 0 }`, as WeChat does.
 */
export class LocalPay implements CloudPay {
  private readonly pending = new Set<Promise<unknown>>();
  /** Delays between WeChat's notification retries (shortened from 15s, 15s, 30s, 3m, ...). */
  retryDelaysMs = [5, 20, 50];
  /** Network faults to play: the next call of a method throws, before or after WeChat acted on it. */
  private readonly faults = new Map<keyof CloudPay, 'before' | 'after'>();
  /** Notifications to lose (WeChat gave up, or they never arrived), per kind. */
  private readonly toLose = { payment: 0, refund: 0 };
  /** The next refunds accepted but answered SYSTEMERROR (WeChat's "系统超时": it may have taken it). */
  private systemErrors = 0;
  /** How the next accepted refunds end: paid at once (default), closed, stuck at the bank, or left processing. */
  private readonly refundOutcomes: RefundStatus[] = [];
  refundQueryShape: RefundQueryShape = 'indexed';
  refundNotificationShape: RefundNotificationShape = 'flat';

  /** The next `count` notifications of `kind` are lost: WeChat's side changes, no callback comes. */
  loseNextNotification(kind: 'payment' | 'refund', count = 1): void {
    this.toLose[kind] += count;
  }

  /** The next refund is accepted (and will complete) but its answer is a FAIL with SYSTEMERROR. */
  systemErrorOnNextRefund(): void {
    this.systemErrors++;
  }

  /** The next accepted refund ends as `status` instead of being paid at once. */
  nextRefundEnds(status: Exclude<RefundStatus, 'SUCCESS'>): void {
    this.refundOutcomes.push(status);
  }

  /** Ends a refund left PROCESSING (or CHANGE) as SUCCESS or REFUNDCLOSE, and notifies. */
  finishRefund(outRefundNo: string, status: 'SUCCESS' | 'REFUNDCLOSE'): void {
    const r = this.refundRecord(outRefundNo);
    const t = r && this.trade(r.outTradeNo);
    if (!r || !t) throw new PayError('REFUNDNOTEXIST', `unknown outRefundNo ${outRefundNo}`);
    const done: RefundRecord = { ...r, status, successTime: status === 'SUCCESS' ? chinaTime(this.now()) : undefined };
    this.sqlite.transaction(() => {
      this.saveRefund(done);
      if (status === 'REFUNDCLOSE') this.saveTrade({ ...t, refundedFee: t.refundedFee - r.refundFee });
    })();
    this.notifyRefund(t, done);
  }

  /**
   * Makes the next call of `method` throw like a network failure: `before` WeChat Pay saw it (nothing
   * happened there), or `after` (it happened; only the answer was lost).
   */
  failNext(method: keyof CloudPay, when: 'before' | 'after'): void {
    this.faults.set(method, when);
  }

  private fault(method: keyof CloudPay, when: 'before' | 'after'): void {
    if (this.faults.get(method) !== when) return;
    this.faults.delete(method);
    throw new Error(`cloudPay.${method}:fail network error (injected, ${when} WeChat Pay acted)`);
  }

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly notify: Notify,
    private readonly now: () => number,
  ) {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS __wxpay_trades (out_trade_no TEXT PRIMARY KEY, data TEXT NOT NULL);
                 CREATE TABLE IF NOT EXISTS __wxpay_refunds (out_refund_no TEXT PRIMARY KEY, data TEXT NOT NULL);`);
  }

  async unifiedOrder(p: UnifiedOrderParams): Promise<UnifiedOrderResult> {
    await tick();
    if (!OUT_TRADE_NO.test(p.outTradeNo)) return fail('INVALID_REQUEST', 'outTradeNo 格式错误');
    if (!Number.isInteger(p.totalFee) || p.totalFee <= 0) return fail('INVALID_REQUEST', 'totalFee 必须为正整数');
    if (!p.subMchId) return fail('INVALID_REQUEST', '缺少 subMchId');
    if (!p.functionName) return fail('INVALID_REQUEST', '缺少 functionName');
    const existing = this.trade(p.outTradeNo);
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') return fail('ORDERPAID', '该订单已支付');
      if (existing.state === 'CLOSED') return fail('ORDERCLOSED', '该订单已关闭');
      if (existing.totalFee !== p.totalFee) return fail('INVALID_REQUEST', '同一订单号金额不一致');
    } else {
      this.saveTrade({
        outTradeNo: p.outTradeNo,
        totalFee: p.totalFee,
        functionName: p.functionName,
        subMchId: p.subMchId,
        subOpenid: p.subOpenid ?? '',
        state: 'NOTPAY',
        transactionId: null,
        refundedFee: 0,
        paidAt: null,
      });
    }
    const nonceStr = randomBytes(8).toString('hex');
    const prepayId = `wx${randomBytes(14).toString('hex')}`;
    return {
      ...success(),
      payment: {
        timeStamp: String(Math.floor(this.now() / 1000)),
        nonceStr,
        package: `prepay_id=${prepayId}`,
        signType: 'MD5',
        paySign: randomBytes(16).toString('hex').toUpperCase(),
      },
    };
  }

  async queryOrder(p: QueryOrderParams): Promise<QueryOrderResult> {
    await tick();
    const t = this.trade(p.outTradeNo);
    if (!t) return fail('ORDERNOTEXIST', '此交易订单号不存在');
    return {
      ...success(),
      outTradeNo: t.outTradeNo,
      tradeState: t.state,
      totalFee: t.totalFee,
      transactionId: t.transactionId ?? undefined,
    };
  }

  async closeOrder(p: { outTradeNo: string; subMchId: string }): Promise<PayApiResult> {
    await tick();
    const t = this.trade(p.outTradeNo);
    if (!t) return fail('ORDERNOTEXIST', '此交易订单号不存在');
    if (t.state === 'SUCCESS' || t.state === 'REFUND') return fail('ORDERPAID', '订单已支付，不能关闭');
    this.saveTrade({ ...t, state: 'CLOSED' });
    return success();
  }

  async refund(p: RefundParams): Promise<RefundResult> {
    await tick();
    this.fault('refund', 'before');
    const result = await this.doRefund(p);
    this.fault('refund', 'after');
    if (this.systemErrors > 0 && result.resultCode === 'SUCCESS') {
      this.systemErrors--;
      return fail('SYSTEMERROR', '系统超时，请用相同参数再次调用');
    }
    return result;
  }

  /**
   * WeChat Pay v2 refundquery, answered as cloudPay does (errCode 0; the outcome in returnCode and
   * resultCode). By outRefundNo / refundId: that refund; by outTradeNo / transactionId: the trade's
   * refunds, 10 from `offset`, with totalRefundCount. No refund → FAIL (REFUNDNOTEXIST).
   */
  async queryRefund(p: QueryRefundParams): Promise<QueryRefundResult> {
    await tick();
    this.fault('queryRefund', 'before');
    let trade: Trade | null = null;
    let listed: RefundRecord[];
    let total: number;
    let one = false;
    if (p.refundId || p.outRefundNo) {
      const r = p.refundId ? this.allRefunds().find((x) => x.refundId === p.refundId) ?? null : this.refundRecord(p.outRefundNo!);
      if (!r) return failQuery('REFUNDNOTEXIST', '退款订单查询失败');
      trade = this.trade(r.outTradeNo);
      listed = [r];
      total = 1;
      one = true;
    } else {
      trade = p.outTradeNo ? this.trade(p.outTradeNo) : this.allTrades().find((t) => t.transactionId === p.transactionId) ?? null;
      if (!trade) return failQuery('ORDERNOTEXIST', '订单不存在');
      const all = this.allRefunds().filter((r) => r.outTradeNo === trade!.outTradeNo);
      if (!all.length) return failQuery('REFUNDNOTEXIST', '退款订单查询失败');
      const offset = p.offset ?? 0;
      if (offset >= all.length && offset > 0) return failQuery('PARAM_ERROR', 'offset 超过退款笔数');
      listed = all.slice(offset, offset + 10);
      total = all.length;
    }
    const res: QueryRefundResult = {
      ...success(),
      subMchId: p.subMchId,
      transactionId: trade?.transactionId ?? '',
      outTradeNo: trade?.outTradeNo ?? '',
      totalFee: trade?.totalFee ?? 0,
      cashFee: trade?.totalFee ?? 0,
      refundCount: listed.length,
      ...(one ? {} : { totalRefundCount: total }),
    };
    const status = (r: RefundRecord) => r.status ?? 'SUCCESS';
    if (this.refundQueryShape === 'indexed') {
      listed.forEach((r, i) => {
        Object.assign(res, {
          [`outRefundNo_${i}`]: r.outRefundNo,
          [`refundId_${i}`]: r.refundId,
          [`refundFee_${i}`]: r.refundFee,
          [`refundStatus_${i}`]: status(r),
          [`refundChannel_${i}`]: 'ORIGINAL',
          ...(r.successTime ? { [`refundSuccessTime_${i}`]: r.successTime } : {}),
        });
      });
    } else {
      const shown = this.refundQueryShape === 'sparse' && one ? [] : listed;
      Object.assign(res, {
        outRefundNoList: shown.map((r) => r.outRefundNo),
        refundIdList: shown.map((r) => r.refundId),
        refundFeeList: shown.map((r) => r.refundFee),
        refundStatusList: shown.map(status),
        refundSuccessTimeList: shown.map((r) => r.successTime ?? ''),
      });
    }
    this.fault('queryRefund', 'after');
    return res;
  }

  private async doRefund(p: RefundParams): Promise<RefundResult> {
    const t = this.trade(p.outTradeNo);
    if (!t) return fail('ORDERNOTEXIST', '此交易订单号不存在');
    if (t.state !== 'SUCCESS' && t.state !== 'REFUND') return fail('TRADE_STATE_ERROR', '订单状态错误');
    if (p.totalFee !== t.totalFee) return fail('INVALID_REQUEST', '订单金额不一致');
    const done = this.refundRecord(p.outRefundNo);
    // The same outRefundNo again is the same refund: answered again, never paid twice.
    if (done) return { ...success(), refundId: done.refundId, refundFee: done.refundFee };
    if (!Number.isInteger(p.refundFee) || p.refundFee <= 0) return fail('INVALID_REQUEST', 'refundFee 必须为正整数');
    if (t.refundedFee + p.refundFee > t.totalFee) return fail('NOTENOUGH', '退款金额超过订单可退金额');
    const ends = this.refundOutcomes.shift() ?? 'SUCCESS';
    const record: RefundRecord = {
      outRefundNo: p.outRefundNo,
      outTradeNo: p.outTradeNo,
      refundId: `50${randomBytes(14).toString('hex')}`,
      refundFee: p.refundFee,
      status: ends,
      successTime: ends === 'SUCCESS' ? chinaTime(this.now()) : undefined,
    };
    this.sqlite.transaction(() => {
      this.sqlite
        .prepare('INSERT INTO __wxpay_refunds (out_refund_no, data) VALUES (?, ?)')
        .run(record.outRefundNo, JSON.stringify(record));
      // Held at once (a refund being processed counts against what is left); given back if it closes.
      this.saveTrade({ ...t, state: 'REFUND', refundedFee: t.refundedFee + (ends === 'REFUNDCLOSE' ? 0 : p.refundFee) });
    })();
    // WeChat reports a finished refund a moment after the call returns.
    if (ends === 'SUCCESS' || ends === 'REFUNDCLOSE') this.notifyRefund({ ...t, subMchId: p.subMchId }, record);
    return { ...success(), refundId: record.refundId, refundFee: p.refundFee };
  }

  private notifyRefund(t: Trade, r: RefundRecord): void {
    if (this.toLose.refund > 0) {
      this.toLose.refund--;
      return;
    }
    const fields = {
      outTradeNo: r.outTradeNo,
      outRefundNo: r.outRefundNo,
      refundId: r.refundId,
      transactionId: t.transactionId ?? '',
      totalFee: t.totalFee,
      refundFee: r.refundFee,
      settlementRefundFee: r.refundFee,
      refundStatus: r.status ?? 'SUCCESS',
      ...(r.successTime ? { successTime: r.successTime } : {}),
      refundRecvAccout: '支付用户零钱',
      refundAccount: 'REFUND_SOURCE_RECHARGE_FUNDS',
      refundRequestSource: 'API',
    };
    const envelope = {
      returnCode: 'SUCCESS' as const,
      appid: 'wxlocalappid',
      mchId: '1900000100',
      subMchId: t.subMchId,
      nonceStr: randomBytes(8).toString('hex'),
    };
    const event =
      this.refundNotificationShape === 'flat'
        ? { ...envelope, ...fields }
        : this.refundNotificationShape === 'reqInfo'
          ? { ...envelope, reqInfo: fields }
          : // v2's req_info: AES-256-ECB of the fields under the merchant key, which cloudPay never gives us.
            { ...envelope, reqInfo: randomBytes(96).toString('base64') };
    this.track(this.deliver(t.functionName, event as unknown as RefundNotification));
  }

  /**
   * The user paid (dev control `/__dev/pay`): marks the trade paid on WeChat's side and delivers the
   * notification `repeat` times, all at once when `concurrent`, as WeChat's duplicates arrive.
   */
  async pay(outTradeNo: string, repeat = 1, concurrent = false): Promise<unknown[]> {
    const { functionName, event } = this.markPaid(outTradeNo);
    if (this.toLose.payment > 0) {
      this.toLose.payment--;
      return [];
    }
    const once = () => this.notify(functionName, { ...event });
    if (concurrent) return Promise.all(Array.from({ length: repeat }, once));
    const results: unknown[] = [];
    for (let i = 0; i < repeat; i++) results.push(await once());
    return results;
  }

  /**
   * WeChat's side of a payment without its notification: the trade becomes paid (once; a paid
   * trade keeps its transaction id) and the notification WeChat would send is returned.
   */
  markPaid(outTradeNo: string): { functionName: string; event: PayNotification } {
    const t = this.trade(outTradeNo);
    if (!t) throw new PayError('ORDERNOTEXIST', `unknown outTradeNo ${outTradeNo}`);
    if (t.state === 'CLOSED') throw new PayError('ORDERCLOSED', 'the order is closed');
    const paid: Trade =
      t.state === 'NOTPAY'
        ? { ...t, state: 'SUCCESS', transactionId: `42${randomBytes(13).toString('hex')}`, paidAt: this.now() }
        : t;
    if (paid !== t) this.saveTrade(paid);
    return { functionName: paid.functionName, event: this.paymentEvent(paid) };
  }

  paymentEvent(t: Trade): PayNotification {
    return {
      appid: 'wxlocalappid',
      mchId: '1900000100',
      subAppid: 'wxlocalappid',
      subMchId: t.subMchId,
      nonceStr: randomBytes(8).toString('hex'),
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      openid: t.subOpenid,
      isSubscribe: 'N',
      subOpenid: t.subOpenid,
      subIsSubscribe: 'N',
      tradeType: 'JSAPI',
      bankType: 'OTHERS',
      totalFee: t.totalFee,
      feeType: 'CNY',
      cashFee: t.totalFee,
      transactionId: t.transactionId ?? '',
      outTradeNo: t.outTradeNo,
      timeEnd: chinaTime(t.paidAt ?? this.now()).replace(/[-: ]/g, ''),
    };
  }

  /** WeChat's view of a trade (for tests and the dev host). */
  trade(outTradeNo: string): Trade | null {
    const row = this.sqlite.prepare('SELECT data FROM __wxpay_trades WHERE out_trade_no = ?').get(outTradeNo) as
      | { data: string }
      | undefined;
    return row ? (JSON.parse(row.data) as Trade) : null;
  }

  /** The trade WeChat Pay knows by its transaction id (the shipping service keys orders by it). */
  tradeByTransactionId(transactionId: string): Trade | null {
    const row = this.sqlite
      .prepare("SELECT data FROM __wxpay_trades WHERE json_extract(data, '$.transactionId') = ?")
      .get(transactionId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Trade) : null;
  }

  /** Resolves once every notification in flight (and its retries) has been delivered. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private refundRecord(outRefundNo: string): RefundRecord | null {
    const row = this.sqlite.prepare('SELECT data FROM __wxpay_refunds WHERE out_refund_no = ?').get(outRefundNo) as
      | { data: string }
      | undefined;
    return row ? (JSON.parse(row.data) as RefundRecord) : null;
  }

  private saveRefund(r: RefundRecord): void {
    this.sqlite.prepare('UPDATE __wxpay_refunds SET data = ? WHERE out_refund_no = ?').run(JSON.stringify(r), r.outRefundNo);
  }

  /** Every refund WeChat has, in the order they were made. */
  allRefunds(): RefundRecord[] {
    const rows = this.sqlite.prepare('SELECT data FROM __wxpay_refunds ORDER BY rowid').all() as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as RefundRecord);
  }

  private allTrades(): Trade[] {
    const rows = this.sqlite.prepare('SELECT data FROM __wxpay_trades').all() as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as Trade);
  }

  private saveTrade(t: Trade): void {
    this.sqlite
      .prepare(
        'INSERT INTO __wxpay_trades (out_trade_no, data) VALUES (?, ?) ON CONFLICT(out_trade_no) DO UPDATE SET data = excluded.data',
      )
      .run(t.outTradeNo, JSON.stringify(t));
  }

  /** Delivers until acknowledged with `{ errcode: 0 }`, retrying like WeChat. */
  private async deliver(functionName: string, event: RefundNotification): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await new Promise((r) => setTimeout(r, attempt === 0 ? 0 : this.retryDelaysMs[attempt - 1]));
      try {
        const res = (await this.notify(functionName, { ...event })) as { errcode?: number } | undefined;
        if (res && res.errcode === 0) return;
      } catch {
        // A thrown callback is an unacknowledged one: retried below.
      }
      if (attempt >= this.retryDelaysMs.length) return;
    }
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}

export class PayError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function success(): PayApiResult {
  return { errCode: 0, errMsg: 'cloudPay:ok', returnCode: 'SUCCESS', returnMsg: 'OK', resultCode: 'SUCCESS' };
}

/** A business failure: still `errCode: 0`, as cloudPay answers it. */
function fail(code: string, des: string): PayApiResult {
  return {
    errCode: 0,
    errMsg: 'cloudPay:ok',
    returnCode: 'SUCCESS',
    returnMsg: 'OK',
    resultCode: 'FAIL',
    errCodeDes: `${code}: ${des}`,
  };
}

function failQuery(code: string, des: string): QueryRefundResult {
  return { ...fail(code, des) };
}

function tick(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** `yyyy-MM-dd HH:mm:ss` in China time (UTC+8), as WeChat Pay writes times. */
function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}
