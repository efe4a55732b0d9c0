/**
 * A raster is the one in-memory picture type shared by io, core, engine, CLI and extension:
 * row-major, channels interleaved (index = (y * width + x) * channels + c), like sharp's raw
 * output and numpy's C order for an (H, W, C) array.
 */
export type PixelArray = Uint8Array | Uint16Array | Int32Array | Float32Array | Float64Array;

/** What the numbers mean, which decides how a mask is binarised (see DESIGN.md, "Mask values"). */
export type PixelKind = 'uint8' | 'uint16' | 'int32' | 'float32' | 'float64';

export interface Raster<T extends PixelArray = PixelArray> {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: T;
}

type ArrayCtor<T extends PixelArray> = new (length: number) => T;

export function createRaster<T extends PixelArray>(
  ctor: ArrayCtor<T>,
  width: number,
  height: number,
  channels = 1,
): Raster<T> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`invalid raster size ${width}×${height}`);
  }
  if (!Number.isInteger(channels) || channels < 1) {
    throw new RangeError(`invalid channel count ${channels}`);
  }
  return { width, height, channels, data: new ctor(width * height * channels) };
}

/** Wraps existing data, checking that its length fits the shape. */
export function rasterOf<T extends PixelArray>(
  data: T,
  width: number,
  height: number,
  channels = 1,
): Raster<T> {
  if (data.length !== width * height * channels) {
    throw new RangeError(
      `raster data has ${data.length} values, expected ${width}×${height}×${channels} = ${width * height * channels}`,
    );
  }
  return { width, height, channels, data };
}

export function pixelKind(data: PixelArray): PixelKind {
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Float32Array) return 'float32';
  return 'float64';
}

export function isFloatRaster(r: Raster): boolean {
  return r.data instanceof Float32Array || r.data instanceof Float64Array;
}

/** A new raster of the same type and shape. */
export function like<T extends PixelArray>(
  r: Raster<T>,
  width = r.width,
  height = r.height,
  channels = r.channels,
): Raster<T> {
  const ctor = r.data.constructor as ArrayCtor<T>;
  return createRaster(ctor, width, height, channels);
}

/** One channel of a multi-channel raster, as a new single-channel raster. */
export function channel<T extends PixelArray>(r: Raster<T>, c: number): Raster<T> {
  if (c < 0 || c >= r.channels) throw new RangeError(`channel ${c} out of 0..${r.channels - 1}`);
  if (r.channels === 1) return r;
  const out = like(r, r.width, r.height, 1);
  const n = r.width * r.height;
  for (let i = 0; i < n; i++) out.data[i] = r.data[i * r.channels + c];
  return out;
}

export function sameSize(a: Raster, b: Raster): boolean {
  return a.width === b.width && a.height === b.height;
}
