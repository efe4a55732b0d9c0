/**
 * Our own PNG reader, for what sharp cannot give: the palette indices of an indexed PNG (label
 * ids of a segmentation mask; sharp expands them to colours) and the raw values of 1/2/4-bit
 * grey (sharp scales them to 0..255). It also reads the header cheaply, so decode can choose a
 * path without asking sharp for metadata, and explains why a file is damaged.
 * Format reference: PNG specification (W3C, third edition).
 */
import { crc32, inflateSync } from 'node:zlib';
import { rasterOf, type Raster } from '../core/raster';
import { DecodeError } from './decode-error';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const enum ColorType {
  Grey = 0,
  Rgb = 2,
  Palette = 3,
  GreyAlpha = 4,
  Rgba = 6,
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ALLOWED_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: ColorType;
  /** Samples per pixel as stored (a palette image stores one index). */
  channels: number;
  interlaced: boolean;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

const invalid = (fileName: string, why: string) =>
  new DecodeError(fileName, `not a valid PNG (${why})`);

/** Reads IHDR, which the format requires to come first; needs only the first 33 bytes. */
export function readPngHeader(bytes: Uint8Array, fileName: string): PngHeader {
  if (!isPng(bytes)) throw invalid(fileName, 'it does not start with the PNG signature');
  if (bytes.length < 33) throw invalid(fileName, `truncated at byte ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || chunkType(bytes, 12) !== 'IHDR') {
    throw invalid(fileName, 'the first chunk is not a 13-byte IHDR');
  }
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24];
  const colorType = bytes[25] as ColorType;
  const interlace = bytes[28];
  if (width === 0 || height === 0) throw invalid(fileName, `image size ${width}×${height}`);
  if (!ALLOWED_DEPTHS[colorType]?.includes(bitDepth)) {
    throw invalid(fileName, `colour type ${colorType} with bit depth ${bitDepth}`);
  }
  if (bytes[26] !== 0 || bytes[27] !== 0 || interlace > 1) {
    throw invalid(fileName, 'unknown compression, filter or interlace method');
  }
  return {
    width,
    height,
    bitDepth,
    colorType,
    channels: CHANNELS[colorType],
    interlaced: interlace === 1,
  };
}

function chunkType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

interface PngChunks {
  idat: Uint8Array[];
  palette?: Uint8Array;
  transparency?: Uint8Array;
}

/** Walks every chunk, checking lengths and checksums, up to IEND. */
function readChunks(bytes: Uint8Array, fileName: string): PngChunks {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunks = { idat: [] };
  let at = 8;
  for (;;) {
    if (at + 12 > bytes.length) throw invalid(fileName, `truncated at byte ${bytes.length}`);
    const length = view.getUint32(at);
    const type = chunkType(bytes, at + 4);
    const end = at + 12 + length;
    if (end > bytes.length) throw invalid(fileName, `truncated at byte ${bytes.length}`);
    // Like libpng, only a damaged critical chunk (upper-case first letter) is an error; a bad
    // text or colour-profile chunk does not spoil the pixels.
    const critical = (bytes[at + 4] & 0x20) === 0;
    if (
      critical &&
      crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)
    ) {
      throw invalid(fileName, `chunk ${JSON.stringify(type)} at byte ${at} has a bad checksum`);
    }
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IDAT') chunks.idat.push(data);
    else if (type === 'PLTE') chunks.palette = data;
    else if (type === 'tRNS') chunks.transparency = data;
    else if (type === 'IEND') return chunks;
    at = end;
  }
}

/**
 * Says what is wrong with a PNG's structure, or undefined if every chunk is whole and sound.
 * Used to turn a terse sharp error into "truncated at byte 812".
 */
export function findPngDamage(bytes: Uint8Array, fileName: string): string | undefined {
  try {
    readPngHeader(bytes, fileName);
    const chunks = readChunks(bytes, fileName);
    if (chunks.idat.length === 0) return 'no image data (IDAT)';
    return undefined;
  } catch (err) {
    if (err instanceof DecodeError) return err.problem.replace(/^not a valid PNG \((.*)\)$/s, '$1');
    throw err;
  }
}

export interface RawPng {
  header: PngHeader;
  /** Samples as stored: palette indices, or grey/colour values at their own bit depth. */
  raster: Raster<Uint8Array | Uint16Array>;
  /** RGB triplets of an indexed PNG. */
  palette?: Uint8Array;
  transparency?: Uint8Array;
}

// Adam7: starting column and row, and the steps between them, for each of the seven passes.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Decodes any PNG to its stored samples, without palette expansion or bit-depth scaling. */
export function decodePngRaw(bytes: Uint8Array, fileName: string): RawPng {
  const header = readPngHeader(bytes, fileName);
  const chunks = readChunks(bytes, fileName);
  if (chunks.idat.length === 0) throw invalid(fileName, 'no image data (IDAT)');
  if (header.colorType === ColorType.Palette && !chunks.palette) {
    throw invalid(fileName, 'an indexed image without a palette (PLTE)');
  }
  const compressed = chunks.idat.length === 1 ? chunks.idat[0] : Buffer.concat(chunks.idat);
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(compressed);
  } catch (err) {
    throw invalid(fileName, `corrupt image data: ${(err as Error).message}`);
  }

  const { width, height, bitDepth, channels } = header;
  const wide = bitDepth === 16;
  const out = wide
    ? new Uint16Array(width * height * channels)
    : new Uint8Array(width * height * channels);
  const passes = header.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let offset = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const passWidth = Math.ceil((width - x0) / dx);
    const passHeight = Math.ceil((height - y0) / dy);
    if (passWidth <= 0 || passHeight <= 0) continue;
    const rowBytes = Math.ceil((passWidth * channels * bitDepth) / 8);
    const needed = passHeight * (rowBytes + 1);
    if (offset + needed > inflated.length) {
      throw invalid(fileName, `image data ends early (${inflated.length} bytes after inflating)`);
    }
    unfilter(
      inflated,
      offset,
      rowBytes,
      passHeight,
      Math.max(1, (channels * bitDepth) >> 3),
      fileName,
    );
    for (let py = 0; py < passHeight; py++) {
      const row = offset + py * (rowBytes + 1) + 1;
      const y = y0 + py * dy;
      if (dx === 1 && bitDepth === 8) {
        // The common case (8-bit, not interlaced): the row is already the raster row.
        out.set(inflated.subarray(row, row + rowBytes), y * width * channels);
        continue;
      }
      const samples = passWidth * channels;
      for (let s = 0; s < samples; s++) {
        const px = Math.floor(s / channels);
        const at = (y * width + x0 + px * dx) * channels + (s - px * channels);
        out[at] = readSample(inflated, row, s, bitDepth);
      }
    }
    offset += needed;
  }
  return {
    header,
    raster: rasterOf(out, width, height, channels),
    palette: chunks.palette,
    transparency: chunks.transparency,
  };
}

function readSample(data: Uint8Array, row: number, sample: number, bitDepth: number): number {
  if (bitDepth === 8) return data[row + sample];
  if (bitDepth === 16) return (data[row + sample * 2] << 8) | data[row + sample * 2 + 1];
  const bit = sample * bitDepth;
  const byte = data[row + (bit >> 3)];
  return (byte >> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1);
}

/** Reverses the PNG row filters in place; each row starts with its filter type byte. */
function unfilter(
  data: Uint8Array,
  start: number,
  rowBytes: number,
  rows: number,
  bpp: number,
  fileName: string,
): void {
  for (let r = 0; r < rows; r++) {
    const at = start + r * (rowBytes + 1);
    const filter = data[at];
    const cur = at + 1;
    const prev = r > 0 ? cur - rowBytes - 1 : -1;
    switch (filter) {
      case 0:
        break;
      case 1:
        for (let i = bpp; i < rowBytes; i++)
          data[cur + i] = (data[cur + i] + data[cur + i - bpp]) & 0xff;
        break;
      case 2:
        if (prev >= 0)
          for (let i = 0; i < rowBytes; i++)
            data[cur + i] = (data[cur + i] + data[prev + i]) & 0xff;
        break;
      case 3:
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bpp ? data[cur + i - bpp] : 0;
          const up = prev >= 0 ? data[prev + i] : 0;
          data[cur + i] = (data[cur + i] + ((left + up) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < rowBytes; i++) {
          const a = i >= bpp ? data[cur + i - bpp] : 0;
          const b = prev >= 0 ? data[prev + i] : 0;
          const c = i >= bpp && prev >= 0 ? data[prev + i - bpp] : 0;
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          const pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          data[cur + i] = (data[cur + i] + pred) & 0xff;
        }
        break;
      default:
        throw invalid(fileName, `unknown row filter ${filter}`);
    }
  }
}
