import type BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type {
  CloudPay,
  PayApiResult,
  PayNotification,
  QueryOrderParams,
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

interface RefundRecord {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  refundFee: number;
}

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
    return result;
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
    const record: RefundRecord = {
      outRefundNo: p.outRefundNo,
      outTradeNo: p.outTradeNo,
      refundId: `50${randomBytes(14).toString('hex')}`,
      refundFee: p.refundFee,
    };
    this.sqlite.transaction(() => {
      this.sqlite
        .prepare('INSERT INTO __wxpay_refunds (out_refund_no, data) VALUES (?, ?)')
        .run(record.outRefundNo, JSON.stringify(record));
      this.saveTrade({ ...t, state: 'REFUND', refundedFee: t.refundedFee + p.refundFee });
    })();
    const event: RefundNotification = {
      returnCode: 'SUCCESS',
      appid: 'wxlocalappid',
      mchId: '1900000100',
      subMchId: p.subMchId,
      nonceStr: randomBytes(8).toString('hex'),
      outTradeNo: p.outTradeNo,
      outRefundNo: p.outRefundNo,
      refundId: record.refundId,
      totalFee: t.totalFee,
      refundFee: p.refundFee,
      settlementRefundFee: p.refundFee,
      refundStatus: 'SUCCESS',
      successTime: chinaTime(this.now()),
      refundRecvAccout: '支付用户零钱',
      refundAccount: 'REFUND_SOURCE_RECHARGE_FUNDS',
      refundRequestSource: 'API',
    };
    // WeChat reports the refund a moment after the call returns.
    this.track(this.deliver(p.functionName, event));
    return { ...success(), refundId: record.refundId, refundFee: p.refundFee };
  }

  /**
   * The user paid (dev control `/__dev/pay`): marks the trade paid on WeChat's side and delivers the
   * notification `repeat` times, all at once when `concurrent`, as WeChat's duplicates arrive.
   */
  async pay(outTradeNo: string, repeat = 1, concurrent = false): Promise<unknown[]> {
    const { functionName, event } = this.markPaid(outTradeNo);
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

function tick(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** `yyyy-MM-dd HH:mm:ss` in China time (UTC+8), as WeChat Pay writes times. */
function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}
