import { DAY_MS } from '../core/time';
import type { Db } from '../db/types';
import { C, type OrderDoc } from '../repo/docs';
import { commissionSlots } from '../rules/order-commissions';
import { BUSY, transact } from '../db/transact';

export type ReceiptOutcome = 'received' | 'not_found' | 'not_shipped' | 'not_buyer';

/**
 * Receipt of a shipped order (by the buyer, or by settle after autoConfirmDays), in one transaction
 * guarded by the order's status: the order becomes `received`, carries when its commission unfreezes
 * (`settleAt` = receivedAt + freezeDays) and `commissionSettled: false` (what settle's sweep looks
 * for), and each commission shows the same `availableAt`. A repeat finds it no longer shipped.
 * Database operations: 1 read + 1 order write + one write per commission the order earned.
 */
export async function confirmReceipt(
  db: Db,
  orderId: string,
  now: number,
  freezeDays: number,
  buyerOpenid?: string,
): Promise<ReceiptOutcome> {
  return transact(db, async (tx) => {
    const { data: order } = await tx.collection<OrderDoc>(C.orders).doc(orderId).get();
    if (!order) return 'not_found';
    if (buyerOpenid !== undefined && order.buyerOpenid !== buyerOpenid) return 'not_buyer';
    if (order.status !== 'shipped') return 'not_shipped';
    const settleAt = now + freezeDays * DAY_MS;
    await tx.collection(C.orders).doc(orderId).update({
      data: { status: 'received', receivedAt: now, settleAt, commissionSettled: false },
    });
    // Only the commissions the payment wrote (the order lists them): every update hits a document.
    for (const slot of commissionSlots(order)) {
      await tx.collection(C.commissions).doc(slot.id).update({ data: { availableAt: settleAt } });
    }
    return 'received';
  }, { busy: BUSY });
}
