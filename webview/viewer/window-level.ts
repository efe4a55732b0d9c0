import type { Colormap, RawPixels } from '../../src/protocol/viewer';
import { colormapTable } from './colormap';

/** The value range mapped onto black..white (or the colormap's ends). */
export interface DisplayWindow {
  low: number;
  high: number;
}

/**
 * Auto contrast: the 0.5th and 99.5th percentiles of the finite values, so a few hot pixels or
 * a NaN gap in a contact map do not wash the picture out. A histogram keeps it linear in time.
 */
export function autoWindow(
  px: RawPixels,
  lowFraction = 0.005,
  highFraction = 0.995,
): DisplayWindow {
  const { data } = px;
  let min = Infinity;
  let max = -Infinity;
  let finite = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (finite === 0) return { low: 0, high: 1 };
  if (max === min) return { low: min, high: min + 1 };
  const bins = 4096;
  const histogram = new Uint32Array(bins);
  const scale = (bins - 1) / (max - min);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isFinite(v)) histogram[Math.floor((v - min) * scale)]++;
  }
  const valueAt = (fraction: number): number => {
    const target = fraction * finite;
    let seen = 0;
    for (let b = 0; b < bins; b++) {
      seen += histogram[b];
      if (seen >= target) return min + b / scale;
    }
    return max;
  };
  const low = valueAt(lowFraction);
  const high = Math.max(valueAt(highFraction), low + (max - min) / bins);
  return { low, high };
}

/** Maps v to 0..255 under the window; NaN maps to 0. */
export function levelOf(v: number, w: DisplayWindow): number {
  if (!(v > w.low)) return 0;
  if (v >= w.high) return 255;
  return Math.round(((v - w.low) / (w.high - w.low)) * 255);
}

/**
 * RGBA pixels for a raw image: one channel through the colormap, three or four channels as
 * colour with the same window on each. Returns packed words for a Uint32Array view of ImageData.
 */
export function renderRaw(px: RawPixels, w: DisplayWindow, colormap: Colormap): Uint32Array {
  const n = px.width * px.height;
  const out = new Uint32Array(n);
  const { data, channels } = px;
  // A lookup beats per-pixel division for the common 8- and 16-bit cases.
  const span = w.high - w.low;
  const k = 255 / span;
  if (channels === 1 || channels === 2) {
    const table = colormapTable(colormap);
    for (let p = 0; p < n; p++) {
      const v = data[p * channels];
      const level = v > w.low ? (v >= w.high ? 255 : ((v - w.low) * k + 0.5) | 0) : 0;
      out[p] = table[level];
    }
    return out;
  }
  for (let p = 0; p < n; p++) {
    const o = p * channels;
    let word = 255 << 24;
    for (let c = 0; c < 3; c++) {
      const v = data[o + c];
      const level = v > w.low ? (v >= w.high ? 255 : ((v - w.low) * k + 0.5) | 0) : 0;
      word |= level << (8 * c);
    }
    out[p] = word >>> 0;
  }
  return out;
}
