/**
 * Between numpy arrays and the shared Raster type. An image array is (H, W) or (H, W, C) with
 * channels last, as numpy, PIL and OpenCV hold images. Integer dtypes that Raster has no type
 * for are widened: to Int32Array when every value fits (so an int64 label map stays a label map,
 * not a float map that would be thresholded at 0.5), otherwise to Float64Array.
 */
import { pixelKind, rasterOf, type PixelArray, type Raster } from '../core/raster';
import { DecodeError, IN_MEMORY } from './decode-error';
import type { NdArray, NdData, NpyDtype } from './ndarray';

const MAX_CHANNELS = 4;

export function ndarrayToRaster(arr: NdArray, fileName = IN_MEMORY): Raster {
  const { width, height, channels } = imageShape(arr.shape, fileName);
  return rasterOf(toPixelArray(arr.dtype, arr.data), width, height, channels);
}

/** The raster size an array shape stands for, or a DecodeError saying why it is not an image. */
export function imageShape(
  shape: readonly number[],
  fileName = IN_MEMORY,
): { width: number; height: number; channels: number } {
  const shapeText = `(${shape.join(', ')})`;
  if (shape.length !== 2 && shape.length !== 3) {
    throw new DecodeError(
      fileName,
      `array of shape ${shapeText} is not an image: expected (height, width) or (height, width, channels)`,
    );
  }
  const [height, width] = shape;
  const channels = shape.length === 3 ? shape[2] : 1;
  if (channels < 1 || channels > MAX_CHANNELS) {
    throw new DecodeError(
      fileName,
      `array of shape ${shapeText} has ${channels} channels in its last axis; an image has 1 to ${MAX_CHANNELS} (channels last)`,
    );
  }
  return { width, height, channels };
}

function toPixelArray(dtype: NpyDtype, data: NdData): PixelArray {
  switch (dtype) {
    case 'bool':
    case 'uint8':
    case 'uint16':
    case 'int32':
    case 'float16':
    case 'float32':
    case 'float64':
      return data as PixelArray;
    case 'int8':
    case 'int16':
      return Int32Array.from(data);
    case 'uint32':
    case 'int64':
    case 'uint64':
      return fitsInt32(data) ? Int32Array.from(data) : Float64Array.from(data);
  }
}

function fitsInt32(data: NdData): boolean {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > 0x7fffffff || v < -0x80000000) return false;
  }
  return true;
}

const DTYPE_OF_KIND = {
  uint8: 'uint8',
  uint16: 'uint16',
  int32: 'int32',
  float32: 'float32',
  float64: 'float64',
} as const satisfies Record<ReturnType<typeof pixelKind>, NpyDtype>;

/** A raster as (H, W) for one channel or (H, W, C), sharing its data. */
export function rasterToNdarray(r: Raster): NdArray {
  const shape = r.channels === 1 ? [r.height, r.width] : [r.height, r.width, r.channels];
  return { dtype: DTYPE_OF_KIND[pixelKind(r.data)], shape, data: r.data };
}
