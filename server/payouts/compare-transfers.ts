import type { TransferCheck } from '../../typings/admin';
import type { Settings } from '../../typings/api';
import type { Cloud } from '../platform/cloud';
import { TransferUnknown } from '../payments/wechatpay-v3/transfer-client';
import { C, type WithdrawalDoc } from '../repo/docs';
import type { MismatchList } from '../rules/ledger';
import { outBillNoFor } from '../rules/transfer';
import { transferClient } from './transfer';

const MAX_WITHDRAWALS = 300;
const BUDGET_MS = 20_000;

/**
 * The withdrawals paid by 商家转账 against WeChat Pay's bills: every bill number a withdrawal ever
 * used (attempts 1..n) is asked about. A SUCCESS bill must belong to a `paid` withdrawal — its
 * current bill, of the same amount — and a `paid` withdrawal with a bill must have a SUCCESS one.
 * Bills waiting for the user's confirmation are listed for the admin. Bounded in count and time.
 */
export async function compareTransfers(cloud: Cloud, settings: Settings, out: MismatchList): Promise<TransferCheck> {
  const report: TransferCheck = { bills: 0, unanswered: 0, complete: true, waiting: [] };
  const _ = cloud.db.command;
  const ws = (
    await cloud.db
      .collection<WithdrawalDoc>(C.withdrawals)
      .where({ 'transfer.attempt': _.gte(1) })
      .orderBy('createdAt', 'desc')
      .limit(MAX_WITHDRAWALS)
      .get()
  ).data;
  if (ws.length === 0) return report;
  const client = transferClient(cloud, settings);
  if (!client) return { ...report, complete: false, unanswered: ws.length };
  const deadline = cloud.now() + BUDGET_MS;
  for (const w of ws) {
    const t = w.transfer!;
    if (cloud.now() > deadline) return { ...report, complete: false };
    let currentSucceeded = false;
    for (let attempt = 1; attempt <= t.attempt; attempt++) {
      const outBillNo = outBillNoFor(w._id, attempt);
      let q;
      try {
        q = await client.query(outBillNo);
      } catch (e) {
        if (!(e instanceof TransferUnknown)) throw e;
        report.unanswered++;
        continue;
      }
      if (q.kind === 'not_found') continue;
      report.bills++;
      const bill = q.bill;
      const current = outBillNo === t.outBillNo;
      if (bill.state === 'SUCCESS') {
        if (!current || w.status !== 'paid') {
          out.add({ kind: 'transfer', who: w._id, what: `微信已转账成功（${outBillNo}），提现记录为“${w.status}”`, expected: bill.transfer_amount ?? 0, actual: 0 });
        } else {
          currentSucceeded = true;
          out.check('transfer', w._id, '微信转账金额 = 提现实付金额', bill.transfer_amount ?? 0, t.amountFen);
        }
      }
      if (bill.state === 'WAIT_USER_CONFIRM' && current) {
        report.waiting.push({ withdrawalId: w._id, outBillNo, amountFen: t.amountFen, since: t.requestedAt });
      }
    }
    if (w.status === 'paid' && !currentSucceeded && report.unanswered === 0) {
      out.add({ kind: 'transfer', who: w._id, what: '提现已标记打款，但微信转账单不是成功状态', expected: 0, actual: t.amountFen });
    }
  }
  return report;
}
