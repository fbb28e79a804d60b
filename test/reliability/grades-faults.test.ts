import { failEachOpThenRetry } from '../support/faults';
import { DAY_MS, PRICE, shop, type Shop } from '../support/shop';
import { moneySnapshot } from '../support/snapshot';
import { foldPendingStats } from '../../server/repo/stats-fold';

/**
 * The settle run's grade work — the settled figures counted in the unfreeze transaction, then the
 * grades job — cut off at each database operation in turn (the built bundle on the real SDK), then
 * run again: it must end exactly as one clean run (figures counted once, the upgrade made once).
 */
describe('grades: a settle run cut off anywhere, then the next run, ends as one clean run', () => {
  jest.setTimeout(300_000);

  async function world(): Promise<Shop> {
    const s = await shop({
      settings: {
        grades: [
          { id: 'g1', name: '普通', level1Bps: 1000, level2Bps: 500, upgrade: { match: 'any' } },
          { id: 'g2', name: '银牌', level1Bps: 1200, level2Bps: 600, upgrade: { match: 'any', orders: 1, spendFen: PRICE } },
        ],
      },
    });
    await s.api('carol', 'distributor.apply', {}); // the buyer is a distributor too: own spend counts
    await s.buyReceived(1);
    s.local.clock.advance(7 * DAY_MS + 1000);
    await foldPendingStats(s.db);
    await s.wire();
    return s;
  }

  test('unfreeze + grades, each database operation failed in turn', async () => {
    const { ops } = await failEachOpThenRetry({
      setup: world,
      act: (s) => s.local.trigger('settle'),
      snapshot: (s) => moneySnapshot(s.local),
      check: async (s, n) => {
        expect({ n, bob: await s.distributor('bob') }).toMatchObject({ n, bob: { gradeId: 'g2', gradeCheck: false, settled: { salesFen: PRICE, orders: 1 } } });
        expect({ n, carol: await s.distributor('carol') }).toMatchObject({ n, carol: { gradeId: 'g2', gradeCheck: false, settled: { spendFen: PRICE } } });
        expect({ n, alice: (await s.distributor('alice')).gradeId ?? null }).toEqual({ n, alice: null });
        expect({ n, reconcile: (await s.reconcile()).ok }).toEqual({ n, reconcile: true });
      },
    });
    expect(ops).toBeGreaterThanOrEqual(15);
  }, 280_000);
});
