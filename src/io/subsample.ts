/**
 * Downsampling for the decoders that do not go through sharp (.npy, BMP, indexed PNG): keep
 * every f-th pixel. Nearest is the right choice for masks (no invented labels) and is what a
 * viewer needs for a first look at a very large map.
 */
import { like, type PixelArray, type Raster } from '../core/raster';

/** The smallest integer factor that brings width × height to at most maxPixels (1 if it fits). */
export function downsampleFactor(width: number, height: number, maxPixels?: number): number {
  if (maxPixels === undefined || !(maxPixels > 0) || width * height <= maxPixels) return 1;
  let f = Math.max(2, Math.ceil(Math.sqrt((width * height) / maxPixels)));
  while (Math.ceil(width / f) * Math.ceil(height / f) > maxPixels) f++;
  return f;
}

export function subsample<T extends PixelArray>(r: Raster<T>, factor: number): Raster<T> {
  if (factor <= 1) return r;
  const out = like(r, Math.ceil(r.width / factor), Math.ceil(r.height / factor));
  const c = r.channels;
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const src = (y * factor * r.width + x * factor) * c;
      const dst = (y * out.width + x) * c;
      for (let k = 0; k < c; k++) out.data[dst + k] = r.data[src + k];
    }
  }
  return out;
}
