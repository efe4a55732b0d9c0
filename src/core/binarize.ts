import type { PixelArray, Raster } from './raster';
import { isFloatRaster, pixelKind } from './raster';

/*
 * How mask values are read (DESIGN.md, "Mask values"), decided once here so that scores,
 * overlays and prediction metrics all agree on what counts as foreground.
 *
 * - Integer masks: foreground where value > threshold (default 0).
 * - Float masks (probabilities): foreground where value ≥ 0.5; the threshold does not apply.
 *   NaN values are counted and read as 0.
 * - Several channels: an integer raster with 2 or 4 channels is grey+alpha or RGBA, and its alpha
 *   is ignored, unless the colour channels are all zero and the alpha varies (a mask drawn only in
 *   the alpha channel). The remaining channels are reduced to their per-pixel maximum: for a grey
 *   mask stored as RGB that is the grey value, and for a truly colour mask it means "foreground
 *   where any channel is above the threshold", so a red left lung and a green right lung are both
 *   foreground. Float rasters have no alpha: all their channels are reduced this way.
 * - Label maps: see `resolveMode`.
 */

export const FLOAT_FOREGROUND = 0.5;

/**
 * In 'auto' mode an integer mask is a label map when it has at least two distinct non-zero values
 * and none is above this. Label maps number their classes 1, 2, 3…; a 0/255 mask, an antialiased
 * or JPEG-compressed one (grey levels up to 255) and a 16-bit 0/65535 mask all have a maximum far
 * above it and stay binary, so their edge greys never become hundreds of classes. Label maps with
 * class ids above 64 need mode 'labels'.
 */
export const MAX_AUTO_LABEL = 64;

export type MaskMode = 'auto' | 'binary' | 'labels';

export interface ForegroundOptions {
  /** Integer masks are foreground where value > threshold (default 0). Ignored for float masks. */
  threshold?: number;
}

/** A mask reduced to one value per pixel. */
export interface MaskPlane {
  values: PixelArray;
  width: number;
  height: number;
  /** NaN values found (and read as 0) in a float mask. */
  nanCount: number;
}

export function checkRaster(mask: Raster): void {
  const { width, height, channels, data } = mask;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`the mask has an invalid size ${width}×${height}`);
  }
  if (!Number.isInteger(channels) || channels < 1 || data.length !== width * height * channels) {
    throw new Error(
      `the mask data has ${data.length} values, which does not fit ${width}×${height}×${channels}`,
    );
  }
}

/** The threshold for an integer mask, checked against what its pixel type can hold. */
export function integerThreshold(mask: Raster, threshold: number | undefined): number {
  if (threshold === undefined) return 0;
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new Error(`the mask threshold must be a number ≥ 0, got ${threshold}`);
  }
  const kind = pixelKind(mask.data);
  const top = kind === 'uint8' ? 255 : kind === 'uint16' ? 65535 : Infinity;
  if (threshold >= top) {
    throw new Error(
      `threshold ${threshold} leaves no foreground possible in a ${kind} mask (values up to ${top})`,
    );
  }
  return threshold;
}

function hasAlpha(mask: Raster): boolean {
  return !isFloatRaster(mask) && (mask.channels === 2 || mask.channels === 4);
}

/** Which channels carry the mask: the colour ones, or alpha for a mask drawn only in alpha. */
function maskChannels(mask: Raster): number[] {
  const c = mask.channels;
  if (!hasAlpha(mask)) return Array.from({ length: c }, (_, k) => k);
  const colour = Array.from({ length: c - 1 }, (_, k) => k);
  const data = mask.data;
  const firstAlpha = data[c - 1];
  let colourUsed = false;
  let alphaVaries = false;
  for (let i = 0; i < data.length && !colourUsed; i += c) {
    for (let k = 0; k < c - 1; k++) if (data[i + k] !== 0) colourUsed = true;
    if (data[i + c - 1] !== firstAlpha) alphaVaries = true;
  }
  return !colourUsed && alphaVaries ? [c - 1] : colour;
}

/** True when every pixel's mask channels are equal (a grey mask saved as RGB). */
export function isGreyscale(mask: Raster): boolean {
  const channels = maskChannels(mask);
  if (channels.length === 1) return true;
  const { data, channels: c } = mask;
  for (let i = 0; i < data.length; i += c) {
    const first = data[i + channels[0]];
    for (let k = 1; k < channels.length; k++) if (data[i + channels[k]] !== first) return false;
  }
  return true;
}

/** One value per pixel (see the rules at the top of this file). Never modifies `mask`. */
export function reducePlane(mask: Raster): MaskPlane {
  checkRaster(mask);
  const { width, height, channels: c, data } = mask;
  const n = width * height;
  const float = isFloatRaster(mask);
  let values: PixelArray;
  if (c === 1) {
    values = data;
  } else {
    const used = maskChannels(mask);
    values = new (data.constructor as new (length: number) => PixelArray)(n);
    for (let p = 0, i = 0; p < n; p++, i += c) {
      let best = data[i + used[0]];
      for (let k = 1; k < used.length; k++) {
        const v = data[i + used[k]];
        // NaN wins so that it is counted below rather than hidden by the maximum.
        if (v > best || Number.isNaN(v)) best = v;
      }
      values[p] = best;
    }
  }
  let nanCount = 0;
  if (float) {
    // v !== v is the NaN test; it keeps this per-pixel loop free of calls.
    for (let p = 0; p < n; p++) {
      const v = values[p];
      if (v !== v) nanCount++;
    }
    if (nanCount > 0) {
      if (values === data) values = values.slice();
      for (let p = 0; p < n; p++) {
        const v = values[p];
        if (v !== v) values[p] = 0;
      }
    }
  }
  return { values, width, height, nanCount };
}

/**
 * Class ids of a colour label map: the packed 0xRRGGBB value of each pixel (black = background),
 * so a red/green/blue palette mask gets one class per colour. Only 8-bit colour fits in an id.
 */
export function packedColourLabels(mask: Raster): Int32Array {
  checkRaster(mask);
  if (!(mask.data instanceof Uint8Array) || mask.channels < 3) {
    throw new Error(
      `a ${mask.channels}-channel ${pixelKind(mask.data)} mask cannot be read as a colour label map: save it as a single-channel label map`,
    );
  }
  const { data, channels: c } = mask;
  const n = mask.width * mask.height;
  const ids = new Int32Array(n);
  for (let p = 0, i = 0; p < n; p++, i += c)
    ids[p] = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
  return ids;
}

/**
 * 'binary' or 'labels' for an integer mask's plane. 'auto' picks labels only for a grey integer
 * mask with no explicit threshold, at least two distinct non-zero values, and all values at most
 * MAX_AUTO_LABEL. Float masks are never label maps, and asking for one is an error.
 */
export function resolveMode(
  mask: Raster,
  plane: PixelArray,
  mode: MaskMode,
  threshold: number | undefined,
): 'binary' | 'labels' {
  if (isFloatRaster(mask)) {
    if (mode === 'labels') {
      throw new Error(`a ${pixelKind(mask.data)} mask holds probabilities, not class labels`);
    }
    return 'binary';
  }
  if (mode !== 'auto') return mode;
  if (threshold !== undefined || !isGreyscale(mask)) return 'binary';
  if (plane instanceof Uint8Array) return distinctLabelsU8(plane) >= 2 ? 'labels' : 'binary';
  let first = 0;
  let distinct = 0;
  for (let p = 0; p < plane.length; p++) {
    const v = plane[p];
    if (v === 0 || v === first) continue;
    if (v > MAX_AUTO_LABEL) return 'binary';
    if (v < 0) continue;
    if (first === 0) {
      first = v;
      distinct = 1;
    } else {
      distinct = 2;
    }
  }
  return distinct >= 2 ? 'labels' : 'binary';
}

/** 0/1 per pixel after the channel reduction and the foreground rule, at the mask's own size. */
export function foregroundOf(mask: Raster, opts: ForegroundOptions = {}): Uint8Array {
  const plane = reducePlane(mask);
  const values = plane.values;
  const fg = new Uint8Array(values.length);
  if (isFloatRaster(mask)) {
    for (let p = 0; p < values.length; p++) fg[p] = values[p] >= FLOAT_FOREGROUND ? 1 : 0;
  } else {
    const t = integerThreshold(mask, opts.threshold);
    for (let p = 0; p < values.length; p++) fg[p] = values[p] > t ? 1 : 0;
  }
  return fg;
}

/**
 * resolveMode's count for 8-bit planes, a word at a time: background words and runs of one
 * value are skipped whole, so a 0/255 or 0/1 mask costs a fraction of a byte-by-byte pass.
 * Returns 0, 1 or 2 (two or more label-like values), or 0 as soon as a value above
 * MAX_AUTO_LABEL shows the mask is binary.
 */
function distinctLabelsU8(plane: Uint8Array): number {
  let first = 0;
  let start = 0;
  if (plane.byteOffset % 4 === 0) {
    const words = new Int32Array(plane.buffer, plane.byteOffset, plane.length >> 2);
    let run = 0;
    for (let k = 0; k < words.length; k++) {
      const w = words[k];
      if (w === 0 || (first !== 0 && w === run)) continue;
      for (let i = 4 * k; i < 4 * k + 4; i++) {
        const v = plane[i];
        if (v === 0 || v === first) continue;
        if (v > MAX_AUTO_LABEL) return 0;
        if (first !== 0) return 2;
        first = v;
        run = (first * 0x01010101) | 0;
      }
    }
    start = words.length * 4;
  }
  for (let i = start; i < plane.length; i++) {
    const v = plane[i];
    if (v === 0 || v === first) continue;
    if (v > MAX_AUTO_LABEL) return 0;
    if (first !== 0) return 2;
    first = v;
  }
  return first === 0 ? 0 : 1;
}
