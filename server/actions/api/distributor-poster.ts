import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from '../action';
import { AppError, notEligible, notFound } from '../../core/errors';
import { id } from '../../core/validate';
import { C, type PosterDoc, type ProductDoc } from '../../repo/docs';
import { findDistributor } from '../../repo/users';
import { encodeScene, HOME_PAGE, PRODUCT_PAGE } from '../../../miniprogram/shared/scene';

/**
 * The distributor's poster code: a mini program code (PNG) whose scene carries the invite code,
 * stored once per distributor, page and scene under `posters/<openid>/<hash>.png` and reused.
 * `path` is the share path (for share cards) that carries the same code.
 */
export const distributorPoster = defineAction({
  schema: z.strictObject({ productId: id().optional() }),
  async run(ctx, p) {
    const me = ctx.user.openid;
    const dist = await findDistributor(ctx.db, me);
    if (!dist || dist.status !== 'active' || !dist.inviteCode) throw notEligible('成为分销商后才能生成推广海报');
    const code = dist.inviteCode;
    if (p.productId) {
      const { data } = await ctx.db
        .collection<ProductDoc>(C.products)
        .where({ _id: p.productId, status: 'on' })
        .limit(1)
        .field({ _id: true })
        .get();
      if (!data[0]) throw notFound('商品不存在或已下架');
    }
    const { scene, page } = encodeScene(code, p.productId);
    const path = p.productId
      ? `${PRODUCT_PAGE}?id=${encodeURIComponent(p.productId)}&c=${code}`
      : `${HOME_PAGE}?c=${code}`;
    const hash = createHash('sha1').update(`${page}?${scene}`).digest('hex').slice(0, 16);
    const posterId = `${me}-${hash}`;
    const posters = ctx.db.collection<PosterDoc>(C.posters);

    const { data: found } = await posters.where({ _id: posterId }).limit(1).get();
    if (found[0]) {
      const url = await tempUrl(ctx.cloud.storage, found[0].fileID);
      if (url) return { fileID: found[0].fileID, path, scene, url };
      // The stored file is gone (deleted in the console): make it again below.
    }

    let buffer: Buffer;
    try {
      ({ buffer } = await ctx.cloud.openapi.getUnlimitedWxacode({ scene, page, width: 430, checkPath: false }));
    } catch (e) {
      console.error('[distributor.poster] getUnlimitedWxacode failed', e);
      throw new AppError('INTERNAL', '小程序码生成失败，请稍后再试');
    }
    const cloudPath = `posters/${me}/${hash}.png`;
    const { fileID } = await ctx.cloud.storage.uploadFile({ cloudPath, fileContent: buffer });
    await posters.doc(posterId).set({ data: { openid: me, fileID, cloudPath, page, scene, createdAt: ctx.now } });
    const url = await tempUrl(ctx.cloud.storage, fileID);
    return { fileID, path, scene, url: url ?? '' };
  },
});

async function tempUrl(
  storage: { getTempFileURL(p: { fileList: string[] }): Promise<{ fileList: Array<{ tempFileURL: string; status: number }> }> },
  fileID: string,
): Promise<string | null> {
  const { fileList } = await storage.getTempFileURL({ fileList: [fileID] });
  const f = fileList[0];
  return f && f.status === 0 && f.tempFileURL ? f.tempFileURL : null;
}
