/** Axis maths for the dashboard's line charts: value ranges and round tick values. Pure. */

export interface Range {
  min: number;
  max: number;
}

/** The range of all finite values, widened so a flat series still gets a visible band. */
export function valueRange(values: readonly number[], clamp?: Range): Range | undefined {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return undefined;
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (max - min < 1e-9) {
    const pad = Math.abs(max) > 1e-9 ? Math.abs(max) * 0.1 : 0.05;
    min -= pad;
    max += pad;
  }
  if (clamp) {
    min = Math.max(clamp.min, min);
    max = Math.min(clamp.max, max);
  }
  return { min, max };
}

/** About `count` round ticks (1, 2 or 5 × 10^k apart) covering the range; the range grows to them. */
export function niceTicks(range: Range, count = 4): { ticks: number[]; range: Range } {
  const span = range.max - range.min;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const min = Math.floor(range.min / step + 1e-9) * step;
  const max = Math.ceil(range.max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { ticks, range: { min, max } };
}

/** Epoch ticks: whole numbers only, at most `count` of them. */
export function epochTicks(first: number, last: number, count = 6): number[] {
  const span = Math.max(1, last - first);
  const step = Math.max(1, Math.ceil(span / count));
  const ticks: number[] = [];
  for (let e = first; e <= last; e += step) ticks.push(e);
  return ticks;
}

export function formatTick(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000 || abs < 0.001) return value.toExponential(0);
  return String(Number(value.toPrecision(3)));
}
