import type { Axis } from './axis';
import type { PixelArray, Raster } from './raster';
import { like } from './raster';
import { assertSquareFor, mirrorIndexMap } from './reflect';

/*
 * The symmetric folding network's input and output transforms (DESIGN.md, "The idea behind the
 * network"). A symmetric mask carries all its information on one side of the axis, so the network
 * sees that side (channel set A) with the other side mirrored onto it (set B) and predicts only
 * the kept side; `unfold` mirrors the prediction back, which makes the output symmetric by
 * construction.
 */

/** Whether pixel (x, y) of an n×n square lies in the triangle the network predicts. */
function inKeptTriangle(axis: 'diag' | 'anti', n: number, x: number, y: number): boolean {
  return axis === 'diag' ? x >= y : x + y <= n - 1;
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`invalid raster size ${width}×${height}`);
  }
}

/**
 * 1 where the full-size pixel is one the folded network predicts: the right half (lr) or bottom
 * half (ud), middle column/row included, or the kept triangle (diag: x ≥ y, anti: x + y ≤ n − 1).
 */
export function keptRegion(axis: Axis, width: number, height: number): Uint8Array {
  checkSize(width, height);
  assertSquareFor(axis, width, height);
  const kept = new Uint8Array(width * height);
  const sx = width >> 1;
  const sy = height >> 1;
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      if (axis === 'lr') kept[p] = x >= sx ? 1 : 0;
      else if (axis === 'ud') kept[p] = y >= sy ? 1 : 0;
      else kept[p] = inKeptTriangle(axis, width, x, y) ? 1 : 0;
    }
  }
  return kept;
}

/**
 * lr: H×⌈W/2⌉ with 2C channels, column j = original column ⌊W/2⌋ + j (set A) and its mirror
 * W − 1 − (⌊W/2⌋ + j) (set B). ud: the same on rows. diag/anti: n×n with 2C channels, A = the
 * image, B = its reflection, both zero outside the kept triangle. Non-square inputs under diag or
 * anti are refused, because padding them is the caller's choice (see pad.ts).
 */
export function fold<T extends PixelArray>(r: Raster<T>, axis: Axis): Raster<T> {
  checkSize(r.width, r.height);
  const { width: w, height: h, channels: c } = r;
  const src = r.data;
  if (axis === 'lr' || axis === 'ud') {
    const s = axis === 'lr' ? w >> 1 : h >> 1;
    const ow = axis === 'lr' ? w - s : w;
    const oh = axis === 'lr' ? h : h - s;
    const out = like(r, ow, oh, 2 * c);
    const dst = out.data;
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        // (ax, ay) is the kept pixel, (bx, by) its mirror on the other side.
        const ax = axis === 'lr' ? s + x : x;
        const ay = axis === 'lr' ? y : s + y;
        const bx = axis === 'lr' ? w - 1 - ax : ax;
        const by = axis === 'lr' ? ay : h - 1 - ay;
        const to = (y * ow + x) * 2 * c;
        const fromA = (ay * w + ax) * c;
        const fromB = (by * w + bx) * c;
        for (let k = 0; k < c; k++) {
          dst[to + k] = src[fromA + k];
          dst[to + c + k] = src[fromB + k];
        }
      }
    }
    return out;
  }
  const map = mirrorIndexMap(axis, w, h);
  const out = like(r, w, h, 2 * c);
  const dst = out.data;
  for (let y = 0, p = 0; y < h; y++) {
    for (let x = 0; x < w; x++, p++) {
      if (!inKeptTriangle(axis, w, x, y)) continue;
      const to = p * 2 * c;
      const fromA = p * c;
      const fromB = map[p] * c;
      for (let k = 0; k < c; k++) {
        dst[to + k] = src[fromA + k];
        dst[to + c + k] = src[fromB + k];
      }
    }
  }
  return out;
}

/**
 * The inverse of `fold` for a prediction: the half goes back on its side and its mirror on the
 * other (lr/ud), or the kept triangle of the n×n `half` is copied and mirrored (diag/anti). The
 * result is exactly symmetric whatever `half` holds. Any channel count.
 */
export function unfold<T extends PixelArray>(
  half: Raster<T>,
  axis: Axis,
  width: number,
  height: number,
): Raster<T> {
  checkSize(width, height);
  const c = half.channels;
  const src = half.data;
  if (axis === 'lr' || axis === 'ud') {
    const s = axis === 'lr' ? width >> 1 : height >> 1;
    const hw = axis === 'lr' ? width - s : width;
    const hh = axis === 'lr' ? height : height - s;
    if (half.width !== hw || half.height !== hh) {
      throw new RangeError(
        `cannot unfold a ${half.width}×${half.height} half to ${width}×${height} under ${axis}: expected a ${hw}×${hh} half`,
      );
    }
    const out = like(half, width, height, c);
    const dst = out.data;
    for (let y = 0; y < hh; y++) {
      for (let x = 0; x < hw; x++) {
        const ax = axis === 'lr' ? s + x : x;
        const ay = axis === 'lr' ? y : s + y;
        const bx = axis === 'lr' ? width - 1 - ax : ax;
        const by = axis === 'lr' ? ay : height - 1 - ay;
        const from = (y * hw + x) * c;
        const toA = (ay * width + ax) * c;
        const toB = (by * width + bx) * c;
        for (let k = 0; k < c; k++) {
          dst[toA + k] = src[from + k];
          dst[toB + k] = src[from + k];
        }
      }
    }
    return out;
  }
  assertSquareFor(axis, width, height);
  if (half.width !== width || half.height !== height) {
    throw new RangeError(
      `cannot unfold a ${half.width}×${half.height} prediction to ${width}×${height} under ${axis}: it must be the same square`,
    );
  }
  const map = mirrorIndexMap(axis, width, height);
  const out = like(half);
  const dst = out.data;
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      const from = (inKeptTriangle(axis, width, x, y) ? p : map[p]) * c;
      const to = p * c;
      for (let k = 0; k < c; k++) dst[to + k] = src[from + k];
    }
  }
  return out;
}
