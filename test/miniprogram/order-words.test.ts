/** The words the order pages build from the server's data: the history, after-sales statuses, addresses. */
import { mp } from './support/harness';
import { ADDRESS, wechatAddress } from './support/order-wx';

const words = mp('utils/after-sale.js');
const address = mp('services/address.js');

const T0 = Date.UTC(2026, 4, 1, 2, 0); // 2026-05-01 10:00 China time

describe('the order history (van-steps)', () => {
  test('a shipped order: what happened, then what it waits for', () => {
    const { steps, active } = words.timelineSteps({
      status: 'shipped',
      timeline: [
        { kind: 'created', at: T0 },
        { kind: 'paid', at: T0 + 60_000 },
        { kind: 'shipped', at: T0 + 3_600_000 },
      ],
    });
    expect(steps.map((s: { text: string }) => s.text)).toEqual(['提交订单', '付款成功', '商家已发货', '等待确认收货']);
    expect(steps[3].desc).toBe('');
    expect(steps[1].desc).toMatch(/^2026-05-01 \d\d:01$/);
    expect(active).toBe(2);
  });

  test.each([
    ['afterSaleRequested', 5000, '申请售后 ¥50.00'],
    ['afterSaleApproved', 5000, '售后已同意，退款 ¥50.00'],
    ['afterSaleRejected', undefined, '售后未通过'],
    ['afterSaleCancelled', undefined, '已撤销售后申请'],
    ['refunded', undefined, '退款已到账'],
    ['shippingCorrected', undefined, '物流信息已更正'],
    ['received', undefined, '已确认收货'],
    ['closed', undefined, '订单已关闭'],
  ])('%s is worded “%s”', (kind, refundFen, shown) => {
    const { steps, active } = words.timelineSteps({ status: 'received', timeline: [{ kind, at: T0, ...(refundFen ? { refundFen } : {}) }] });
    expect(steps).toEqual([{ text: shown, desc: expect.any(String) }]);
    expect(active).toBe(0);
  });

  test('a paid order waits for the shop to ship', () => {
    const { steps } = words.timelineSteps({ status: 'paid', timeline: [{ kind: 'created', at: T0 }, { kind: 'paid', at: T0 }] });
    expect(steps[steps.length - 1].text).toBe('等待商家发货');
  });
});

describe('after-sales statuses', () => {
  test.each([
    ['open', { status: 'open', refundStatus: null, rejectReason: '' }, '处理中'],
    ['approved, refund on its way', { status: 'approved', refundStatus: 'pending', rejectReason: '' }, '已同意退款 · 退款处理中'],
    ['approved, refunded', { status: 'approved', refundStatus: 'success', rejectReason: '' }, '已同意退款 · 已退回原支付账户'],
    ['rejected, with the reason', { status: 'rejected', refundStatus: null, rejectReason: '已过售后期' }, '未通过：已过售后期'],
    ['cancelled', { status: 'cancelled', refundStatus: null, rejectReason: '' }, '已撤销'],
  ])('%s', (_label, a, shown) => {
    expect(words.afterSaleStatusText(a)).toBe(shown);
  });

  test('every offered reason fits the server’s 1–30 characters', () => {
    for (const r of words.AFTER_SALE_REASONS) expect(r.length).toBeGreaterThanOrEqual(1);
    for (const r of words.AFTER_SALE_REASONS) expect(r.length).toBeLessThanOrEqual(30);
  });
});

describe('addresses', () => {
  test('WeChat’s address book fields map onto the order’s', () => {
    expect(address.fromWechat(wechatAddress())).toEqual(ADDRESS);
  });

  test.each([
    ['a province address', ADDRESS, '广东省 深圳市 南山区 科技园路 1 号 2 栋 301'],
    ['a municipality names its city once', { ...ADDRESS, province: '北京市', city: '北京市', district: '朝阳区', detail: '建国路 88 号' }, '北京市 朝阳区 建国路 88 号'],
    ['no address', null, ''],
  ])('%s is shown as one line', (_label, a, shown) => {
    expect(address.addressLine(a)).toBe(shown);
  });
});
