import type { Cloud } from '../platform/cloud';
import { syncTransfer } from '../payouts/transfer';
import { C, type WithdrawalDoc } from '../repo/docs';
import { type Budget, sweep } from './budget';

/**
 * Every `transferring` withdrawal is asked about (query by out_bill_no): a lost notification, a
 * bill whose create answer was lost (sent again under the same number when WeChat has none), a bill
 * the user confirmed, declined or let expire — each moves here within the hour. Walked oldest first
 * by a createdAt cursor so a bill still waiting is asked once per run. `done`: withdrawals that moved.
 */
export function syncTransfers(cloud: Cloud, budget: Budget) {
  const db = cloud.db;
  const _ = db.command;
  let after = -1;
  return sweep<WithdrawalDoc>(
    'syncTransfers',
    budget,
    async (limit) => {
      const rows = (
        await db
          .collection<WithdrawalDoc>(C.withdrawals)
          .where({ status: 'transferring', createdAt: _.gt(after) })
          .orderBy('createdAt', 'asc')
          .limit(limit)
          .get()
      ).data;
      if (rows.length) after = rows[rows.length - 1].createdAt;
      return rows;
    },
    async (w) => ((await syncTransfer(cloud, w._id)).moved ? 'done' : 'skipped'),
  );
}
