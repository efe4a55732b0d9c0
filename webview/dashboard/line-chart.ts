/**
 * One line chart on a canvas: epochs across, one or more series up, in the theme's colours.
 * Every point is drawn as a dot too, so a two-epoch run is visibly two points, not one segment.
 */
import { epochTicks, formatTick, niceTicks, valueRange, type Range } from './chart-scale';

export interface Series {
  name: string;
  color: string;
  points: ReadonlyArray<{ epoch: number; value: number }>;
  dashed?: boolean;
}

export interface ChartTheme {
  foreground: string;
  grid: string;
  font: string;
}

const PAD = { left: 46, right: 12, top: 10, bottom: 30 };

export function drawLineChart(
  canvas: HTMLCanvasElement,
  series: readonly Series[],
  theme: ChartTheme,
  options: { clamp?: Range; emptyText: string },
): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = theme.font;
  ctx.fillStyle = theme.foreground;

  const all = series.flatMap((s) => s.points);
  canvas.dataset.points = String(Math.max(0, ...series.map((s) => s.points.length)));
  const values = valueRange(
    all.map((p) => p.value),
    options.clamp,
  );
  if (!values || all.length === 0) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.globalAlpha = 0.7;
    ctx.fillText(options.emptyText, width / 2, height / 2);
    ctx.globalAlpha = 1;
    return;
  }
  const first = Math.min(...all.map((p) => p.epoch));
  const last = Math.max(...all.map((p) => p.epoch), first + 1);
  const { ticks, range } = niceTicks(values);
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (epoch: number) => PAD.left + ((epoch - first) / (last - first)) * plotW;
  const y = (value: number) =>
    PAD.top + (1 - (value - range.min) / (range.max - range.min)) * plotH;

  // Grid and labels.
  ctx.strokeStyle = theme.grid;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of ticks) {
    const ty = Math.round(y(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(PAD.left, ty);
    ctx.lineTo(width - PAD.right, ty);
    ctx.stroke();
    ctx.fillText(formatTick(t), PAD.left - 6, ty);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const e of epochTicks(first, last)) ctx.fillText(String(e), x(e), height - PAD.bottom + 6);
  ctx.fillText('epoch', PAD.left + plotW / 2, height - 12);

  for (const s of series) {
    if (s.points.length === 0) continue;
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dashed ? [5, 4] : []);
    ctx.beginPath();
    s.points.forEach((p, i) =>
      i === 0 ? ctx.moveTo(x(p.epoch), y(p.value)) : ctx.lineTo(x(p.epoch), y(p.value)),
    );
    ctx.stroke();
    ctx.setLineDash([]);
    for (const p of s.points) {
      ctx.beginPath();
      ctx.arc(x(p.epoch), y(p.value), 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}
