import type { Db } from '../db/types';
import { C, type CampaignDoc, type CommissionDoc, type OrderDoc } from './docs';
import { metricValue } from '../rules/campaign';
import { walkByTime } from './walk';

/**
 * One distributor's value on one campaign, from their commission records created in the window
 * (rules/campaign.ts says what counts): `settledFen` counts only unfrozen commission (what the
 * results are taken from), `valueFen` also the frozen (live progress; reversed counts nowhere).
 * `settledOnly` reads just the unfrozen ones (the settle job), by the (beneficiary, status, created)
 * index. Sales need the unit price: read from the orders, 100 at a time.
 */
export async function campaignValue(
  db: Db,
  c: Pick<CampaignDoc, 'metric' | 'startAt' | 'endAt'>,
  openid: string,
  settledOnly: boolean,
): Promise<{ valueFen: number; settledFen: number }> {
  const base = settledOnly ? { beneficiaryOpenid: openid, status: 'available' } : { beneficiaryOpenid: openid };
  const counted: CommissionDoc[] = [];
  for await (const page of walkByTime<CommissionDoc>(db, C.commissions, 'createdAt', c.startAt, c.endAt, base)) {
    for (const x of page) if (x.status !== 'reversed' && (c.metric === 'commissionFen' || x.level === 1)) counted.push(x);
  }
  const unit = c.metric === 'salesFen' ? await unitPrices(db, counted) : new Map<string, number>();
  let valueFen = 0;
  let settledFen = 0;
  for (const x of counted) {
    const u = unit.get(`${x.orderId}#${x.lineIndex}`) ?? 0;
    valueFen += metricValue(c.metric, x, u, false);
    settledFen += metricValue(c.metric, x, u, true);
  }
  return { valueFen, settledFen };
}

async function unitPrices(db: Db, cs: CommissionDoc[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const ids = [...new Set(cs.map((x) => x.orderId))];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const { data } = await db
      .collection<OrderDoc>(C.orders)
      .where({ _id: db.command.in(chunk) })
      .field({ lines: true })
      .limit(chunk.length)
      .get();
    for (const o of data) o.lines.forEach((l, li) => out.set(`${o._id}#${li}`, l.unitFen));
  }
  return out;
}
