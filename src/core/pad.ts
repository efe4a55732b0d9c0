import type { PixelArray, Raster } from './raster';
import { like } from './raster';

/**
 * A raster grown with zeros at the bottom and right, so that every real pixel keeps its (x, y)
 * and a prediction can be cropped back from the top-left corner.
 */
export interface Padded<T extends PixelArray = PixelArray> {
  raster: Raster<T>;
  /** 1 on real pixels, 0 on padding: the mask for losses and metrics. */
  valid: Uint8Array;
  /** The original size. */
  width: number;
  height: number;
}

export function padTo<T extends PixelArray>(
  r: Raster<T>,
  width: number,
  height: number,
): Padded<T> {
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < r.width ||
    height < r.height
  ) {
    throw new RangeError(`cannot pad a ${r.width}×${r.height} raster to ${width}×${height}`);
  }
  const valid = new Uint8Array(width * height);
  for (let y = 0; y < r.height; y++) valid.fill(1, y * width, y * width + r.width);
  if (width === r.width && height === r.height) {
    return { raster: r, valid, width: r.width, height: r.height };
  }
  const out = like(r, width, height);
  const rowLength = r.width * r.channels;
  for (let y = 0; y < r.height; y++) {
    const from = y * rowLength;
    out.data.set(r.data.subarray(from, from + rowLength), y * width * r.channels);
  }
  return { raster: out, valid, width: r.width, height: r.height };
}

export function padToSquare<T extends PixelArray>(r: Raster<T>): Padded<T> {
  const n = Math.max(r.width, r.height);
  return padTo(r, n, n);
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/**
 * Pads each side up to a multiple (2^depth for a U-Net, so every pooling level divides evenly),
 * and to a square as well when `square` is set (diag and anti reflect squares only).
 */
export function padToMultiple<T extends PixelArray>(
  r: Raster<T>,
  multiple: number,
  square = false,
): Padded<T> {
  if (!Number.isInteger(multiple) || multiple < 1) {
    throw new RangeError(`padding multiple must be a positive integer, got ${multiple}`);
  }
  let width = roundUp(r.width, multiple);
  let height = roundUp(r.height, multiple);
  if (square) width = height = Math.max(width, height);
  return padTo(r, width, height);
}

/** The top-left width×height corner, e.g. a prediction cut back to its image's size. */
export function crop<T extends PixelArray>(r: Raster<T>, width: number, height: number): Raster<T> {
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 0 ||
    height < 0 ||
    width > r.width ||
    height > r.height
  ) {
    throw new RangeError(`cannot crop a ${r.width}×${r.height} raster to ${width}×${height}`);
  }
  if (width === r.width && height === r.height) return r;
  const out = like(r, width, height);
  const rowLength = width * r.channels;
  for (let y = 0; y < height; y++) {
    const from = y * r.width * r.channels;
    out.data.set(r.data.subarray(from, from + rowLength), y * rowLength);
  }
  return out;
}
