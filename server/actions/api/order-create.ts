import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from '../action';
import { AppError, conflict, invalid, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { C, type OrderDoc, type OrderLine, type ProductDoc } from '../../repo/docs';
import { closeUnpaidOrder, requestPayment } from '../../repo/orders';
import { loadSettings } from '../../repo/settings';
import { chainForOrder, ratesForChain } from '../../repo/order-chain';
import { hasPaidOrder } from '../../repo/paid-spend';
import { transact } from '../../db/transact';
import { rulesFor } from '../../rules/commission';
import { newOutTradeNo } from '../../rules/order';
import { parseAddress } from '../../rules/address';
import type { DeliveryAddress } from '../../../typings/api';

const schema = z.strictObject({
  items: z
    .array(z.strictObject({ productId: id(), quantity: z.number().int().min(1).max(99) }))
    .min(1)
    .max(20),
  // Checked field by field in run() (parseAddress) so the shopper hears which field is wrong.
  address: z.unknown().optional(),
});

/**
 * Places an unpaid order: stock reserved, prices, commission rules, the referrer chain and the
 * delivery address (required unless every product is virtual) fixed onto the order, then WeChat Pay
 * asked for the payment parameters. Each product is read, checked
 * and decremented inside one transaction with the order's add, so concurrent orders never sell
 * more than the stock. If WeChat Pay refuses, the order is closed and its stock released.
 */
export const orderCreate = defineAction({
  schema,
  async run(ctx, p) {
    const ids = p.items.map((i) => i.productId);
    if (new Set(ids).size !== ids.length) throw invalid('参数错误：items 同一商品请合并为一项');
    // A given address is checked even for a virtual order (bad input is never silently kept).
    const address: DeliveryAddress | null = p.address === undefined ? null : parseAddress(p.address);

    const settings = await loadSettings(ctx.db);
    const buyer = ctx.user;
    const chain = await chainForOrder(ctx.db, buyer, settings, ctx.now);
    // Each beneficiary's grade sets their level's rate, fixed onto the order like every rule.
    const rates = await ratesForChain(ctx.db, chain, settings);
    // Paid orders are counted from the orders themselves (the payment path writes nothing on the user).
    const firstOrder = !(await hasPaidOrder(ctx.db, buyer.openid));
    const outTradeNo = newOutTradeNo(ctx.now, randomBytes(8).toString('hex'));
    const _ = ctx.db.command;

    // Many buyers of one product contend for its document: retried until a reservation or "sold out".
    const order = await transact(ctx.db, async (tx) => {
      const lines: OrderLine[] = [];
      for (const item of p.items) {
        const ref = tx.collection<ProductDoc>(C.products).doc(item.productId);
        const { data: product } = await ref.get();
        if (!product || product.status !== 'on') throw notFound(`商品不存在或已下架：${item.productId}`);
        if (product.stock < item.quantity) throw conflict(`“${product.title}”库存不足（剩余 ${product.stock} 件）`);
        // Sold counts an order from when it holds its units; a close or refund gives them back.
        await ref.update({ data: { stock: _.inc(-item.quantity), sales: _.inc(item.quantity) } });
        lines.push({
          productId: product._id,
          title: product.title,
          image: product.images[0] ?? '',
          quantity: item.quantity,
          unitFen: product.priceFen,
          refundedQuantity: 0,
          rules: rulesFor(product.priceFen, product.commission, { rates, maxTotalBps: settings.maxTotalBps }),
          virtual: product.virtual === true,
        });
      }
      const allVirtual = lines.every((l) => l.virtual);
      if (!allVirtual && !address) throw invalid('请填写收货地址');
      const doc: OrderDoc = {
        _id: outTradeNo,
        outTradeNo,
        buyerOpenid: buyer.openid,
        buyerNickname: buyer.nickname,
        status: 'pending',
        totalFen: lines.reduce((sum, l) => sum + l.unitFen * l.quantity, 0),
        refundedFen: 0,
        lines,
        chain,
        firstOrder,
        capBps: settings.maxTotalBps,
        createdAt: ctx.now,
        payDeadline: ctx.now + settings.order.payTimeoutMinutes * 60_000,
        paidAt: null,
        shippedAt: null,
        receivedAt: null,
        closedAt: null,
        transactionId: null,
        // Snapshotted: a later change of the buyer's address book never moves a placed order.
        address: allVirtual ? null : address,
      };
      await tx.collection<OrderDoc>(C.orders).add({ data: doc });
      return doc;
    }, { busy: '下单人数较多，请稍后重试' });

    const pay = await requestPayment(ctx.cloud, order);
    if (!pay.ok) {
      await closeUnpaidOrder(ctx.db, order._id, ctx.cloud.now());
      console.warn('[order.create] unifiedOrder failed', order._id, pay.reason);
      throw new AppError('PAYMENT_FAILED', '微信支付下单失败，请稍后重试');
    }
    return { orderId: order._id, outTradeNo, totalFen: order.totalFen, payment: pay.payment };
  },
});
