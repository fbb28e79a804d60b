import type { ApiData } from '../../../typings/api';
import { z } from 'zod';
import { defineAction } from '../action';
import { cursor } from '../../core/validate';
import { getDistributorOrThrow } from '../../repo/distributor-access';
import { C, type MaterialDoc } from '../../repo/docs';
import { toMaterialView } from '../../repo/materials';
import { pageNewestFirst } from '../../repo/paging';

/**
 * Marketing materials to save and share, for the 推广中心 (distributors only: NOT_ELIGIBLE otherwise):
 * those on, newest first (index materials.status_created).
 */
export const materialList = defineAction({
  schema: z.strictObject({ cursor: cursor() }),
  async run(ctx, p): Promise<ApiData<'material.list'>> {
    await getDistributorOrThrow(ctx.db, ctx.user.openid);
    const page = await pageNewestFirst(ctx.db, ctx.db.collection<MaterialDoc>(C.materials), { status: 'on' }, p.cursor);
    return {
      items: page.items.map(toMaterialView),
      nextCursor: page.nextCursor,
    };
  },
});
