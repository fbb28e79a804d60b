import type { OrderStatus, Parcel } from '../../../../typings/api';
import type { AdminOrderView, ExpressCompany } from '../../../../typings/admin';
import { addressLine } from '../../../services/address';
import { admin, toastError } from '../../../services/call';
import { dateTime } from '../../../utils/date';
import { ORDER_STATUS } from '../../../utils/labels';
import { yuan } from '../../../shared/money';
import { emptyList, loadList } from '../../../utils/pager';
import { listPage } from '../../../utils/list-page';

type Row = AdminOrderView & { statusText: string; time: string; refundable: boolean; addressText: string; recordText: string };
const TABS = [
  { name: 'all', title: '全部' },
  { name: 'paid', title: '待发货' },
  { name: 'shipped', title: '已发货' },
  { name: 'unrecorded', title: '未同步微信' },
  { name: 'received', title: '已完成' },
  { name: 'refunded', title: '已退款' },
];
const MAX_PARCELS = 10;
const TRACKING_NO = /^[A-Za-z0-9-]{6,32}$/;

interface ParcelForm {
  expressCompany: string;
  expressName: string;
  trackingNo: string;
}
interface ShipForm {
  show: boolean;
  orderId: string;
  virtual: boolean;
  /** A shipped order: this is the one allowed correction. */
  correcting: boolean;
  noLogistics: boolean;
  parcels: ParcelForm[];
  error: string;
}

function closedShip(): ShipForm {
  return { show: false, orderId: '', virtual: false, correcting: false, noLogistics: false, parcels: [], error: '' };
}

function emptyParcel(): ParcelForm {
  return { expressCompany: '', expressName: '', trackingNo: '' };
}

/** How recording the shipment with WeChat stands, in the shop owner's words ('' before shipping). */
function recordText(o: AdminOrderView): string {
  const r = o.shippingRecord;
  if (r.status === 'recorded') return '已同步微信发货信息';
  if (r.status === 'pending') return '未同步微信发货信息' + (r.lastError ? '（' + r.lastError + '）' : '，稍后自动重试');
  return '';
}

/**
 * 订单管理: ship paid orders (express company and tracking number per parcel, or no logistics),
 * correct the shipping once; see which shipments WeChat has not recorded yet; refund a whole order
 * or some units of some lines.
 */
Component({
  behaviors: [listPage],
  data: {
    tabs: TABS,
    status: 'all',
    list: emptyList<Row>(),
    unrecordedCount: 0,
    /** Units picked for a partial refund: orderId → productId → quantity. */
    picks: {} as Record<string, Record<string, number>>,
    companies: [] as ExpressCompany[],
    companyActions: [] as Array<{ name: string; code: string }>,
    ship: closedShip(),
    /** Which parcel the company picker is choosing for (-1: closed). */
    picking: -1,
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    load(reset: boolean) {
      const tab = this.data.status;
      const status = tab === 'all' || tab === 'unrecorded' ? undefined : (tab as OrderStatus);
      return loadList(
        this,
        'list',
        async (cursor) => {
          const page = await admin('order.list', {
            ...(status ? { status } : {}),
            ...(tab === 'unrecorded' ? { unrecorded: true } : {}),
            ...(cursor ? { cursor } : {}),
          });
          this.setData({ unrecordedCount: page.unrecordedCount });
          return page;
        },
        (o: AdminOrderView): Row => ({
          ...o,
          statusText: ORDER_STATUS[o.status],
          time: dateTime(o.createdAt),
          refundable: (o.status === 'paid' || o.status === 'shipped' || o.status === 'received') && o.refundedFen < o.totalFen,
          addressText: addressLine(o.address),
          recordText: recordText(o),
        }),
        reset,
      );
    },
    onTab(e: { detail: { name: string } }) {
      this.setData({ status: e.detail.name });
      return this.load(true);
    },
    onPick(e: WechatMiniprogram.CustomEvent<{}, {}, { order: string; product: string }> & { detail: number }) {
      const { order, product } = e.currentTarget.dataset;
      const picks = { ...this.data.picks, [order]: { ...(this.data.picks[order] || {}), [product]: Number(e.detail) || 0 } };
      this.setData({ picks });
    },
    async companiesLoaded(): Promise<boolean> {
      if (this.data.companies.length) return true;
      try {
        const { items } = await admin('express.list', {});
        this.setData({ companies: items, companyActions: items.map((c) => ({ name: c.name, code: c.code })) });
        return true;
      } catch (err) {
        toastError(err);
        return false;
      }
    },
    /** 发货 / 修改物流: opens the ship dialog, filled with the current shipping when correcting. */
    async onShip(e: WechatMiniprogram.TouchEvent) {
      const order = this.data.list.items.find((o) => o.orderId === String(e.currentTarget.dataset.id));
      if (!order || !(await this.companiesLoaded())) return;
      const correcting = order.status !== 'paid';
      const parcels = correcting && order.parcels.length ? order.parcels.map((p) => ({ ...p })) : [emptyParcel()];
      this.setData({
        ship: { show: true, orderId: order.orderId, virtual: order.virtual, correcting, noLogistics: correcting && order.noLogistics, parcels, error: '' },
      });
    },
    onShipCancel() {
      this.setData({ ship: closedShip() });
    },
    onNoLogistics(e: { detail: boolean }) {
      this.setData({ 'ship.noLogistics': !!e.detail, 'ship.error': '' });
    },
    onAddParcel() {
      if (this.data.ship.parcels.length >= MAX_PARCELS) return;
      this.setData({ 'ship.parcels': this.data.ship.parcels.concat([emptyParcel()]) });
    },
    onRemoveParcel(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const parcels = this.data.ship.parcels.filter((_, j) => j !== i);
      this.setData({ 'ship.parcels': parcels.length ? parcels : [emptyParcel()] });
    },
    onTracking(e: WechatMiniprogram.CustomEvent<{}, {}, { index: number }> & { detail: string }) {
      this.setData({ ['ship.parcels[' + Number(e.currentTarget.dataset.index) + '].trackingNo']: String(e.detail).trim(), 'ship.error': '' });
    },
    onCompanyOpen(e: WechatMiniprogram.TouchEvent) {
      this.setData({ picking: Number(e.currentTarget.dataset.index) });
    },
    onCompanyClose() {
      this.setData({ picking: -1 });
    },
    onCompany(e: { detail: { name: string; code: string } }) {
      const i = this.data.picking;
      if (i < 0) return;
      this.setData({
        ['ship.parcels[' + i + '].expressCompany']: e.detail.code,
        ['ship.parcels[' + i + '].expressName']: e.detail.name,
        'ship.error': '',
        picking: -1,
      });
    },
    /** What `order.ship` gets from the form, or the sentence saying what is missing. */
    shipParams(): { params: { orderId: string; parcels?: Parcel[]; noLogistics?: boolean } } | { error: string } {
      const s = this.data.ship;
      if (s.noLogistics) return { params: { orderId: s.orderId, noLogistics: true } };
      const filled = s.parcels.filter((p) => p.expressCompany || p.trackingNo);
      if (s.virtual && !filled.length) return { params: { orderId: s.orderId } };
      if (!filled.length) return { error: '请选择快递公司并填写运单号，或选择无需物流' };
      for (const p of filled) {
        if (!p.expressCompany) return { error: '请为运单 ' + (p.trackingNo || '') + ' 选择快递公司' };
        if (!TRACKING_NO.test(p.trackingNo)) return { error: '运单号应为 6–32 位字母、数字或“-”' };
      }
      return { params: { orderId: s.orderId, parcels: filled.map((p) => ({ expressCompany: p.expressCompany, trackingNo: p.trackingNo })) } };
    },
    async onShipConfirm(e: { detail?: { dialog?: { stopLoading(): void } } }) {
      // van-dialog (async-close) turns its button to loading right after this handler starts: stop it after that.
      const stop = () => setTimeout(() => e && e.detail && e.detail.dialog && e.detail.dialog.stopLoading(), 0);
      const built = this.shipParams();
      if ('error' in built) {
        this.setData({ 'ship.error': built.error });
        stop();
        return;
      }
      try {
        const r = await admin('order.ship', built.params);
        this.setData({ ship: closedShip() });
        wx.showToast({ title: r.corrected ? '物流信息已修改' : '已发货', icon: 'success' });
        await this.load(true);
      } catch (err) {
        stop();
        toastError(err);
      }
    },
    onRefund(e: WechatMiniprogram.TouchEvent) {
      return this.refund(String(e.currentTarget.dataset.id), undefined);
    },
    onRefundSome(e: WechatMiniprogram.TouchEvent) {
      const orderId = String(e.currentTarget.dataset.id);
      const lines = Object.entries(this.data.picks[orderId] || {})
        .filter(([, q]) => q > 0)
        .map(([productId, quantity]) => ({ productId, quantity }));
      if (!lines.length) {
        wx.showToast({ title: '请先选择要退的件数', icon: 'none' });
        return undefined;
      }
      return this.refund(orderId, lines);
    },
    refund(orderId: string, lines: Array<{ productId: string; quantity: number }> | undefined) {
      return new Promise<void>((resolve) => {
        wx.showModal({
          title: lines ? '退所选件' : '整单退款',
          content: '退款将原路退回买家，相应佣金按原比例扣回',
          success: async (r) => {
            if (r.confirm) {
              try {
                const res = await admin('order.refund', lines ? { orderId, lines } : { orderId });
                wx.showToast({ title: '已退款 ' + yuan(res.refundFen), icon: 'none' });
                this.setData({ picks: { ...this.data.picks, [orderId]: {} } });
                await this.load(true);
              } catch (err) {
                toastError(err);
              }
            }
            resolve();
          },
        });
      });
    },
  },
});
