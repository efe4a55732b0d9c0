import type { PixelArray, Raster } from '../../../src/core/raster';
import { rasterOf } from '../../../src/core/raster';

/** A one-channel raster from rows of numbers, written the way the mask looks. */
export function grid<T extends PixelArray = Uint8Array>(
  rows: number[][],
  ctor: new (values: number[]) => T = Uint8Array as unknown as new (values: number[]) => T,
): Raster<T> {
  const height = rows.length;
  const width = rows[0].length;
  if (rows.some((row) => row.length !== width)) throw new Error('ragged test grid');
  return rasterOf(new ctor(rows.flat()), width, height, 1);
}

/** The rows of a one-channel raster, for readable assertion messages. */
export function rowsOf(r: Raster): number[][] {
  const rows: number[][] = [];
  for (let y = 0; y < r.height; y++) {
    rows.push(
      Array.from(r.data.subarray(y * r.width * r.channels, (y + 1) * r.width * r.channels)),
    );
  }
  return rows;
}
