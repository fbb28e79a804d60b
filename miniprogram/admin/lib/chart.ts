/**
 * A small line/bar chart for the admin dashboard, drawn by a pure function over any Canvas 2D
 * context (the mini program's, or @napi-rs/canvas in tests). Kept tiny on purpose: the admin
 * subpackage should not carry a chart library.
 */
export interface ChartCtx {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textAlign: unknown;
  textBaseline: unknown;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  arc(x: number, y: number, r: number, a0: number, a1: number): void;
  fill(): void;
}

export interface ChartSpec {
  width: number;
  height: number;
  title: string;
  labels: string[];
  values: number[];
  kind: 'line' | 'bar';
  color: string;
  /** How an axis value is written (e.g. fen → ¥). */
  format: (v: number) => string;
}

/** A "nice" upper bound for the axis: 1, 2 or 5 × 10^k at or above max. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(max)));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Where each point goes (also used by tests to check the drawing). */
export function layout(spec: ChartSpec) {
  const left = 96;
  const right = 16;
  const top = 44;
  const bottom = 36;
  const plotW = spec.width - left - right;
  const plotH = spec.height - top - bottom;
  const max = niceMax(Math.max(0, ...spec.values));
  const n = Math.max(1, spec.values.length);
  const step = plotW / n;
  const points = spec.values.map((v, i) => ({
    x: left + step * i + step / 2,
    y: top + plotH - (Math.max(0, v) / max) * plotH,
  }));
  return { left, top, plotW, plotH, max, step, points, baseY: top + plotH };
}

export function drawChart(ctx: ChartCtx, spec: ChartSpec): void {
  const L = layout(spec);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, spec.width, spec.height);
  ctx.fillStyle = '#323233';
  ctx.font = 'bold 22px sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(spec.title, 12, 8);

  // Grid and axis labels: 0, ½, max.
  ctx.font = '16px sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const f of [0, 0.5, 1]) {
    const y = L.baseY - L.plotH * f;
    ctx.strokeStyle = '#ebedf0';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(L.left, y);
    ctx.lineTo(L.left + L.plotW, y);
    ctx.stroke();
    ctx.fillStyle = '#969799';
    ctx.fillText(spec.format(Math.round(L.max * f)), L.left - 8, y);
  }

  ctx.fillStyle = spec.color;
  ctx.strokeStyle = spec.color;
  if (spec.kind === 'bar') {
    const w = Math.max(2, L.step * 0.6);
    L.points.forEach((p) => ctx.fillRect(p.x - w / 2, p.y, w, L.baseY - p.y));
  } else {
    ctx.lineWidth = 3;
    ctx.beginPath();
    L.points.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
    ctx.stroke();
    for (const p of L.points) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, 4, 0, Math.PI * 2);
      ctx.fill();
    }
  }

  // First and last day under the axis.
  ctx.fillStyle = '#969799';
  ctx.textBaseline = 'top';
  if (spec.labels.length) {
    ctx.textAlign = 'left';
    ctx.fillText(spec.labels[0], L.left, L.baseY + 8);
    ctx.textAlign = 'right';
    ctx.fillText(spec.labels[spec.labels.length - 1], L.left + L.plotW, L.baseY + 8);
  }
}
