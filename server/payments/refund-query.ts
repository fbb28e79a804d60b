/**
 * Reading WeChat Pay's answer to `cloudPay.queryRefund`, whatever shape it comes in. Pure.
 *
 * WeChat Pay v2 (refundquery) documents one set of fields per refund of the order, suffixed `_$n`:
 * `out_refund_no_0`, `refund_status_0`, `refund_fee_0`, `refund_id_0`. The SDK camel-cases the
 * answer with `/_[a-z]/` (wx-server-sdk utils convertCase), so those arrive as `outRefundNo_0`,
 * `refundStatus_0`, ... cloudPay has also been reported answering arrays instead (`outRefundNoList`,
 * `refundStatusList`, `refundFeeList`, `refundIdList`), sometimes empty while `refundCount` is 1.
 * Both are read here; an answer from which no refund can be read yields no entries, never a guess.
 */

export type WeChatRefundStatus = 'SUCCESS' | 'PROCESSING' | 'REFUNDCLOSE' | 'CHANGE';

export interface RefundEntry {
  outRefundNo: string;
  status: WeChatRefundStatus | string;
  refundFee: number | null;
  refundId: string | null;
}

/** Arrays can cross realms as plain objects with numeric keys (see the brief's known traps). */
function asList(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length && keys.every((k) => /^\d+$/.test(k))) return keys.sort((a, b) => +a - +b).map((k) => (v as Record<string, unknown>)[k]);
  }
  return null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null;
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

/** Every refund the answer describes (by either shape), in WeChat's order. */
export function readRefundEntries(res: Record<string, unknown>): RefundEntry[] {
  const out = new Map<string, RefundEntry>();
  const put = (e: RefundEntry) => {
    if (!out.has(e.outRefundNo)) out.set(e.outRefundNo, e);
  };
  // Indexed fields: outRefundNo_0 (camel-cased) or out_refund_no_0 (raw).
  for (const key of Object.keys(res)) {
    const m = /^(?:outRefundNo|out_refund_no)_(\d+)$/.exec(key);
    if (!m) continue;
    const n = m[1];
    const outRefundNo = str(res[key]);
    if (!outRefundNo) continue;
    const pick = (camel: string, snake: string) => res[`${camel}_${n}`] ?? res[`${snake}_${n}`];
    put({
      outRefundNo,
      status: str(pick('refundStatus', 'refund_status')) ?? '',
      refundFee: num(pick('refundFee', 'refund_fee')),
      refundId: str(pick('refundId', 'refund_id')),
    });
  }
  // Arrays: outRefundNoList[i] with refundStatusList[i], ...
  const nos = asList(res.outRefundNoList ?? res.out_refund_no_list);
  if (nos) {
    const statuses = asList(res.refundStatusList ?? res.refund_status_list) ?? [];
    const fees = asList(res.refundFeeList ?? res.refund_fee_list) ?? [];
    const ids = asList(res.refundIdList ?? res.refund_id_list) ?? [];
    nos.forEach((no, i) => {
      const outRefundNo = str(no);
      if (outRefundNo) put({ outRefundNo, status: str(statuses[i]) ?? '', refundFee: num(fees[i]), refundId: str(ids[i]) });
    });
  }
  return [...out.values()];
}

/** How many refunds the order has at WeChat, as the answer states it (null: not stated). */
export function refundTotal(res: Record<string, unknown>): number | null {
  return num(res.totalRefundCount ?? res.total_refund_count) ?? num(res.refundCount ?? res.refund_count);
}
