/**
 * Raster to file: PNG for 8- and 16-bit pictures and masks, .npy for everything (floats
 * included). Files are written atomically, so a reader never sees half a mask.
 */
import * as path from 'node:path';
import sharp from 'sharp';
import type { Raster } from '../core/raster';
import { writeFileAtomic } from './atomic';
import { encodeNpy, rasterToNdarray } from './npy';

export type PngRaster = Raster<Uint8Array | Uint16Array>;

/** 1 channel → grey, 2 → grey + alpha, 3 → RGB, 4 → RGBA; 16-bit data stays 16-bit. */
export async function encodePng(r: Raster<Uint8Array | Uint16Array>): Promise<Buffer> {
  const wide = r.data instanceof Uint16Array;
  if (!wide && !(r.data instanceof Uint8Array)) {
    throw new TypeError(
      `a PNG holds 8- or 16-bit integers, not ${(r.data as object).constructor.name}; save it as .npy`,
    );
  }
  if (r.channels < 1 || r.channels > 4) {
    throw new RangeError(`a PNG has 1 to 4 channels, not ${r.channels}`);
  }
  const grey = r.channels <= 2;
  // Without an explicit colour space sharp writes one grey channel as RGB, and 16 bits as 8.
  const space = grey ? (wide ? 'grey16' : 'b-w') : wide ? 'rgb16' : 'srgb';
  return sharp(r.data, {
    raw: { width: r.width, height: r.height, channels: r.channels as 1 | 2 | 3 | 4 },
  })
    .toColourspace(space)
    .png()
    .toBuffer();
}

/** Chooses the format from the extension (.png or .npy) and writes atomically. */
export async function encodeFile(filePath: string, r: Raster): Promise<void> {
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.png') {
    if (!(r.data instanceof Uint8Array || r.data instanceof Uint16Array)) {
      throw new TypeError(
        `${filePath}: a PNG holds 8- or 16-bit integers, not ${r.data.constructor.name}; use .npy`,
      );
    }
    await writeFileAtomic(filePath, await encodePng(r as PngRaster));
  } else if (ext === '.npy') {
    await writeFileAtomic(filePath, encodeNpy(rasterToNdarray(r)));
  } else {
    throw new Error(`${filePath}: cannot write '${ext}' files (use .png or .npy)`);
  }
}
