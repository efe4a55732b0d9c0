/**
 * A small BMP reader, since sharp (libvips) does not read BMP. Covers what tools write in
 * practice: 1/4/8-bit palette, 16/24/32-bit colour (plain or with bit-field masks), rows stored
 * bottom-up or top-down. Run-length compressed files are refused with a clear message.
 */
import { rasterOf, type Raster } from '../core/raster';
import { DecodeError } from './decode-error';

export interface RawBmp {
  /** Palette indices (1 channel) for palette files, else RGB or RGBA. */
  raster: Raster<Uint8Array>;
  bitDepth: number;
  /** RGB triplets of a palette file. */
  palette?: Uint8Array;
}

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

const invalid = (fileName: string, why: string) =>
  new DecodeError(fileName, `not a valid BMP (${why})`);

interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bitDepth: number;
  compression: number;
  headerSize: number;
  dataOffset: number;
  paletteSize: number;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

export function readBmpHeader(bytes: Uint8Array, fileName: string): BmpHeader {
  if (!isBmp(bytes)) throw invalid(fileName, "it does not start with 'BM'");
  if (bytes.length < 26) throw invalid(fileName, `truncated at byte ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  let width: number;
  let rawHeight: number;
  let bitDepth: number;
  let compression = BI_RGB;
  let paletteSize = 0;
  if (headerSize === 12) {
    width = view.getUint16(18, true);
    rawHeight = view.getInt16(20, true);
    bitDepth = view.getUint16(24, true);
  } else if (headerSize >= 40) {
    if (bytes.length < 14 + 40) throw invalid(fileName, `truncated at byte ${bytes.length}`);
    width = view.getInt32(18, true);
    rawHeight = view.getInt32(22, true);
    bitDepth = view.getUint16(28, true);
    compression = view.getUint32(30, true);
    paletteSize = view.getUint32(46, true);
  } else {
    throw invalid(fileName, `unknown header size ${headerSize}`);
  }
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0 || width * height > 2 ** 31) {
    throw invalid(fileName, `image size ${width}×${rawHeight}`);
  }
  return {
    width,
    height,
    topDown: rawHeight < 0,
    bitDepth,
    compression,
    headerSize,
    dataOffset,
    paletteSize,
  };
}

export function decodeBmp(bytes: Uint8Array, fileName: string): RawBmp {
  const h = readBmpHeader(bytes, fileName);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { width, height, bitDepth } = h;
  const paletted = bitDepth <= 8;
  if (![1, 4, 8, 16, 24, 32].includes(bitDepth)) throw invalid(fileName, `bit depth ${bitDepth}`);
  const bitfields = h.compression === BI_BITFIELDS || h.compression === BI_ALPHABITFIELDS;
  if (!(h.compression === BI_RGB || (bitfields && (bitDepth === 16 || bitDepth === 32)))) {
    const what =
      h.compression === 1 || h.compression === 2
        ? 'run-length compressed'
        : `compression ${h.compression}`;
    throw new DecodeError(fileName, `unsupported BMP (${what}); save it as PNG`);
  }

  const stride = Math.floor((bitDepth * width + 31) / 32) * 4;
  const needed = h.dataOffset + stride * height;
  if (needed > bytes.length) {
    throw invalid(fileName, `truncated at byte ${bytes.length}; the pixels need ${needed}`);
  }

  let palette: Uint8Array | undefined;
  if (paletted) {
    const entrySize = h.headerSize === 12 ? 3 : 4;
    const count = h.paletteSize || 1 << bitDepth;
    const start = 14 + h.headerSize;
    if (start + count * entrySize > h.dataOffset)
      throw invalid(fileName, 'the palette overlaps the pixels');
    palette = new Uint8Array(count * 3);
    for (let i = 0; i < count; i++) {
      // Stored as blue, green, red.
      palette[i * 3] = bytes[start + i * entrySize + 2];
      palette[i * 3 + 1] = bytes[start + i * entrySize + 1];
      palette[i * 3 + 2] = bytes[start + i * entrySize];
    }
  }

  const masks = bitfields ? readMasks(view, h) : defaultMasks(bitDepth);
  const channels = paletted ? 1 : masks[3] !== 0 ? 4 : 3;
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const row = h.dataOffset + (h.topDown ? y : height - 1 - y) * stride;
    const o = y * width * channels;
    if (paletted) {
      const perByte = 8 / bitDepth;
      const valueMask = (1 << bitDepth) - 1;
      for (let x = 0; x < width; x++) {
        const byte = bytes[row + Math.floor(x / perByte)];
        out[o + x] = (byte >> (8 - bitDepth * ((x % perByte) + 1))) & valueMask;
      }
    } else if (bitDepth === 24) {
      for (let x = 0; x < width; x++) {
        out[o + x * 3] = bytes[row + x * 3 + 2];
        out[o + x * 3 + 1] = bytes[row + x * 3 + 1];
        out[o + x * 3 + 2] = bytes[row + x * 3];
      }
    } else {
      for (let x = 0; x < width; x++) {
        const v =
          bitDepth === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true);
        for (let c = 0; c < channels; c++) out[o + x * channels + c] = maskedValue(v, masks[c]);
      }
    }
  }
  const raster = rasterOf(out, width, height, channels);
  if (!paletted && bitDepth === 32 && !bitfields)
    return { raster: dropEmptyAlpha(raster), bitDepth };
  return { raster, bitDepth, palette };
}

type Masks = [number, number, number, number];

function readMasks(view: DataView, h: BmpHeader): Masks {
  // In a 40-byte header the masks follow it; in larger headers they are part of it.
  const at = 14 + 40;
  const alpha =
    h.headerSize >= 56 || h.compression === BI_ALPHABITFIELDS ? view.getUint32(at + 12, true) : 0;
  return [
    view.getUint32(at, true),
    view.getUint32(at + 4, true),
    view.getUint32(at + 8, true),
    alpha,
  ];
}

function defaultMasks(bitDepth: number): Masks {
  // A plain 32-bit BMP stores blue, green, red and a fourth byte that may or may not be alpha.
  if (bitDepth === 32) return [0xff0000, 0xff00, 0xff, 0xff000000];
  return [0x7c00, 0x3e0, 0x1f, 0]; // 16-bit is 5-5-5
}

/** Scales a bit-field sample to 0..255, whatever its width. */
function maskedValue(v: number, mask: number): number {
  if (mask === 0) return 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  const value = ((v & mask) >>> 0) >>> shift;
  return max === 255 ? value : Math.round((value * 255) / max);
}

/** Many writers leave the fourth byte of a plain 32-bit BMP at 0: that is no alpha, not invisible. */
function dropEmptyAlpha(r: Raster<Uint8Array>): Raster<Uint8Array> {
  const n = r.width * r.height;
  for (let i = 0; i < n; i++) if (r.data[i * 4 + 3] !== 0) return r;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgb[i * 3] = r.data[i * 4];
    rgb[i * 3 + 1] = r.data[i * 4 + 1];
    rgb[i * 3 + 2] = r.data[i * 4 + 2];
  }
  return rasterOf(rgb, r.width, r.height, 3);
}
