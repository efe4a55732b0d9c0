/**
 * Any supported file to a Raster. The hot path, 8-bit grey PNG masks during a scan, is one
 * header read of our own plus one sharp call, with the pixels handed over without a copy.
 *
 * Mask decoding differs from image decoding: an indexed PNG or BMP gives its palette indices
 * (label ids), 1/2/4-bit grey gives its stored values, alpha is dropped, and colour whose
 * channels are all equal becomes one channel.
 */
import { open, readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { Metadata, OutputInfo } from 'sharp';
import { rasterOf, type PixelArray, type Raster } from '../core/raster';
import { decodeBmp, isBmp, readBmpHeader } from './bmp';
import { DecodeError, describeReadError } from './decode-error';
import { DTYPES } from './ndarray';
import {
  headerBytesNeeded,
  listNpz,
  imageShape,
  ndarrayToRaster,
  NPY_PREAMBLE_BYTES,
  parseNpy,
  parseNpyHeader,
  parseNpz,
  type NdArray,
} from './npy';
import { ColorType, decodePngRaw, findPngDamage, isPng, readPngHeader } from './png';
import { downsampleFactor, subsample } from './subsample';

export { DecodeError } from './decode-error';

export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'webp' | 'bmp' | 'gif' | 'npy' | 'npz';

export interface DecodedRaster {
  raster: Raster;
  format: ImageFormat;
  /** Bits per stored sample (1 for a 1-bit PNG or a bool array, 32 for float32). */
  bitDepth: number;
  /** True when the file stores palette indices. */
  indexed: boolean;
  /** Channels as stored (1 for an indexed file), before alpha removal or palette expansion. */
  sourceChannels: number;
  /** Set when the image was larger than maxPixels: every output pixel covers factor² source pixels. */
  downsampled?: number;
}

export interface DecodeOptions {
  role?: 'image' | 'mask';
  /** Above this many pixels the image is decoded downsampled by an integer factor. */
  maxPixels?: number;
}

const FORMAT_NAMES: Readonly<Record<ImageFormat, string>> = {
  png: 'PNG',
  jpeg: 'JPEG',
  tiff: 'TIFF',
  webp: 'WebP',
  bmp: 'BMP',
  gif: 'GIF',
  npy: '.npy file',
  npz: '.npz file',
};

const EXTENSIONS: Readonly<Record<string, ImageFormat>> = {
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  tif: 'tiff',
  tiff: 'tiff',
  webp: 'webp',
  bmp: 'bmp',
  gif: 'gif',
  npy: 'npy',
  npz: 'npz',
};

/** The file extensions decodeFile reads, without the dot. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

export function formatFromExtension(fileName: string): ImageFormat | undefined {
  const m = /\.([^./\\]+)$/.exec(fileName);
  return m ? EXTENSIONS[m[1].toLowerCase()] : undefined;
}

/** What the first bytes say the file is; the extension only words the error when they say nothing. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  const b = bytes;
  const ascii = (at: number, text: string) =>
    b.length >= at + text.length && [...text].every((ch, i) => b[at + i] === ch.charCodeAt(0));
  if (isPng(b)) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(0, 'II*\0') || ascii(0, 'MM\0*') || ascii(0, 'II+\0') || ascii(0, 'MM\0+'))
    return 'tiff';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (ascii(0, '\x93NUMPY')) return 'npy';
  if (ascii(0, 'PK\x03\x04') || ascii(0, 'PK\x05\x06')) return 'npz';
  if (isBmp(b) && b.length >= 18) return 'bmp';
  return undefined;
}

export async function decodeFile(
  filePath: string,
  opts: DecodeOptions = {},
): Promise<DecodedRaster> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (err) {
    throw new DecodeError(filePath, describeReadError(err), { cause: err });
  }
  return decodeBuffer(bytes, filePath, opts);
}

export async function decodeBuffer(
  bytes: Uint8Array,
  fileName: string,
  opts: DecodeOptions = {},
): Promise<DecodedRaster> {
  const format = detectFormat(bytes, fileName);
  switch (format) {
    case 'npy':
      return decodeArray(parseNpy(bytes, fileName), 'npy', fileName, opts);
    case 'npz':
      return decodeArray(pickNpzArray(bytes, fileName, opts.role), 'npz', fileName, opts);
    case 'bmp':
      return decodeBmpFile(bytes, fileName, opts);
    case 'png':
      return decodePngFile(bytes, fileName, opts);
    default:
      return decodeWithSharp(bytes, fileName, format, opts);
  }
}

function detectFormat(bytes: Uint8Array, fileName: string): ImageFormat {
  if (bytes.length === 0) throw new DecodeError(fileName, 'empty file (0 bytes)');
  const format = sniffFormat(bytes);
  if (format) return format;
  const claimed = formatFromExtension(fileName);
  if (claimed) {
    throw new DecodeError(
      fileName,
      `not a valid ${FORMAT_NAMES[claimed]} (its first bytes are not a ${FORMAT_NAMES[claimed]} signature)`,
    );
  }
  throw new DecodeError(
    fileName,
    `not a recognised image format (supported: PNG, JPEG, TIFF, WebP, GIF, BMP, .npy, .npz)`,
  );
}

// ------------------------------------------------------------------ arrays

const NPZ_PREFERRED = ['mask', 'image', 'arr_0'];

function chooseNpzKey(names: string[], fileName: string, role: DecodeOptions['role']): string {
  const preferred = role ? [role, ...NPZ_PREFERRED] : NPZ_PREFERRED;
  const key =
    preferred.find((k) => names.includes(k)) ?? (names.length === 1 ? names[0] : undefined);
  if (key !== undefined) return key;
  if (names.length === 0) throw new DecodeError(fileName, 'the .npz holds no arrays');
  throw new DecodeError(
    fileName,
    `cannot tell which array to use: the .npz holds ${names.map((n) => `'${n}'`).join(', ')}; name it 'mask', 'image' or 'arr_0', or keep only one`,
  );
}

function pickNpzArray(bytes: Uint8Array, fileName: string, role: DecodeOptions['role']): NdArray {
  const key = chooseNpzKey(listNpz(bytes, fileName), fileName, role);
  return parseNpz(bytes, fileName, (name) => name === key).get(key)!;
}

function decodeArray(
  arr: NdArray,
  format: 'npy' | 'npz',
  fileName: string,
  opts: DecodeOptions,
): DecodedRaster {
  const full = ndarrayToRaster(arr, fileName);
  const factor = downsampleFactor(full.width, full.height, opts.maxPixels);
  const raster =
    opts.role === 'mask' ? collapseEqualChannels(subsample(full, factor)) : subsample(full, factor);
  return {
    raster,
    format,
    bitDepth: arr.dtype === 'bool' ? 1 : DTYPES[arr.dtype].itemSize * 8,
    indexed: false,
    sourceChannels: full.channels,
    ...(factor > 1 ? { downsampled: factor } : {}),
  };
}

// ------------------------------------------------------------------ BMP

function decodeBmpFile(bytes: Uint8Array, fileName: string, opts: DecodeOptions): DecodedRaster {
  const bmp = decodeBmp(bytes, fileName);
  const factor = downsampleFactor(bmp.raster.width, bmp.raster.height, opts.maxPixels);
  let raster: Raster<Uint8Array> = subsample(bmp.raster, factor);
  if (opts.role === 'mask') raster = collapseEqualChannels(dropAlpha(raster));
  else if (bmp.palette) raster = expandPalette(raster, bmp.palette);
  return {
    raster,
    format: 'bmp',
    bitDepth: bmp.bitDepth,
    indexed: bmp.palette !== undefined,
    sourceChannels: bmp.raster.channels,
    ...(factor > 1 ? { downsampled: factor } : {}),
  };
}

/** Palette indices to colours; to one grey channel when the palette is all greys. */
function expandPalette(indices: Raster<Uint8Array>, palette: Uint8Array): Raster<Uint8Array> {
  const entries = palette.length / 3;
  let grey = true;
  for (let i = 0; i < entries && grey; i++) {
    grey = palette[i * 3] === palette[i * 3 + 1] && palette[i * 3] === palette[i * 3 + 2];
  }
  const channels = grey ? 1 : 3;
  const n = indices.width * indices.height;
  const out = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    const p = Math.min(indices.data[i], entries - 1) * 3;
    for (let c = 0; c < channels; c++) out[i * channels + c] = palette[p + c];
  }
  return rasterOf(out, indices.width, indices.height, channels);
}

// ------------------------------------------------------------------ PNG

async function decodePngFile(
  bytes: Uint8Array,
  fileName: string,
  opts: DecodeOptions,
): Promise<DecodedRaster> {
  const header = readPngHeader(bytes, fileName);
  const indexed = header.colorType === ColorType.Palette;
  const lowBitGrey = header.colorType === ColorType.Grey && header.bitDepth < 8;
  const described = {
    bitDepth: header.bitDepth,
    indexed,
    sourceChannels: header.channels,
  };
  if (opts.role === 'mask' && (indexed || lowBitGrey)) {
    // sharp would turn label ids into colours (palette) or scale them to 0..255 (1/2/4-bit).
    const png = decodePngRaw(bytes, fileName);
    const factor = downsampleFactor(header.width, header.height, opts.maxPixels);
    return {
      raster: subsample(png.raster, factor),
      format: 'png',
      ...described,
      ...(factor > 1 ? { downsampled: factor } : {}),
    };
  }
  const grey = header.colorType === ColorType.Grey || header.colorType === ColorType.GreyAlpha;
  return sharpDecode(bytes, fileName, 'png', opts, {
    ...described,
    width: header.width,
    height: header.height,
    grey,
    depth: header.bitDepth === 16 ? 'ushort' : 'uchar',
  });
}

// ------------------------------------------------------------------ sharp

type SampleDepth = 'uchar' | 'ushort' | 'float';

interface SourceDescription {
  width: number;
  height: number;
  bitDepth: number;
  indexed: boolean;
  sourceChannels: number;
  grey: boolean;
  depth: SampleDepth;
}

// No pixel limit: maxPixels decides how large a decode gets, and the viewer opens 20000² maps.
// failOn 'error' (which includes truncation) rather than sharp's default 'warning': real masks
// often carry harmless warnings, such as an "incorrect sRGB profile" or a bad text chunk.
const SHARP_INPUT = { limitInputPixels: false, failOn: 'error' } as const;

async function decodeWithSharp(
  bytes: Uint8Array,
  fileName: string,
  format: ImageFormat,
  opts: DecodeOptions,
): Promise<DecodedRaster> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, SHARP_INPUT).metadata();
  } catch (err) {
    throw sharpError(err, bytes, fileName, format);
  }
  const depth =
    meta.depth === 'ushort' || meta.depth === 'float' || meta.depth === 'uchar'
      ? meta.depth
      : undefined;
  if (!depth || !meta.width || !meta.height) {
    throw new DecodeError(
      fileName,
      `unsupported ${FORMAT_NAMES[format]} sample format '${meta.depth}'`,
    );
  }
  const channels = meta.channels ?? 3;
  return sharpDecode(bytes, fileName, format, opts, {
    width: meta.width,
    height: meta.height,
    bitDepth: meta.bitsPerSample ?? (depth === 'uchar' ? 8 : depth === 'ushort' ? 16 : 32),
    indexed: meta.isPalette === true,
    sourceChannels: meta.isPalette ? 1 : channels,
    grey: !meta.isPalette && channels <= 2 && (meta.space === 'b-w' || meta.space === 'grey16'),
    depth,
  });
}

async function sharpDecode(
  bytes: Uint8Array,
  fileName: string,
  format: ImageFormat,
  opts: DecodeOptions,
  src: SourceDescription,
): Promise<DecodedRaster> {
  const mask = opts.role === 'mask';
  let pipeline = sharp(bytes, SHARP_INPUT);
  const factor = downsampleFactor(src.width, src.height, opts.maxPixels);
  if (factor > 1) {
    pipeline = pipeline.resize(Math.ceil(src.width / factor), Math.ceil(src.height / factor), {
      fit: 'fill',
      kernel: mask ? 'nearest' : 'linear',
    });
  }
  // sharp converts grey to three sRGB channels unless told to keep it grey, and its grey
  // colour spaces drop alpha: grey + alpha images go through RGBA and are picked apart below.
  const greyAlphaImage = src.grey && src.sourceChannels === 2 && !mask;
  if (src.grey && !greyAlphaImage) {
    pipeline = pipeline.toColourspace(src.depth === 'ushort' ? 'grey16' : 'b-w');
  } else if (src.depth === 'ushort') pipeline = pipeline.toColourspace('rgb16');
  // The grey colour spaces already drop alpha; asking again would cost a pass on the hot path.
  if (mask && !src.grey) pipeline = pipeline.removeAlpha();
  let result: { data: Buffer; info: OutputInfo };
  try {
    result = await pipeline
      .raw(src.depth === 'uchar' ? undefined : { depth: src.depth })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw sharpError(err, bytes, fileName, format);
  }
  const { data, info } = result;
  const pixels = typedView(data, src.depth);
  let raster: Raster = rasterOf(pixels, info.width, info.height, info.channels);
  if (mask)
    raster = collapseEqualChannels(raster.channels === 2 ? pickChannels(raster, [0]) : raster);
  else if (greyAlphaImage && raster.channels === 4) raster = pickChannels(raster, [0, 3]);
  return {
    raster,
    format,
    bitDepth: src.bitDepth,
    indexed: src.indexed,
    sourceChannels: src.sourceChannels,
    ...(factor > 1 ? { downsampled: factor } : {}),
  };
}

/**
 * The Buffer's memory as the right typed array, without a copy when it is aligned. A plain
 * Uint8Array rather than the Buffer itself, because code that makes a raster "like" another
 * calls its constructor, and `new Buffer(n)` is deprecated.
 */
function typedView(data: Buffer, depth: SampleDepth): PixelArray {
  if (depth === 'uchar') return new Uint8Array(data.buffer, data.byteOffset, data.length);
  const size = depth === 'ushort' ? 2 : 4;
  // Views need aligned memory; sharp's buffers are, but a copy keeps this safe if one is not.
  const aligned = data.byteOffset % size === 0 ? data : new Uint8Array(data);
  const length = data.length / size;
  return depth === 'ushort'
    ? new Uint16Array(aligned.buffer, aligned.byteOffset, length)
    : new Float32Array(aligned.buffer, aligned.byteOffset, length);
}

function sharpError(
  err: unknown,
  bytes: Uint8Array,
  fileName: string,
  format: ImageFormat,
): DecodeError {
  const detail = format === 'png' ? findPngDamage(bytes, fileName) : undefined;
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
  return new DecodeError(fileName, `not a valid ${FORMAT_NAMES[format]} (${detail ?? message})`, {
    cause: err,
  });
}

// ------------------------------------------------------------------ mask clean-up

function pickChannels(r: Raster, keep: readonly number[]): Raster {
  const n = r.width * r.height;
  const out = new (r.data.constructor as new (length: number) => PixelArray)(n * keep.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < keep.length; k++)
      out[i * keep.length + k] = r.data[i * r.channels + keep[k]];
  }
  return rasterOf(out, r.width, r.height, keep.length);
}

function dropAlpha(r: Raster<Uint8Array>): Raster<Uint8Array> {
  if (r.channels !== 2 && r.channels !== 4) return r;
  return pickChannels(r, r.channels === 2 ? [0] : [0, 1, 2]) as Raster<Uint8Array>;
}

/** A colour mask whose channels agree everywhere (a grey mask saved as RGB) becomes one channel. */
function collapseEqualChannels<T extends Raster>(r: T): T {
  const c = r.channels;
  if (c < 2) return r;
  const n = r.width * r.height;
  const d = r.data;
  for (let i = 0; i < n; i++) {
    const v = d[i * c];
    for (let k = 1; k < c; k++) if (d[i * c + k] !== v) return r;
  }
  const out = new (d.constructor as new (length: number) => PixelArray)(n);
  for (let i = 0; i < n; i++) out[i] = d[i * c];
  return rasterOf(out, r.width, r.height, 1) as T;
}

// ------------------------------------------------------------------ size only

/** Width and height from the header alone where the format allows (PNG, BMP, .npy, sharp's). */
export async function readImageSize(filePath: string): Promise<{ width: number; height: number }> {
  const head = await readHead(filePath, 64 * 1024);
  const format = detectFormat(head, filePath);
  switch (format) {
    case 'png':
      return sizeOnly(readPngHeader(head, filePath));
    case 'bmp':
      return sizeOnly(readBmpHeader(head, filePath));
    case 'npy': {
      const needed = headerBytesNeeded(head.subarray(0, NPY_PREAMBLE_BYTES)) ?? 0;
      const header = parseNpyHeader(
        needed > head.length ? await readHead(filePath, needed) : head,
        filePath,
      );
      return arraySize(header.shape, filePath);
    }
    case 'npz': {
      const bytes = await readWhole(filePath);
      return arraySize(pickNpzArray(bytes, filePath, undefined).shape, filePath);
    }
    default: {
      try {
        const meta = await sharp(filePath, SHARP_INPUT).metadata();
        if (meta.width && meta.height) return { width: meta.width, height: meta.height };
        throw new Error('no size in the header');
      } catch (err) {
        throw sharpError(err, head, filePath, format);
      }
    }
  }
}

function sizeOnly({ width, height }: { width: number; height: number }) {
  return { width, height };
}

function arraySize(shape: number[], fileName: string): { width: number; height: number } {
  const { width, height } = imageShape(shape, fileName);
  return { width, height };
}

async function readHead(filePath: string, length: number): Promise<Uint8Array> {
  try {
    const handle = await open(filePath, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new DecodeError(filePath, describeReadError(err), { cause: err });
  }
}

async function readWhole(filePath: string): Promise<Uint8Array> {
  try {
    return await readFile(filePath);
  } catch (err) {
    throw new DecodeError(filePath, describeReadError(err), { cause: err });
  }
}
