import type { Axis } from '../../src/core/axis';
import { mirrorIndexMap } from '../../src/core/reflect';
import type { MaskLayerData } from '../../src/protocol/viewer';

/**
 * The pure pixel maths behind the mask layers. Every function returns a coverage in 0..255 per
 * pixel (255 = fully covered), which `coverageToRgba` turns into a coloured layer. Opacity is
 * applied later by the canvas, so changing it never recomputes any of this.
 */

/** Foreground as the scores count it: labels above 0, probabilities of 0.5 or more. */
export function foreground(mask: MaskLayerData): Uint8Array {
  const n = mask.width * mask.height;
  const out = new Uint8Array(n);
  const { data, channels } = mask;
  if (mask.soft) {
    for (let p = 0; p < n; p++) out[p] = data[p * channels] >= 0.5 ? 255 : 0;
  } else {
    for (let p = 0; p < n; p++) out[p] = data[p * channels] > 0 ? 255 : 0;
  }
  return out;
}

/** Probability as coverage, for showing a soft prediction as it is rather than thresholded. */
export function softCoverage(mask: MaskLayerData): Uint8Array {
  const n = mask.width * mask.height;
  const out = new Uint8Array(n);
  const { data, channels } = mask;
  for (let p = 0; p < n; p++) {
    const v = data[p * channels];
    out[p] = v >= 1 ? 255 : v > 0 ? Math.round(v * 255) : 0;
  }
  return out;
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

/**
 * σ applied to a coverage. For diag and anti a non-square raster is mirrored inside its square
 * padding (zeros at the bottom and right, as the scores do), then cropped back, so pixels whose
 * mirror lies in the padding are uncovered.
 */
export function mirrored(cover: Uint8Array, width: number, height: number, axis: Axis): Uint8Array {
  const out = new Uint8Array(cover.length);
  if (axis === 'lr' || axis === 'ud' || width === height) {
    const map = mirrorIndexMap(axis, width, height);
    for (let p = 0; p < out.length; p++) out[p] = cover[map[p]];
    return out;
  }
  const n = Math.max(width, height);
  const map = mirrorIndexMap(axis, n, n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const m = map[y * n + x];
      const mx = m % n;
      const my = (m - mx) / n;
      out[y * width + x] = mx < width && my < height ? cover[my * width + mx] : 0;
    }
  }
  return out;
}

/** Where a binary mask and its mirror disagree (M xor σM); for soft masks, |p − σp|. */
export function asymmetryCoverage(
  cover: Uint8Array,
  width: number,
  height: number,
  axis: Axis,
): Uint8Array {
  const mirror = mirrored(cover, width, height, axis);
  const out = new Uint8Array(cover.length);
  for (let p = 0; p < out.length; p++) out[p] = Math.abs(cover[p] - mirror[p]);
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
