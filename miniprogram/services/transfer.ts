/**
 * 确认收款 for a withdrawal paid by 商家转账: the server gives the bill's package
 * (`withdrawal.transferInfo`, which first asks WeChat Pay about the bill), the user confirms in
 * WeChat's sheet (`wx.requestMerchantTransfer`, base library 3.3.0+), and on return the server is
 * asked again — the client never decides that money arrived. In local mode the local cloud's
 * WeChat Pay stand-in plays the user's confirmation (`POST /__dev/transfer`).
 */
import { api, CallError, isLocal, localPost } from './call';

type MerchantTransfer = (o: { mchId: string; appId: string; package: string; success: () => void; fail: (e: { errMsg?: string }) => void }) => void;

export async function confirmTransfer(withdrawalId: string): Promise<void> {
  const info = await api('withdrawal.transferInfo', { withdrawalId });
  if (isLocal()) {
    const res = await localPost('/__dev/transfer', { outBillNo: info.outBillNo, action: 'confirm' });
    if (res.status !== 200) throw new CallError('PAYMENT_FAILED', '确认收款失败（本地支付服务）');
  } else {
    const request = (wx as unknown as { requestMerchantTransfer?: MerchantTransfer }).requestMerchantTransfer;
    if (!wx.canIUse('requestMerchantTransfer') || !request) {
      throw new CallError('NOT_ELIGIBLE', '当前微信版本过低，请升级微信后再确认收款');
    }
    await new Promise<void>((resolve, reject) => {
      request({
        mchId: info.mchId,
        appId: info.appId,
        package: info.package,
        success: () => resolve(),
        fail: (e) => reject(new CallError('PAYMENT_FAILED', /cancel/.test(e.errMsg || '') ? '已取消收款' : '确认收款未完成，请稍后再试')),
      });
    });
  }
  // Back from the sheet: the server asks WeChat Pay (once paid, transferInfo answers CONFLICT).
  await api('withdrawal.transferInfo', { withdrawalId }).catch(() => undefined);
}
