import type { AdminData } from '../../../typings/admin';
import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { C, type MaterialDoc } from '../../repo/docs';
import { toMaterialView } from '../../repo/materials';
import { pageNewestFirst } from '../../repo/paging';

/** The admin's list of materials, on and off (or one status), newest first. */
export const adminMaterialList = defineAction({
  schema: z.strictObject({ status: z.enum(['on', 'off']).optional(), cursor: cursor() }),
  async run(ctx, p): Promise<AdminData<'material.list'>> {
    const base = p.status ? { status: p.status } : {};
    const page = await pageNewestFirst(ctx.db, ctx.db.collection<MaterialDoc>(C.materials), base, p.cursor);
    return {
      items: page.items.map((m) => ({ ...toMaterialView(m), status: m.status, updatedAt: m.updatedAt })),
      nextCursor: page.nextCursor,
    };
  },
});
