import type { AdminData } from '../../../typings/admin';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from '../action';
import { notFound } from '../../core/errors';
import { id, imageUrl, text, title } from '../../core/validate';
import { C, type MaterialDoc, type ProductDoc } from '../../repo/docs';
import { materialWarnings } from '../../rules/material';
import { BUSY, transact } from '../../db/transact';

const schema = z.strictObject({
  id: id().optional(),
  title: title(60),
  text: text(2000, { multiline: true }),
  images: z.array(imageUrl()).max(9),
  productId: id().nullable().optional(),
  status: z.enum(['on', 'off']),
});

/**
 * 推广素材: creates a material (no id, or an unused id) or replaces an existing one's fields. A linked
 * product must exist. Reward promises in the copy are warned about, not refused (rules/material.ts).
 */
export const materialUpsert = defineAction({
  schema,
  async run(ctx, p): Promise<AdminData<'material.upsert'>> {
    const productId = p.productId ?? null;
    if (productId) {
      const { data } = await ctx.db.collection<ProductDoc>(C.products).where({ _id: productId }).limit(1).get();
      if (!data[0]) throw notFound('关联的商品不存在');
    }
    const fields = {
      title: p.title.trim(),
      text: p.text,
      images: p.images,
      productId,
      status: p.status,
      updatedAt: ctx.now,
      updatedBy: ctx.caller.openid,
    };
    const materialId = p.id ?? `m${ctx.now.toString(36)}${randomBytes(5).toString('hex')}`;
    const { before, created } = await transact(ctx.db, async (tx) => {
      const ref = tx.collection<MaterialDoc>(C.materials).doc(materialId);
      const { data: existing } = await ref.get();
      if (existing) {
        // `_.set` so a shorter images list replaces, never merges.
        await ref.update({ data: { ...fields, images: ctx.db.command.set(fields.images) } });
        return { before: existing, created: false };
      }
      await tx.collection(C.materials).add({ data: { _id: materialId, ...fields, createdAt: ctx.now } });
      return { before: null, created: true };
    }, { busy: BUSY });
    ctx.audit?.change(`materials:${materialId}`, before, { ...before, ...fields });
    return { id: materialId, created, warnings: materialWarnings(fields.title, fields.text) };
  },
});
