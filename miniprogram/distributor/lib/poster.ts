/**
 * The share poster, drawn by a pure function over any Canvas 2D context (the mini program's
 * `canvas.getContext('2d')`, or @napi-rs/canvas in tests): product image, title, price and the
 * mini program code whose scene carries the invite code. The caption invites the friend to look
 * at the product; it never promises the sharer money (WeChat's 诱导分享 rule).
 */
export interface Ctx2D<I> {
  fillStyle: unknown;
  font: string;
  textAlign: unknown;
  textBaseline: unknown;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  drawImage(image: I, dx: number, dy: number, dw: number, dh: number): void;
}

export interface PosterSpec<I> {
  productImage: I | null;
  title: string;
  priceText: string;
  qr: I;
  sharerName: string;
}

export const POSTER_WIDTH = 600;
export const POSTER_HEIGHT = 960;

/** Closing punctuation a Chinese line never starts with (禁则): it takes the character before it along. */
const NO_LINE_START = new Set(Array.from('）)」』】〕》，。、！？：；,.!?:;…'));

/** Splits `text` into at most `maxLines` lines that fit `maxWidth` (the last one ends in … if cut). */
export function wrapText<I>(ctx: Ctx2D<I>, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const next = line + chars[i];
    if (ctx.measureText(next).width > maxWidth && line) {
      const kept = Array.from(line);
      const carried = NO_LINE_START.has(chars[i]) && kept.length > 1 ? kept.pop() ?? '' : '';
      lines.push(kept.join(''));
      line = carried + chars[i];
      if (lines.length === maxLines) {
        const last = lines[maxLines - 1];
        lines[maxLines - 1] = last.slice(0, Math.max(0, last.length - 1)) + '…';
        return lines;
      }
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export function drawPoster<I>(ctx: Ctx2D<I>, spec: PosterSpec<I>): void {
  const W = POSTER_WIDTH;
  const H = POSTER_HEIGHT;
  const pad = 32;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);

  // Product image (square), or a soft placeholder with the title when the product has none.
  const imgSize = W - pad * 2;
  if (spec.productImage) ctx.drawImage(spec.productImage, pad, pad, imgSize, imgSize);
  else {
    ctx.fillStyle = '#fff1f0';
    ctx.fillRect(pad, pad, imgSize, imgSize);
    ctx.fillStyle = '#ee0a24';
    ctx.font = 'bold 40px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('好物推荐', W / 2, pad + imgSize / 2);
  }

  let y = pad + imgSize + 28;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#323233';
  ctx.font = 'bold 30px sans-serif';
  const qrSize = 180;
  for (const line of wrapText(ctx, spec.title, W - pad * 3 - qrSize, 2)) {
    ctx.fillText(line, pad, y);
    y += 42;
  }
  ctx.fillStyle = '#ee0a24';
  ctx.font = 'bold 44px sans-serif';
  ctx.fillText(spec.priceText, pad, y + 8);

  ctx.fillStyle = '#969799';
  ctx.font = '22px sans-serif';
  ctx.fillText((spec.sharerName || '好友') + ' 为你推荐', pad, H - pad - 64);
  ctx.fillText('长按识别小程序码，查看商品', pad, H - pad - 28);

  // The mini program code, on a white margin so it scans.
  const qx = W - pad - qrSize;
  const qy = H - pad - qrSize;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(qx - 8, qy - 8, qrSize + 16, qrSize + 16);
  ctx.drawImage(spec.qr, qx, qy, qrSize, qrSize);
}
