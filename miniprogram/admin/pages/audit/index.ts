import type { AuditEntry } from '../../../../typings/admin';
import { admin, plainMessage } from '../../../services/call';
import { dateTime } from '../../../utils/date';
import { COMMISSION_STATUS, CHANNEL, WITHDRAWAL_STATUS } from '../../../utils/labels';
import { emptyList, loadList } from '../../../utils/pager';
import { actionLabel, BUCKETS, EVENT_LABEL, shortId } from '../../lib/audit-labels';
import { listPage } from '../../../utils/list-page';

type Kind = 'admin' | 'money';
type AdminEntry = Extract<AuditEntry, { kind: 'admin' }>;
type MoneyEntry = Extract<AuditEntry, { kind: 'money' }>;
/** Amounts stay integer fen here; the template formats them with money.wxs. */
interface Delta {
  label: string;
  fen: number;
}
type Row =
  | (AdminEntry & { actionText: string; time: string })
  | (MoneyEntry & {
      sourceText: string;
      statusText: string;
      refText: string;
      /** The order number to copy (commissions), '' for withdrawals. */
      orderId: string;
      time: string;
      lines: Array<{ typeText: string; time: string; deltas: Delta[]; ref: string }>;
    });

function row(e: AuditEntry): Row {
  if (e.kind === 'admin') {
    return { ...e, actionText: actionLabel(e.action), time: dateTime(e.at), message: e.ok ? null : plainMessage(e.code, e.message) };
  }
  const commission = e.source === 'commission';
  const reward = e.source === 'reward';
  return {
    ...e,
    sourceText: commission ? '佣金' : reward ? '活动奖励' : '提现',
    statusText: reward
      ? '已到账'
      : ((commission ? (COMMISSION_STATUS as Record<string, string>) : (WITHDRAWAL_STATUS as Record<string, string>))[e.status] ?? e.status),
    refText: commission ? '订单 ' + shortId(e.ref) : reward ? e.ref : ((CHANNEL as Record<string, string>)[e.ref] ?? '提现'),
    orderId: commission ? e.ref : '',
    time: dateTime(e.at),
    lines: e.events.map((ev) => ({
      typeText: EVENT_LABEL[ev.type] ?? ev.type,
      time: dateTime(ev.at),
      ref: ev.ref ?? '',
      deltas: BUCKETS.filter((b) => typeof ev[b.key] === 'number' && ev[b.key] !== 0).map((b) => ({ label: b.label, fen: ev[b.key] as number })),
    })),
  };
}

/**
 * 操作日志: admin calls (refused ones too; look-ups only when asked, so changes are not buried) and
 * every money movement (the ledgers), each by the person's name.
 */
Component({
  behaviors: [listPage],
  data: {
    kind: 'admin' as Kind,
    reads: false,
    list: emptyList<Row>(),
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    load(reset: boolean) {
      const kind = this.data.kind;
      const reads = kind === 'admin' && this.data.reads;
      return loadList(this, 'list', (cursor) => admin('audit.list', { kind, ...(reads ? { reads } : {}), ...(cursor ? { cursor } : {}) }), row, reset);
    },
    onReads(e: { detail: boolean }) {
      this.setData({ reads: !!e.detail });
      return this.load(true);
    },
    onCopyOrder(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id || '');
      if (id) wx.setClipboardData({ data: id });
    },
    onTab(e: { detail: { name: string } }) {
      this.setData({ kind: e.detail.name === 'money' ? 'money' : 'admin' });
      return this.load(true);
    },
  },
});
