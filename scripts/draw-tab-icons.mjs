// Draws the tab bar icons (首页, 推广, 我的) as 81×81 PNGs, grey and brand red, into
// miniprogram/images/tab/, and the default avatar (miniprogram/images/avatar.png) — the project
// makes its own pictures, no downloaded artwork. The PNGs are committed; run again
// (`node scripts/draw-tab-icons.mjs`) after changing a drawing.
import { createCanvas } from '@napi-rs/canvas';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '../miniprogram/images/tab');
const SIZE = 81;
const COLORS = { '': '#646566', '-active': '#ee0a24' };

/** Each icon: strokes on a 81 px square, line width 6, round caps. */
const ICONS = {
  home(ctx) {
    ctx.beginPath();
    ctx.moveTo(12, 38);
    ctx.lineTo(40.5, 13);
    ctx.lineTo(69, 38);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(20, 32);
    ctx.lineTo(20, 68);
    ctx.lineTo(61, 68);
    ctx.lineTo(61, 32);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(34, 68);
    ctx.lineTo(34, 50);
    ctx.lineTo(47, 50);
    ctx.lineTo(47, 68);
    ctx.stroke();
  },
  promote(ctx) {
    // Three nodes joined: sharing from one person to two.
    const nodes = [
      [22, 40],
      [58, 20],
      [58, 60],
    ];
    ctx.beginPath();
    ctx.moveTo(22, 40);
    ctx.lineTo(58, 20);
    ctx.moveTo(22, 40);
    ctx.lineTo(58, 60);
    ctx.stroke();
    for (const [x, y] of nodes) {
      ctx.beginPath();
      ctx.arc(x, y, 9, 0, Math.PI * 2);
      ctx.fillStyle = '#ffffff';
      ctx.fill();
      ctx.stroke();
    }
  },
  me(ctx) {
    ctx.beginPath();
    ctx.arc(40.5, 28, 13, 0, Math.PI * 2);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(14, 70);
    ctx.bezierCurveTo(16, 50, 28, 45, 40.5, 45);
    ctx.bezierCurveTo(53, 45, 65, 50, 67, 70);
    ctx.stroke();
  },
};

mkdirSync(out, { recursive: true });
for (const [name, draw] of Object.entries(ICONS)) {
  for (const [suffix, color] of Object.entries(COLORS)) {
    const canvas = createCanvas(SIZE, SIZE);
    const ctx = canvas.getContext('2d');
    ctx.strokeStyle = color;
    ctx.lineWidth = 6;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    draw(ctx);
    writeFileSync(join(out, `${name}${suffix}.png`), canvas.toBuffer('image/png'));
  }
}
// The default avatar: a soft grey person on a light disc (shown until someone picks a photo).
{
  const S = 120;
  const canvas = createCanvas(S, S);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f2f3f5';
  ctx.fillRect(0, 0, S, S);
  ctx.fillStyle = '#c8c9cc';
  ctx.beginPath();
  ctx.arc(S / 2, 46, 20, 0, Math.PI * 2);
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(22, S);
  ctx.bezierCurveTo(24, 84, 40, 74, S / 2, 74);
  ctx.bezierCurveTo(80, 74, 96, 84, 98, S);
  ctx.closePath();
  ctx.fill();
  writeFileSync(join(out, '../avatar.png'), canvas.toBuffer('image/png'));
}
// The empty and error illustrations of lists and pages (vant's default ones are remote pictures);
// square, as van-empty shows them (160 × 160).
for (const [name, mark] of [['empty', 'box'], ['error', 'cross']]) {
  const W = 320;
  const H = 320;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.translate(0, 40); // the 320 × 240 drawing, centred in the square
  ctx.fillStyle = '#f2f3f5';
  ctx.beginPath();
  ctx.ellipse(W / 2, 200, 120, 18, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#c8c9cc';
  ctx.fillStyle = '#ffffff';
  ctx.lineWidth = 6;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  if (mark === 'box') {
    // An open, empty box.
    ctx.beginPath();
    ctx.moveTo(100, 100);
    ctx.lineTo(100, 190);
    ctx.lineTo(220, 190);
    ctx.lineTo(220, 100);
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(100, 100);
    ctx.lineTo(72, 70);
    ctx.moveTo(220, 100);
    ctx.lineTo(248, 70);
    ctx.moveTo(100, 100);
    ctx.lineTo(130, 60);
    ctx.moveTo(220, 100);
    ctx.lineTo(190, 60);
    ctx.stroke();
  } else {
    // A card with a cross: something went wrong.
    ctx.beginPath();
    ctx.arc(W / 2, 120, 70, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
    ctx.strokeStyle = '#ee0a24';
    ctx.beginPath();
    ctx.moveTo(W / 2 - 26, 94);
    ctx.lineTo(W / 2 + 26, 146);
    ctx.moveTo(W / 2 + 26, 94);
    ctx.lineTo(W / 2 - 26, 146);
    ctx.stroke();
  }
  writeFileSync(join(out, `../${name}.png`), canvas.toBuffer('image/png'));
}
console.log('tab icons, default avatar, empty and error pictures →', join(out, '..'));
