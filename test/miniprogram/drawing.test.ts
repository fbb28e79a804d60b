import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import { createWorld, mp, type World } from './support/harness';

const OUT = join(__dirname, '../output');
mkdirSync(OUT, { recursive: true });

let w: World;
beforeEach(() => {
  w = createWorld();
});
afterEach(() => w.close());

test('the poster draws product, price and the mini program code, and the code scans back to the share scene', async () => {
  const { id } = await w.cloud.admin('product.upsert', { title: '云南古树普洱茶饼 357 克 经典熟茶', priceFen: 26800, stock: 9, status: 'on', images: [], description: '' });
  const a = await w.cloud.api('alice', 'distributor.apply', {});
  const poster = await w.cloud.api('alice', 'distributor.poster', { productId: id });
  const qrBytes = w.cloud.local.storage.read(poster.fileID);
  expect(qrBytes).not.toBeNull();

  const { drawPoster, POSTER_WIDTH, POSTER_HEIGHT } = mp('distributor/lib/poster.js');
  const canvas = createCanvas(POSTER_WIDTH, POSTER_HEIGHT);
  const ctx = canvas.getContext('2d');
  // A product photo stand-in (a drawn image), so the image slot is exercised too.
  const photo = createCanvas(300, 300);
  const pctx = photo.getContext('2d');
  pctx.fillStyle = '#8d6e63';
  pctx.fillRect(0, 0, 300, 300);
  pctx.fillStyle = '#d7ccc8';
  pctx.beginPath();
  pctx.arc(150, 150, 110, 0, Math.PI * 2);
  pctx.fill();
  drawPoster(ctx, {
    productImage: await loadImage(photo.toBuffer('image/png')),
    title: '云南古树普洱茶饼 357 克 经典熟茶',
    priceText: mp('shared/money.js').yuan(26800),
    qr: await loadImage(qrBytes!),
    sharerName: '小艾',
  });
  const png = canvas.toBuffer('image/png');
  writeFileSync(join(OUT, 'poster.png'), png);

  const img = ctx.getImageData(0, 0, POSTER_WIDTH, POSTER_HEIGHT);
  const found = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), POSTER_WIDTH, POSTER_HEIGHT);
  expect(found).not.toBeNull();
  // The code opens the product page with the scene, which the page reads back to code + product.
  const scanned = new URL(found!.data, 'https://mp.weixin.qq.com/');
  expect(scanned.pathname).toBe('/pages/product/index');
  const scene = scanned.searchParams.get('scene')!;
  expect(scene).toBe(poster.scene);
  expect(mp('services/scene.js').decodeScene(encodeURIComponent(scene))).toEqual({ code: a.inviteCode, productId: id });
  expect(mp('services/scene.js').referralFromQuery({ scene: encodeURIComponent(scene) })).toEqual({ code: a.inviteCode, scene });
  // The price is painted in the shop's red where drawPoster puts it (left column under the title).
  const red = ctx.getImageData(32, 0, 300, POSTER_HEIGHT).data;
  let redPixels = 0;
  for (let i = 0; i < red.length; i += 4) if (red[i] > 200 && red[i + 1] < 40 && red[i + 2] < 60) redPixels++;
  expect(redPixels).toBeGreaterThan(100);
});

test('wrapText never starts a line with closing punctuation: the word before it moves down too', () => {
  const { wrapText } = mp('distributor/lib/poster.js');
  const ctx = createCanvas(10, 10).getContext('2d');
  ctx.font = 'bold 30px sans-serif';
  const width = ctx.measureText('咖啡冲煮线上课（12 节').width; // the closing bracket is one character too many
  const lines: string[] = wrapText(ctx, '咖啡冲煮线上课（12 节）', width + 1, 2);
  expect(lines).toEqual(['咖啡冲煮线上课（12 ', '节）']);
});

test('wrapText cuts a long title into lines that fit, with an ellipsis', () => {
  const { wrapText } = mp('distributor/lib/poster.js');
  const ctx = createCanvas(10, 10).getContext('2d');
  ctx.font = 'bold 30px sans-serif';
  const lines: string[] = wrapText(ctx, '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十', 200, 2);
  expect(lines).toHaveLength(2);
  for (const l of lines) expect(ctx.measureText(l).width).toBeLessThanOrEqual(200 + 30);
  expect(lines[1].endsWith('…')).toBe(true);
});
