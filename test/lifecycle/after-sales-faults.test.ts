import { C } from '../../server/repo/docs';
import { failEachOpThenRetry } from '../support/faults';
import { shop, type Shop } from '../support/shop';
import { MONEY_COLLECTIONS, moneySnapshot } from '../support/snapshot';

/**
 * After-sales steps cut off at each database operation in turn, then tried again (the buyer or the
 * admin tapping again; WeChat Pay redelivering its refund notification): each ends exactly as one
 * clean run — one request, one refund, the commission reversed once, reconcile holding.
 */
const COLLECTIONS = [...MONEY_COLLECTIONS, C.afterSales];

async function withOrder(): Promise<Shop & { orderId: string }> {
  const s = await shop();
  const orderId = await s.buy(3);
  return Object.assign(s, { orderId });
}

const requestParams = (s: Shop & { orderId: string }) => ({
  orderId: s.orderId,
  lines: [{ productId: s.productId, quantity: 3 }],
  reason: '质量问题',
});

describe('after-sales steps under faults', () => {
  test('afterSale.request: each database operation failed in turn, then asked again', async () => {
    const { ops } = await failEachOpThenRetry({
      setup: withOrder,
      act: (w) => w.apiRaw('carol', 'afterSale.request', requestParams(w)),
      snapshot: (w) => moneySnapshot(w.local, COLLECTIONS),
      check: async (w, n) => {
        const order = await w.order(w.orderId);
        expect({ n, held: order.lines[0].afterSaleQuantity, requests: order.afterSales?.length }).toEqual({ n, held: 3, requests: 1 });
        expect({ n, ok: (await w.reconcile()).ok }).toEqual({ n, ok: true });
      },
    });
    expect(ops).toBeGreaterThanOrEqual(3);
  }, 120_000);

  test('afterSale.approve and its refund notification: each database operation failed in turn, then tried again', async () => {
    const { ops } = await failEachOpThenRetry({
      setup: async () => {
        const w = await withOrder();
        const { afterSaleId } = await w.api('carol', 'afterSale.request', requestParams(w));
        return Object.assign(w, { afterSaleId });
      },
      act: (w) => w.adminRaw('afterSale.approve', { afterSaleId: w.afterSaleId }),
      snapshot: (w) => moneySnapshot(w.local, COLLECTIONS),
      check: async (w, n) => {
        const order = await w.order(w.orderId);
        expect({ n, status: order.status, refundedFen: order.refundedFen }).toEqual({ n, status: 'refunded', refundedFen: order.totalFen });
        expect({ n, bob: await w.balance('bob') }).toMatchObject({ n, bob: { frozen: 0, lifetime: 0 } });
        expect({ n, ok: (await w.reconcile()).ok }).toEqual({ n, ok: true });
      },
    });
    expect(ops).toBeGreaterThanOrEqual(10);
  }, 180_000);
});

describe('shipping under faults', () => {
  test('order.ship and its WeChat record: each database operation failed in turn, then 发货 tapped again and the settle run', async () => {
    const PARCELS = { parcels: [{ expressCompany: 'ZTO', trackingNo: '78123456789012' }] };
    const { ops } = await failEachOpThenRetry({
      setup: withOrder,
      act: (w) => w.adminRaw('order.ship', { orderId: w.orderId, ...PARCELS }),
      retry: async (w) => {
        await w.adminRaw('order.ship', { orderId: w.orderId, ...PARCELS });
        w.local.clock.advance(11 * 60_000);
        await w.local.trigger('settle');
        w.local.clock.advance(21 * 60_000);
        await w.local.trigger('settle');
      },
      snapshot: async (w) => {
        const o = await w.order(w.orderId);
        return {
          status: o.status,
          parcels: o.parcels,
          corrections: o.shipCorrections,
          record: { status: o.wxShipping?.status, sameKey: o.wxShipping?.recordedKey === o.wxShipping?.key, inFlight: o.wxShipping?.inFlight },
          acceptedByWeChat: w.local.openapi.acceptedUploads(w.orderId).length,
        };
      },
      check: async (w, n) => {
        expect({ n, accepted: w.local.openapi.acceptedUploads(w.orderId).length }).toEqual({ n, accepted: 1 });
      },
    });
    expect(ops).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
