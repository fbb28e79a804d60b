import type { AdminData } from '../../../typings/admin';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from '../action';
import { dayKey } from '../../core/time';
import type { Db } from '../../db/types';
import { C } from '../../repo/docs';
import { afterCursor, type CursorPos } from '../../repo/paging';
import { BOM, csvRow } from '../../rules/csv';
import {
  commissionColumns,
  distributorColumns,
  orderColumns,
  withdrawalColumns,
  type ExportColumns,
} from '../../rules/export-columns';

const PAGE = 1000;
/** A ceiling so one call always finishes inside the function's time limit; the answer says if cut. */
export const MAX_EXPORT_ROWS = 200_000;

const KINDS = {
  distributors: { collection: C.distributors, columns: distributorColumns },
  commissions: { collection: C.commissions, columns: commissionColumns },
  withdrawals: { collection: C.withdrawals, columns: withdrawalColumns },
  orders: { collection: C.orders, columns: orderColumns },
} as const;

/**
 * 导出 CSV: every record of one kind, newest first, read 1000 at a time by the (createdAt, _id)
 * cursor on each collection's `created` index (never skip), written as UTF-8 with a BOM and RFC 4180
 * quoting, uploaded under `exports/`. Answers the file id, a download URL and the row count.
 */
export const exportCsv = defineAction({
  schema: z.strictObject({ kind: z.enum(['distributors', 'commissions', 'withdrawals', 'orders']) }),
  async run(ctx, p): Promise<AdminData<'export'>> {
    const kind = KINDS[p.kind];
    const chunks: string[] = [BOM, csvRow(kind.columns.header)];
    const rows = await writeRows(ctx.db, kind.collection, kind.columns as ExportColumns<never>, chunks);
    const cloudPath = `exports/${p.kind}-${dayKey(ctx.now)}-${ctx.now.toString(36)}${randomBytes(3).toString('hex')}.csv`;
    const { fileID } = await ctx.cloud.storage.uploadFile({ cloudPath, fileContent: Buffer.from(chunks.join(''), 'utf8') });
    const { fileList } = await ctx.cloud.storage.getTempFileURL({ fileList: [fileID] });
    return { fileID, url: fileList[0]?.tempFileURL ?? '', rows: rows.count, truncated: rows.truncated };
  },
});

async function writeRows(
  db: Db,
  collection: string,
  columns: ExportColumns<never>,
  out: string[],
): Promise<{ count: number; truncated: boolean }> {
  let count = 0;
  let after: CursorPos | null = null;
  for (;;) {
    const { data }: { data: Array<{ _id: string; createdAt: number }> } = await db
      .collection<{ _id: string; createdAt: number }>(collection)
      .where(after ? afterCursor(db, after) : {})
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(PAGE)
      .get();
    for (const doc of data) {
      if (count >= MAX_EXPORT_ROWS) return { count, truncated: true };
      out.push(csvRow(columns.row(doc as never)));
      count++;
    }
    if (data.length < PAGE) return { count, truncated: false };
    const last: { _id: string; createdAt: number } = data[data.length - 1];
    after = { createdAt: last.createdAt, id: last._id };
  }
}
