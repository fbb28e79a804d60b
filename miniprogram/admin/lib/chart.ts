/**
 * A small line/bar chart for the admin dashboard, drawn by a pure function over any Canvas 2D
 * context (the mini program's, or @napi-rs/canvas in tests). Kept tiny on purpose: the admin
 * subpackage should not carry a chart library. Several series are drawn side by side with a
 * legend (never summed into one bar); the axis never repeats a label; an all-zero period says so.
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

export interface Series {
  name: string;
  values: number[];
  color: string;
}

export interface ChartSpec {
  width: number;
  height: number;
  title: string;
  /** One per point: `YYYY-MM-DD` days. */
  days: string[];
  series: Series[];
  kind: 'line' | 'bar';
  /** How an axis value is written (e.g. fen → ¥). */
  format: (v: number) => string;
  /** Counts (people, orders): the axis only shows whole numbers. */
  integer?: boolean;
}

/** A "nice" upper bound for the axis: 1, 2 or 5 × 10^k at or above max. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(max)));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** The axis ticks (0, half, max), whole numbers only for counts, each label written once. */
export function ticks(spec: Pick<ChartSpec, 'format' | 'integer'>, max: number): Array<{ value: number; label: string }> {
  const out: Array<{ value: number; label: string }> = [];
  for (const f of [0, 0.5, 1]) {
    const value = max * f;
    if (spec.integer && !Number.isInteger(value)) continue;
    const label = spec.format(Math.round(value));
    if (!out.some((t) => t.label === label)) out.push({ value, label });
  }
  return out;
}

/** `2026-12-01` → `12/1`. */
export function dayLabel(day: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(day);
  return m ? Number(m[1]) + '/' + Number(m[2]) : day;
}

/** Which days get a label under the axis: every k-th so at most ~7 fit, always the last (today). */
export function labelledDays(n: number): number[] {
  if (n <= 0) return [];
  const step = Math.ceil(n / 7);
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i -= step) out.unshift(i);
  return out;
}

export function isEmpty(spec: ChartSpec): boolean {
  return spec.series.every((s) => s.values.every((v) => !v));
}

/** Where each point goes, per series (also used by tests to check the drawing). */
export function layout(spec: ChartSpec) {
  const left = 96;
  const right = 16;
  const top = 56;
  const bottom = 40;
  const plotW = spec.width - left - right;
  const plotH = spec.height - top - bottom;
  const all = ([] as number[]).concat(...spec.series.map((s) => s.values));
  const max = niceMax(Math.max(0, ...all));
  const n = Math.max(1, spec.days.length);
  const step = plotW / n;
  const k = Math.max(1, spec.series.length);
  const barW = Math.max(2, (step * 0.7) / k);
  const series = spec.series.map((s, si) => ({
    ...s,
    points: s.values.map((v, i) => ({
      // Bars of one day side by side; line points at the day's centre.
      x: spec.kind === 'bar' ? left + step * i + step / 2 + (si - (k - 1) / 2) * barW : left + step * i + step / 2,
      y: top + plotH - (Math.max(0, v) / max) * plotH,
    })),
  }));
  return { left, top, plotW, plotH, max, step, barW, series, points: series[0] ? series[0].points : [], baseY: top + plotH };
}

export function drawChart(ctx: ChartCtx, spec: ChartSpec): void {
  const L = layout(spec);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, spec.width, spec.height);
  ctx.fillStyle = '#323233';
  ctx.font = 'bold 22px sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(spec.title, 12, 10);

  // Legend (top right), one swatch per series, when there is more than one.
  if (spec.series.length > 1) {
    ctx.font = '16px sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    let x = spec.width - 12;
    for (let i = spec.series.length - 1; i >= 0; i--) {
      const s = spec.series[i];
      ctx.fillStyle = '#646566';
      ctx.fillText(s.name, x, 22);
      x -= s.name.length * 16 + 6;
      ctx.fillStyle = s.color;
      ctx.fillRect(x - 14, 15, 14, 14);
      x -= 30;
    }
  }

  const empty = isEmpty(spec);
  // Grid and axis labels (each once).
  ctx.font = '16px sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of empty ? [{ value: 0, label: spec.format(0) }] : ticks(spec, L.max)) {
    const y = L.baseY - (t.value / L.max) * L.plotH;
    ctx.strokeStyle = '#ebedf0';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(L.left, y);
    ctx.lineTo(L.left + L.plotW, y);
    ctx.stroke();
    ctx.fillStyle = '#969799';
    ctx.fillText(t.label, L.left - 8, y);
  }

  if (empty) {
    ctx.fillStyle = '#c8c9cc';
    ctx.font = '20px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('这段时间暂无数据', L.left + L.plotW / 2, L.top + L.plotH / 2);
  } else {
    for (const s of L.series) {
      ctx.fillStyle = s.color;
      ctx.strokeStyle = s.color;
      if (spec.kind === 'bar') {
        s.points.forEach((p) => ctx.fillRect(p.x - L.barW / 2, p.y, L.barW, L.baseY - p.y));
      } else {
        ctx.lineWidth = 3;
        ctx.beginPath();
        s.points.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
        ctx.stroke();
        for (const p of s.points) {
          ctx.beginPath();
          ctx.arc(p.x, p.y, 4, 0, Math.PI * 2);
          ctx.fill();
        }
      }
    }
  }

  // Day labels under the axis: every k-th day, centred under its point.
  ctx.fillStyle = '#969799';
  ctx.font = '16px sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const i of labelledDays(spec.days.length)) {
    ctx.fillText(dayLabel(spec.days[i]), L.left + L.step * i + L.step / 2, L.baseY + 10);
  }
}
