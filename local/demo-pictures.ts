/**
 * The demo shop's product and material pictures, drawn by the project at seed time with
 * @napi-rs/canvas (no downloaded photos): a soft studio backdrop and the product itself — a coffee
 * bag with beans, a tea gift box, a box of ginger-tea sachets, a rice sack. PNGs, 600 × 600.
 */
type Ctx = import('@napi-rs/canvas').SKRSContext2D;

const SIZE = 600;

function backdrop(ctx: Ctx, top: string, bottom: string): void {
  const g = ctx.createLinearGradient(0, 0, 0, SIZE);
  g.addColorStop(0, top);
  g.addColorStop(1, bottom);
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, SIZE, SIZE);
  // The table the product stands on, and its shadow.
  ctx.fillStyle = 'rgba(255,255,255,0.35)';
  ctx.fillRect(0, 450, SIZE, 150);
  ctx.fillStyle = 'rgba(0,0,0,0.12)';
  ctx.beginPath();
  ctx.ellipse(300, 470, 190, 26, 0, 0, Math.PI * 2);
  ctx.fill();
}

function roundRect(ctx: Ctx, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

function bean(ctx: Ctx, x: number, y: number, a: number): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(a);
  ctx.fillStyle = '#5d3a1a';
  ctx.beginPath();
  ctx.ellipse(0, 0, 22, 15, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#3b2410';
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(-16, 0);
  ctx.bezierCurveTo(-5, -6, 5, 6, 16, 0);
  ctx.stroke();
  ctx.restore();
}

const DRAW: Record<string, (ctx: Ctx) => void> = {
  coffee(ctx) {
    backdrop(ctx, '#f6e7d8', '#e8cdb0');
    // A kraft bag with a folded top and a label.
    ctx.fillStyle = '#b98b5e';
    roundRect(ctx, 190, 130, 220, 330, 18);
    ctx.fill();
    ctx.fillStyle = '#a57a50';
    ctx.fillRect(190, 130, 220, 46);
    ctx.fillStyle = '#fff8ef';
    roundRect(ctx, 222, 240, 156, 120, 10);
    ctx.fill();
    ctx.fillStyle = '#7a4a22';
    ctx.beginPath();
    ctx.arc(300, 300, 34, 0, Math.PI * 2);
    ctx.fill();
    bean(ctx, 300, 300, 0.5);
    for (const [x, y, a] of [[130, 470, 0.3], [165, 500, -0.6], [440, 485, 1.1], [480, 455, 0.2], [410, 515, -0.3]]) bean(ctx, x, y, a);
  },
  tea(ctx) {
    backdrop(ctx, '#eef3e6', '#d5e3c3');
    // A red gift box with a gold band, a lid, and a small cup beside it.
    ctx.fillStyle = '#b3261e';
    roundRect(ctx, 150, 210, 260, 240, 12);
    ctx.fill();
    ctx.fillStyle = '#8f1d17';
    roundRect(ctx, 138, 180, 284, 56, 10);
    ctx.fill();
    ctx.fillStyle = '#e0b84c';
    ctx.fillRect(265, 180, 30, 270);
    ctx.beginPath();
    ctx.arc(280, 300, 40, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#b3261e';
    ctx.beginPath();
    ctx.arc(280, 300, 26, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    roundRect(ctx, 430, 380, 80, 70, 14);
    ctx.fill();
    ctx.fillStyle = '#a86b2d';
    ctx.fillRect(440, 390, 60, 16);
  },
  ginger(ctx) {
    backdrop(ctx, '#fdf0e0', '#f4d7b3');
    // A box of sachets, two sachets in front.
    ctx.fillStyle = '#d9822b';
    roundRect(ctx, 170, 170, 260, 280, 14);
    ctx.fill();
    ctx.fillStyle = '#f7e1c4';
    roundRect(ctx, 200, 220, 200, 110, 10);
    ctx.fill();
    ctx.fillStyle = '#c0392b';
    ctx.beginPath();
    ctx.ellipse(300, 275, 60, 30, -0.2, 0, Math.PI * 2);
    ctx.fill();
    for (const [x, a] of [[160, -0.25], [380, 0.2]]) {
      ctx.save();
      ctx.translate(x, 430);
      ctx.rotate(a);
      ctx.fillStyle = '#f2b866';
      roundRect(ctx, 0, 0, 90, 60, 6);
      ctx.fill();
      ctx.restore();
    }
  },
  rice(ctx) {
    backdrop(ctx, '#f3f1ea', '#e1dccb');
    // A woven sack with a green band and a pile of grains.
    ctx.fillStyle = '#efe6cf';
    roundRect(ctx, 180, 150, 240, 310, 40);
    ctx.fill();
    ctx.strokeStyle = '#d8cba8';
    ctx.lineWidth = 4;
    for (let y = 180; y < 450; y += 24) {
      ctx.beginPath();
      ctx.moveTo(190, y);
      ctx.lineTo(410, y);
      ctx.stroke();
    }
    ctx.fillStyle = '#3f8f4f';
    ctx.fillRect(180, 270, 240, 70);
    ctx.fillStyle = '#ffffff';
    for (let i = 0; i < 60; i++) {
      const x = 120 + ((i * 37) % 90);
      const y = 480 + ((i * 53) % 40);
      ctx.beginPath();
      ctx.ellipse(x, y, 7, 3.5, (i % 5) * 0.6, 0, Math.PI * 2);
      ctx.fill();
    }
  },
};

export type DemoPicture = keyof typeof DRAW;

/**
 * Draws the pictures; null when @napi-rs/canvas cannot be loaded (the demo then has no pictures,
 * which the shop shows as placeholders).
 */
export async function drawDemoPictures(names: string[]): Promise<Map<string, Buffer> | null> {
  let canvas: typeof import('@napi-rs/canvas');
  try {
    canvas = await import('@napi-rs/canvas');
  } catch {
    return null;
  }
  const out = new Map<string, Buffer>();
  for (const name of names) {
    const draw = DRAW[name];
    if (!draw) continue;
    const c = canvas.createCanvas(SIZE, SIZE);
    draw(c.getContext('2d'));
    out.set(name, c.toBuffer('image/png'));
  }
  return out;
}
