import type { AdminParams } from '../../../../typings/admin';
import { admin, errorText, isLocal } from '../../../services/call';

type Kind = AdminParams<'export'>['kind'];
interface Slot {
  loading: boolean;
  error: string;
  /** Set once an export finished: its row count, link and whether the ceiling cut it. */
  rows: number | null;
  url: string;
  truncated: boolean;
}
const KINDS: Array<{ kind: Kind; title: string }> = [
  { kind: 'distributors', title: '分销商' },
  { kind: 'commissions', title: '佣金' },
  { kind: 'withdrawals', title: '提现' },
  { kind: 'orders', title: '订单' },
];
const idle = (): Slot => ({ loading: false, error: '', rows: null, url: '', truncated: false });

/**
 * 数据导出: one CSV per kind (admin `export`). The reliable way to the file is copying its link
 * into a browser: `wx.openDocument` does not take CSV on every phone, so opening is only offered
 * in the cloud, as a second try.
 */
Component({
  data: {
    kinds: KINDS,
    slots: { distributors: idle(), commissions: idle(), withdrawals: idle(), orders: idle() } as Record<Kind, Slot>,
    // The local cloud's links are http://127.0.0.1 (reachable from devtools only): copy, don't open.
    canOpen: !isLocal(),
  },
  methods: {
    onExport(e: WechatMiniprogram.TouchEvent) {
      return this.run(e.currentTarget.dataset.kind as Kind);
    },
    async run(kind: Kind) {
      if (this.data.slots[kind].loading) return; // one export per kind at a time
      this.setData({ ['slots.' + kind]: { ...idle(), loading: true } });
      try {
        const r = await admin('export', { kind });
        this.setData({ ['slots.' + kind]: { loading: false, error: '', rows: r.rows, url: r.url, truncated: r.truncated } });
      } catch (err) {
        this.setData({ ['slots.' + kind]: { ...idle(), error: errorText(err) } });
      }
    },
    onCopy(e: WechatMiniprogram.TouchEvent) {
      const url = this.data.slots[e.currentTarget.dataset.kind as Kind].url;
      if (!url) return;
      wx.setClipboardData({ data: url, success: () => wx.showToast({ title: '链接已复制，请在浏览器打开', icon: 'none' }) });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const url = this.data.slots[e.currentTarget.dataset.kind as Kind].url;
      if (!url) return;
      const cannot = () => wx.showToast({ title: '本机无法直接打开 CSV，请复制链接', icon: 'none', duration: 2500 });
      wx.downloadFile({
        url,
        success: (res) => {
          if (res.statusCode !== 200) return cannot();
          // Not every phone's viewer takes CSV; a failure falls back to the copied link.
          wx.openDocument({ filePath: res.tempFilePath, showMenu: true, fail: cannot } as WechatMiniprogram.OpenDocumentOption);
        },
        fail: cannot,
      });
    },
  },
});
