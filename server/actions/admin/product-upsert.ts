import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from '../action';
import { bps, id, imageUrl, text, title } from '../../core/validate';
import { C, type ProductDoc } from '../../repo/docs';
import { loadSettings } from '../../repo/settings';
import { checkOverride } from '../../rules/product';
import { BUSY, transact } from '../../db/transact';

const MAX_PRICE_FEN = 100_000_000; // ¥1,000,000: keeps 20 lines × 99 units well inside WeChat's totalFee
const schema = z.strictObject({
  id: id().optional(),
  title: title(60),
  priceFen: z.number().int().min(1).max(MAX_PRICE_FEN),
  stock: z.number().int().min(0).max(1_000_000),
  status: z.enum(['on', 'off']),
  images: z.array(imageUrl()).max(9).optional(),
  description: text(2000, { multiline: true }).optional(),
  commission: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('inherit') }),
      z.strictObject({ mode: z.literal('rate'), level1Bps: bps(), level2Bps: bps() }),
      z.strictObject({
        mode: z.literal('fixed'),
        level1Fen: z.number().int().min(0).max(MAX_PRICE_FEN),
        level2Fen: z.number().int().min(0).max(MAX_PRICE_FEN),
      }),
    ])
    .optional(),
  virtual: z.boolean().optional(),
});

/**
 * Creates a product (no id, or an id not used yet) or replaces an existing one's editable fields.
 * The override is checked against the shop's cap here so the admin hears about it; sales and
 * createdAt are kept; stock is set to what the admin says (read and written in one transaction).
 */
export const productUpsert = defineAction({
  schema,
  async run(ctx, p) {
    const settings = await loadSettings(ctx.db);
    const commission = p.commission ?? { mode: 'inherit' as const };
    checkOverride(commission, p.priceFen, settings.maxTotalBps);
    const fields = {
      title: p.title.trim(),
      priceFen: p.priceFen,
      stock: p.stock,
      status: p.status,
      images: p.images ?? [],
      description: p.description ?? '',
      commission,
      virtual: p.virtual ?? false,
      updatedAt: ctx.now,
    };
    const productId = p.id ?? `p${ctx.now.toString(36)}${randomBytes(5).toString('hex')}`;
    await transact(ctx.db, async (tx) => {
      const ref = tx.collection<ProductDoc>(C.products).doc(productId);
      const { data: existing } = await ref.get();
      if (existing) {
        // `_.set` so a shorter images list or a new override mode replaces, never merges.
        const _ = ctx.db.command;
        await ref.update({ data: { ...fields, images: _.set(fields.images), commission: _.set(commission) } });
      } else {
        await tx.collection<ProductDoc>(C.products).add({ data: { _id: productId, ...fields, sales: 0, createdAt: ctx.now } });
      }
    }, { busy: BUSY });
    return { id: productId };
  },
});
