import type { Axis } from './axis';
import { AXIS_LABELS, needsSquare } from './axis';
import type { PixelArray, Raster } from './raster';
import { like } from './raster';

/**
 * Index maps are cached because scoring a folder means thousands of masks of the same size; a
 * 1024×1024 map costs 4 MiB and a few milliseconds to build, more than the score itself.
 */
const CACHE_SIZE = 8;
const cache = new Map<string, Int32Array>();

export function assertSquareFor(axis: Axis, width: number, height: number): void {
  if (needsSquare(axis) && width !== height) {
    throw new Error(
      `the ${AXIS_LABELS[axis]} reflection needs a square raster, got ${width}×${height}; pad it to a square first`,
    );
  }
}

function buildMap(axis: Axis, width: number, height: number): Int32Array {
  const map = new Int32Array(width * height);
  let p = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      switch (axis) {
        case 'lr':
          map[p] = y * width + (width - 1 - x);
          break;
        case 'ud':
          map[p] = (height - 1 - y) * width + x;
          break;
        case 'diag':
          map[p] = x * width + y;
          break;
        case 'anti':
          map[p] = (width - 1 - x) * width + (width - 1 - y);
          break;
      }
    }
  }
  return map;
}

/**
 * For pixel index p = y·width + x, `map[p]` is the index of its mirror image σ(p). The array is
 * shared with later callers through the cache: read it, never write to it.
 */
export function mirrorIndexMap(axis: Axis, width: number, height: number): Int32Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`invalid raster size ${width}×${height}`);
  }
  assertSquareFor(axis, width, height);
  const key = `${axis}:${width}x${height}`;
  const hit = cache.get(key);
  if (hit) {
    // Re-insert so the Map's insertion order doubles as least-recently-used order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const map = buildMap(axis, width, height);
  cache.set(key, map);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return map;
}

/** σ applied to every channel: out(p) = r(σ(p)). σ is an involution, so this is its own inverse. */
export function reflect<T extends PixelArray>(r: Raster<T>, axis: Axis): Raster<T> {
  const map = mirrorIndexMap(axis, r.width, r.height);
  const out = like(r);
  const c = r.channels;
  const src = r.data;
  const dst = out.data;
  if (c === 1) {
    for (let p = 0; p < map.length; p++) dst[p] = src[map[p]];
    return out;
  }
  for (let p = 0; p < map.length; p++) {
    const from = map[p] * c;
    const to = p * c;
    for (let k = 0; k < c; k++) dst[to + k] = src[from + k];
  }
  return out;
}
