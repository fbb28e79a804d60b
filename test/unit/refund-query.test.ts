import { readRefundEntries, refundTotal } from '../../server/payments/refund-query';

describe('reading a queryRefund answer in every shape WeChat Pay gives it', () => {
  test('v2 indexed fields, camel-cased by the SDK (refundStatus_0) or raw (refund_status_1)', () => {
    const res = {
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      refundCount: 2,
      outRefundNo_0: 'T1-R1',
      refundStatus_0: 'SUCCESS',
      refundFee_0: 100,
      refundId_0: '501',
      out_refund_no_1: 'T1-R2',
      refund_status_1: 'PROCESSING',
      refund_fee_1: '200',
    };
    expect(readRefundEntries(res)).toEqual([
      { outRefundNo: 'T1-R1', status: 'SUCCESS', refundFee: 100, refundId: '501' },
      { outRefundNo: 'T1-R2', status: 'PROCESSING', refundFee: 200, refundId: null },
    ]);
    expect(refundTotal(res)).toBe(2);
  });

  test('arrays, also when they arrive as plain objects from another realm', () => {
    const res = {
      totalRefundCount: 12,
      refundCount: 2,
      outRefundNoList: { 0: 'A', 1: 'B' },
      refundStatusList: ['REFUNDCLOSE', 'SUCCESS'],
      refundFeeList: [1, 2],
      refundIdList: ['x', 'y'],
    };
    expect(readRefundEntries(res).map((e) => [e.outRefundNo, e.status, e.refundFee])).toEqual([
      ['A', 'REFUNDCLOSE', 1],
      ['B', 'SUCCESS', 2],
    ]);
    expect(refundTotal(res)).toBe(12);
  });

  test('empty lists (as cloudPay has answered) name no refund: nothing is guessed', () => {
    expect(readRefundEntries({ refundCount: 1, outRefundNoList: [], refundStatusList: [] })).toEqual([]);
    expect(readRefundEntries({ errCode: 0, errCodeDes: '退款订单查询失败' })).toEqual([]);
  });
});
