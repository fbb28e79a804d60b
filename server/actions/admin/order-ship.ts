import { z } from 'zod';
import { defineAction } from '../action';
import { conflict, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { C, type OrderDoc } from '../../repo/docs';
import { BUSY, transact } from '../../db/transact';

/** A paid order is shipped (paid → shipped, read and changed in one transaction; a repeat is CONFLICT). */
export const orderShip = defineAction({
  schema: z.strictObject({ orderId: id() }),
  async run(ctx, p) {
    const outcome = await transact(ctx.db, async (tx) => {
      const { data: order } = await tx.collection<OrderDoc>(C.orders).doc(p.orderId).get();
      if (!order) return { shipped: false, status: null };
      if (order.status !== 'paid') return { shipped: false, status: order.status };
      await tx.collection(C.orders).doc(p.orderId).update({ data: { status: 'shipped', shippedAt: ctx.now } });
      return { shipped: true, status: 'shipped' };
    }, { busy: BUSY });
    if (outcome.status === null) throw notFound('订单不存在');
    if (!outcome.shipped) throw conflict(`订单当前状态为「${outcome.status}」，只有已付款的订单可以发货`);
    return { orderId: p.orderId, status: 'shipped' as const, shippedAt: ctx.now };
  },
});
