import { shop } from '../support/shop';
import { ADDRESS, SHIP } from '../support/delivery';

describe('admin order.list', () => {
  test('every buyer’s orders, newest first, by status, with buyer and referrer chain; pages without gaps', async () => {
    const s = await shop();
    try {
      const first = await s.buy(1);
      const second = await s.buy(2, 'dave'); // dave has no referrer: a plain sale
      await s.admin('order.ship', { orderId: first, ...SHIP });
      const unpaid = (await s.api('erin', 'order.create', { items: [{ productId: s.productId, quantity: 1 }], address: ADDRESS })).orderId;

      const all = await s.admin('order.list', {});
      expect(all.items.map((o: { orderId: string }) => o.orderId)).toEqual([unpaid, second, first]);
      expect(all.items[2]).toMatchObject({ status: 'shipped', buyerOpenid: 'carol', chain: { level1: 'bob', level2: 'alice' }, totalFen: 10_000 });
      expect(all.items[1]).toMatchObject({ status: 'paid', buyerOpenid: 'dave', chain: { level1: null, level2: null } });

      const paid = await s.admin('order.list', { status: 'paid' });
      expect(paid.items.map((o: { orderId: string }) => o.orderId)).toEqual([second]);

      const seen: string[] = [];
      for (let i = 0; i < 22; i++) await s.buy(1);
      let cursor: string | undefined;
      do {
        const page = await s.admin('order.list', { status: 'paid', ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((o: { orderId: string }) => o.orderId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(23);
      expect(new Set(seen).size).toBe(23);

      const refused = await s.adminRaw('order.list', {}, 'carol');
      expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      const bad = await s.adminRaw('order.list', { status: 'lost' });
      expect(bad).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    } finally {
      s.close();
    }
  });
});
