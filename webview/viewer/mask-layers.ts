import type { Axis } from '../../src/core/axis';
import type { MaskLayerData } from '../../src/protocol/viewer';

/**
 * The pure pixel maths behind the mask layers. Every function returns a coverage in 0..255 per
 * cell (255 = fully covered), which `coverageToRgba` turns into a coloured layer. Opacity is
 * applied later by the canvas, so changing it never recomputes any of this.
 *
 * Coverages are built on a grid that may be coarser than the mask: a cell of `factor` × `factor`
 * mask pixels takes the value of its centre pixel. A 4096² mask seen whole on a 1000-pixel
 * screen needs only a 1024² grid, 16 times less work; zooming in builds a finer grid later.
 */

export interface Grid {
  width: number;
  height: number;
  /** Mask pixels per cell along each side. */
  factor: number;
}

export function gridOf(mask: { width: number; height: number }, factor = 1): Grid {
  const f = Math.max(1, Math.floor(factor));
  return { width: Math.ceil(mask.width / f), height: Math.ceil(mask.height / f), factor: f };
}

/**
 * How the mask's values become coverage. 'binary': foreground as the scores count it (labels
 * above 0, probabilities of 0.5 or more). 'soft': a probability as it is, clipped to [0, 1].
 */
export type CoverageKind = 'binary' | 'soft';

/**
 * The mask's coverage on `grid`; with `axis`, the coverage of its mirror image σM. For diag and
 * anti a non-square mask is mirrored inside its square padding (zeros at the bottom and right,
 * as the scores do), so cells whose mirror lies in the padding are uncovered.
 */
export function sampleCoverage(
  mask: MaskLayerData,
  grid: Grid,
  kind: CoverageKind,
  axis?: Axis,
): Uint8Array {
  const { width: W, height: H, data, channels } = mask;
  const { factor: f } = grid;
  const n = Math.max(W, H);
  const half = f >> 1;
  const soft = kind === 'soft';
  const out = new Uint8Array(grid.width * grid.height);
  let p = 0;
  for (let y = 0; y < grid.height; y++) {
    const sy = Math.min(y * f + half, H - 1);
    for (let x = 0; x < grid.width; x++, p++) {
      const sx = Math.min(x * f + half, W - 1);
      let mx = sx;
      let my = sy;
      if (axis === 'lr') mx = W - 1 - sx;
      else if (axis === 'ud') my = H - 1 - sy;
      else if (axis === 'diag') [mx, my] = [sy, sx];
      else if (axis === 'anti') [mx, my] = [n - 1 - sy, n - 1 - sx];
      if (mx < 0 || my < 0 || mx >= W || my >= H) continue;
      const v = data[(my * W + mx) * channels];
      if (soft) out[p] = v >= 1 ? 255 : v > 0 ? Math.round(v * 255) : 0;
      else if (mask.soft ? v >= 0.5 : v > 0) out[p] = 255;
    }
  }
  return out;
}

/** Foreground of the whole mask at full resolution. */
export function foreground(mask: MaskLayerData): Uint8Array {
  return sampleCoverage(mask, gridOf(mask), 'binary');
}

/** Probability as coverage, for showing a soft prediction as it is rather than thresholded. */
export function softCoverage(mask: MaskLayerData): Uint8Array {
  return sampleCoverage(mask, gridOf(mask), 'soft');
}

/**
 * The inner boundary of a coverage: covered pixels with at least one uncovered 4-neighbour (or
 * on the raster's edge), so an outline never spills outside the mask it traces.
 */
export function outline(cover: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(cover.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const p = row + x;
      if (cover[p] === 0) continue;
      if (
        x === 0 ||
        y === 0 ||
        x === width - 1 ||
        y === height - 1 ||
        cover[p - 1] === 0 ||
        cover[p + 1] === 0 ||
        cover[p - width] === 0 ||
        cover[p + width] === 0
      ) {
        out[p] = 255;
      }
    }
  }
  return out;
}

/** Where a coverage and its mirror disagree: M xor σM for binary masks, |p − σp| for soft ones. */
export function difference(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let p = 0; p < out.length; p++) out[p] = Math.abs(a[p] - b[p]);
  return out;
}

/** Packed RGBA words (little-endian) in one colour, with the coverage as alpha. */
export function coverageToRgba(cover: Uint8Array, rgbWord: number): Uint32Array {
  const out = new Uint32Array(cover.length);
  const rgb = rgbWord & 0x00ffffff;
  for (let p = 0; p < cover.length; p++) {
    const a = cover[p];
    if (a !== 0) out[p] = ((a << 24) | rgb) >>> 0;
  }
  return out;
}

/**
 * The coarsest grid factor (a power of two) whose cells are still no larger than one device
 * pixel at `scale` screen pixels per image pixel, so the overlay looks the same as a full one.
 */
export function displayFactor(scale: number, devicePixelRatio: number): number {
  const pixelsPerCell = 1 / (scale * devicePixelRatio);
  if (!(pixelsPerCell >= 2)) return 1;
  return 2 ** Math.floor(Math.log2(pixelsPerCell));
}
