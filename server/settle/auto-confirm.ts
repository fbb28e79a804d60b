import { DAY_MS } from '../core/time';
import type { Cloud } from '../platform/cloud';
import { C, type OrderDoc } from '../repo/docs';
import type { Settings } from '../../typings/api';
import { type Budget, sweep } from './budget';
import { confirmReceipt } from './confirm-receipt';

/** Receipt confirmed for the buyer `autoConfirmDays` after shipping (index orders.status_shipped). */
export function autoConfirm(cloud: Cloud, settings: Settings, now: number, budget: Budget) {
  const db = cloud.db;
  const cutoff = now - settings.settlement.autoConfirmDays * DAY_MS;
  return sweep<OrderDoc>(
    'autoConfirm',
    budget,
    async (limit) =>
      (
        await db
          .collection<OrderDoc>(C.orders)
          .where({ status: 'shipped', shippedAt: db.command.lte(cutoff) })
          .orderBy('shippedAt', 'asc')
          .limit(limit)
          .field({ _id: true })
          .get()
      ).data,
    async (o) =>
      (await confirmReceipt(db, o._id, now, settings.settlement.freezeDays)) === 'received' ? 'done' : 'skipped',
  );
}
