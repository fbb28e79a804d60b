import type { Settings } from '../../typings/api';
import { notEligible } from '../core/errors';
import type { Transaction } from '../db/types';
import type { Cloud } from '../platform/cloud';
import { wechatPayConfig } from '../payments/wechatpay-v3/config';
import { nodeTransport } from '../payments/wechatpay-v3/http';
import { TransferClient, TransferUnknown, type TransferBill } from '../payments/wechatpay-v3/transfer-client';
import { C, type LedgerEvent, type TransferRecord, type WithdrawalDoc } from '../repo/docs';
import { loadSettings } from '../repo/settings';
import { getWithdrawalInTx, runBalanceTransaction } from '../repo/withdrawals';
import { CREATING, NOT_ACCEPTED, failureNote, isRetryable, outBillNoFor, outcomeOf, sceneReportInfos } from '../rules/transfer';

/**
 * Paying an approved withdrawal into the distributor's WeChat change (商家转账, user-confirmation
 * mode), exactly once:
 * 1. `startTransferInTx` — inside the approval's guarded transaction — writes the bill number
 *    (`state: CREATING`) and makes the withdrawal `transferring` BEFORE WeChat Pay is called;
 * 2. `pushTransfer` sends the bill (same out_bill_no on every retry, so WeChat keeps one bill); an
 *    unclear answer (timeout, 5xx, unsigned) leaves CREATING, to be asked about before any resend;
 * 3. `syncTransfer` asks WeChat Pay for the bill and `applyBill` moves the withdrawal in one guarded
 *    transaction: SUCCESS → `paid` + a payout event (once: the status guards it), FAIL/CANCELLED →
 *    back to `approved` with the reason in `note`. The notification, the settle run and the page's
 *    return from the confirm sheet all end in syncTransfer: nothing depends on the notification.
 */

export function transferClient(cloud: Cloud, settings: Settings): TransferClient | null {
  const config = wechatPayConfig(cloud, settings.payout.mchId);
  if (!config) return null;
  return new TransferClient(config, cloud.http ?? nodeTransport, () => Math.floor(cloud.now() / 1000));
}

/** Refuses (before anything changes) when the shop cannot pay by transfer right now. */
export function requireTransferReady(cloud: Cloud, settings: Settings, w: Pick<WithdrawalDoc, 'channel'>): void {
  if (w.channel !== 'wechat') throw notEligible('该提现的收款方式不是微信零钱，请手动打款');
  if (!wechatPayConfig(cloud, settings.payout.mchId)) throw notEligible('微信支付商户密钥未配置，无法自动打款');
}

/**
 * Inside the approval's transaction: the withdrawal (pending, or approved after a bill that ended
 * unpaid) becomes `transferring` with its bill number. A new number (attempt + 1) only after WeChat
 * Pay said the last bill FAILED or was CANCELLED; a bill it never took keeps its number.
 */
export async function startTransferInTx(tx: Transaction, w: WithdrawalDoc, now: number, review: Record<string, unknown>): Promise<TransferRecord> {
  const prev = w.transfer;
  const attempt = !prev ? 1 : prev.state === NOT_ACCEPTED ? prev.attempt : prev.attempt + 1;
  const t: TransferRecord = {
    outBillNo: outBillNoFor(w._id, attempt),
    attempt,
    state: CREATING,
    packageInfo: '',
    transferBillNo: '',
    failReason: '',
    amountFen: w.netFen,
    requestedAt: now,
    updatedAt: now,
  };
  await tx.collection(C.withdrawals).doc(w._id).update({ data: { ...review, status: 'transferring', transfer: t } });
  return t;
}

/** Whether a withdrawal is back with the admin after a bill that ended unpaid (retry or reject). */
export function transferEndedUnpaid(w: WithdrawalDoc): boolean {
  return w.status === 'approved' && !!w.transfer && isRetryable(w.transfer.state);
}

async function readWithdrawal(cloud: Cloud, id: string): Promise<WithdrawalDoc | null> {
  return (await cloud.db.collection<WithdrawalDoc>(C.withdrawals).where({ _id: id }).get()).data[0] ?? null;
}

export type SyncResult = { withdrawal: WithdrawalDoc | null; moved: boolean; asked: boolean };

/**
 * Brings a `transferring` withdrawal up to date with WeChat Pay: asks for the bill first; a bill
 * WeChat does not have (still CREATING) is sent (again) under the same number. `fresh`: just
 * approved in this call, so nobody can have sent it yet — send without asking first.
 */
export async function syncTransfer(cloud: Cloud, withdrawalId: string, fresh = false): Promise<SyncResult> {
  let w = await readWithdrawal(cloud, withdrawalId);
  if (!w || w.status !== 'transferring' || !w.transfer) return { withdrawal: w, moved: false, asked: false };
  const settings = await loadSettings(cloud.db);
  const client = transferClient(cloud, settings);
  if (!client) return { withdrawal: w, moved: false, asked: false };
  const t = w.transfer;
  try {
    if (!fresh) {
      const q = await client.query(t.outBillNo);
      // A query answer has no package_info: a bill waiting for the user whose create answer was lost
      // is sent again under the same number, which WeChat answers with the same bill and its package.
      const needPackage = q.kind === 'found' && q.bill.state === 'WAIT_USER_CONFIRM' && !t.packageInfo;
      if (q.kind === 'found' && !needPackage) return await applyBill(cloud, withdrawalId, q.bill, settings.payout.mchId);
      if (q.kind === 'not_found' && t.state !== CREATING) {
        // WeChat Pay once answered for this bill and now says it has none: not ours to guess.
        console.error('[payout] bill vanished at WeChat Pay', t.outBillNo);
        return { withdrawal: w, moved: false, asked: true };
      }
    }
    const created = await client.create({
      appid: settings.payout.appId,
      out_bill_no: t.outBillNo,
      transfer_scene_id: settings.payout.sceneId,
      openid: w.openid,
      transfer_amount: t.amountFen,
      transfer_remark: settings.payout.remark.slice(0, 32),
      transfer_scene_report_infos: sceneReportInfos(settings.payout.sceneId),
      ...(transferNotifyUrl(cloud) ? { notify_url: transferNotifyUrl(cloud) } : {}),
    });
    if (created.kind === 'accepted') return await applyBill(cloud, withdrawalId, created.bill, settings.payout.mchId);
    // Refused as sent: only a query that finds no bill lets it go back to the admin.
    const q = await client.query(t.outBillNo);
    if (q.kind === 'found') return await applyBill(cloud, withdrawalId, q.bill, settings.payout.mchId);
    const reason = created.code || String(created.status);
    return await applyBill(cloud, withdrawalId, { out_bill_no: t.outBillNo, state: NOT_ACCEPTED, fail_reason: reason }, settings.payout.mchId);
  } catch (e) {
    if (!(e instanceof TransferUnknown)) throw e;
    console.warn('[payout] WeChat Pay gave no clear answer; asked again later', t.outBillNo, e.status || '', e.code);
    w = await readWithdrawal(cloud, withdrawalId);
    return { withdrawal: w, moved: false, asked: true };
  }
}

function transferNotifyUrl(cloud: Cloud): string | undefined {
  return cloud.env('WECHATPAY_TRANSFER_NOTIFY_URL') || undefined;
}

/**
 * Moves the withdrawal by WeChat Pay's word on its bill, in one transaction guarded by the status and
 * the bill number: applying the same bill twice (notification and query, in either order, repeated,
 * concurrent) changes nothing the second time. A SUCCESS of another amount or merchant moves nothing
 * (reconcile reports it).
 */
export async function applyBill(cloud: Cloud, withdrawalId: string, bill: TransferBill, mchId: string): Promise<SyncResult> {
  const _ = cloud.db.command;
  const now = cloud.now();
  return runBalanceTransaction(cloud.db, async (tx) => {
    const w = await getWithdrawalInTx(tx, withdrawalId);
    if (!w || w.status !== 'transferring' || !w.transfer || w.transfer.outBillNo !== bill.out_bill_no) {
      return { withdrawal: w, moved: false, asked: true };
    }
    if ((bill.mch_id && bill.mch_id !== mchId) || (bill.transfer_amount !== undefined && bill.transfer_amount !== w.transfer.amountFen)) {
      console.error('[payout] bill does not match the withdrawal', bill.out_bill_no);
      return { withdrawal: w, moved: false, asked: true };
    }
    const transfer: TransferRecord = {
      ...w.transfer,
      state: bill.state,
      packageInfo: bill.package_info ?? w.transfer.packageInfo,
      transferBillNo: bill.transfer_bill_no ?? w.transfer.transferBillNo,
      failReason: bill.fail_reason ?? '',
      updatedAt: now,
    };
    const ref = tx.collection(C.withdrawals).doc(w._id);
    const outcome = bill.state === NOT_ACCEPTED ? 'failed' : outcomeOf(bill.state);
    if (outcome === 'paid') {
      const event: LedgerEvent = { type: 'payout', at: now, withdrawingFen: -w.amountFen, withdrawnFen: w.amountFen, ref: transfer.outBillNo };
      await ref.update({ data: { status: 'paid', paidAt: now, transfer, events: _.push([event]) } });
      await tx.collection(C.distributors).doc(w.openid).update({
        data: { withdrawingFen: _.inc(-w.amountFen), withdrawnFen: _.inc(w.amountFen) },
      });
      return { withdrawal: { ...w, status: 'paid', paidAt: now, transfer }, moved: true, asked: true };
    }
    if (outcome === 'failed') {
      const note = failureNote(bill.state, transfer.failReason);
      await ref.update({ data: { status: 'approved', note, transfer } });
      return { withdrawal: { ...w, status: 'approved', note, transfer }, moved: true, asked: true };
    }
    if (transfer.state === w.transfer.state && transfer.packageInfo === w.transfer.packageInfo) return { withdrawal: w, moved: false, asked: true };
    await ref.update({ data: { transfer } });
    return { withdrawal: { ...w, transfer }, moved: false, asked: true };
  });
}
