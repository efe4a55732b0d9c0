/**
 * numpy's .npy and .npz formats, read and written by our own small parser. The npm readers fall
 * short (DESIGN.md): npyjs returns bool as a plain array and ignores Fortran order, npyz crashes
 * on some files. Format reference: numpy/lib/format.py (header versions 1.0, 2.0 and 3.0).
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { DecodeError, IN_MEMORY } from './decode-error';
import { floatToHalf, halfToFloat } from './float16';
import {
  checkNdArray,
  DTYPES,
  dtypeFor,
  elementCount,
  type NdArray,
  type NdData,
  type NpyDtype,
} from './ndarray';
import { parsePythonLiteral, type PyValue } from './npy-header';

export type { NdArray, NdData, NpyDtype } from './ndarray';
export { imageShape, ndarrayToRaster, rasterToNdarray } from './ndarray-raster';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const NATIVE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface NpyHeader {
  dtype: NpyDtype;
  shape: number[];
  fortranOrder: boolean;
  littleEndian: boolean;
  /** Where the array data starts in the file. */
  dataOffset: number;
  version: `${number}.${number}`;
}

/** Bytes needed to always hold a v1 header's length field; v2/3 need 12. */
export const NPY_PREAMBLE_BYTES = 12;

/**
 * Parses only the header. `bytes` may be just the start of the file: enough for the preamble
 * (12 bytes) tells how much more the header needs, via `headerBytesNeeded`.
 */
export function parseNpyHeader(bytes: Uint8Array, fileName = IN_MEMORY): NpyHeader {
  const fail = (problem: string): never => {
    throw new DecodeError(fileName, problem);
  };
  if (bytes.length === 0) fail('empty file (0 bytes)');
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail('not a .npy file (it does not start with \\x93NUMPY)');
  }
  if (bytes.length < 10) fail(`truncated .npy header (${bytes.length} bytes)`);
  const major = bytes[6];
  const minor = bytes[7];
  if (major < 1 || major > 3 || minor !== 0) {
    fail(`unsupported .npy format version ${major}.${minor} (1.0, 2.0 and 3.0 are supported)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major > 1 && bytes.length < 12) fail(`truncated .npy header (${bytes.length} bytes)`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataOffset = headerStart + headerLength;
  if (bytes.length < dataOffset) {
    fail(`truncated .npy header: it needs ${dataOffset} bytes, the file has ${bytes.length}`);
  }
  const headerBytes = bytes.subarray(headerStart, dataOffset);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);

  let dict: PyValue;
  try {
    dict = parsePythonLiteral(text.trim());
  } catch (err) {
    return fail(`corrupt .npy header (${(err as Error).message}): ${JSON.stringify(text.trim())}`);
  }
  if (!dict || typeof dict !== 'object' || Array.isArray(dict)) {
    return fail(`corrupt .npy header (not a dict): ${JSON.stringify(text.trim())}`);
  }
  const { descr, fortran_order: fortranOrder, shape } = dict;
  if (Array.isArray(descr)) fail('structured dtype (record fields) is not supported');
  if (typeof descr !== 'string') return fail("corrupt .npy header (no 'descr')");
  if (typeof fortranOrder !== 'boolean') return fail("corrupt .npy header (no 'fortran_order')");
  if (
    !Array.isArray(shape) ||
    !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  ) {
    return fail(`corrupt .npy header (bad 'shape' ${JSON.stringify(shape)})`);
  }
  const { dtype, littleEndian } = parseDescr(descr, fail);
  return {
    dtype,
    shape: shape as number[],
    fortranOrder,
    littleEndian,
    dataOffset,
    version: `${major}.${minor}` as `${number}.${number}`,
  };
}

/** How many bytes from the start of the file the whole header takes, from the first 12. */
export function headerBytesNeeded(preamble: Uint8Array): number | undefined {
  if (preamble.length < NPY_PREAMBLE_BYTES || MAGIC.some((b, i) => preamble[i] !== b)) {
    return undefined;
  }
  const view = new DataView(preamble.buffer, preamble.byteOffset, preamble.byteLength);
  return preamble[6] === 1 ? 10 + view.getUint16(8, true) : 12 + view.getUint32(8, true);
}

function parseDescr(
  descr: string,
  fail: (problem: string) => never,
): { dtype: NpyDtype; littleEndian: boolean } {
  const m = /^([<>|=]?)([a-zA-Z?])(\d*)$/.exec(descr);
  if (m && m[2] === 'O') {
    fail('object arrays (dtype=object) hold pickled Python objects and cannot be read');
  }
  // numpy writes bool as '|b1'; '?' is its one-character alias.
  const kind = m?.[2] === '?' ? 'b' : m?.[2];
  const size = m?.[2] === '?' ? 1 : Number(m?.[3]);
  const dtype = kind ? dtypeFor(kind, size) : undefined;
  if (!m || !dtype) {
    return fail(`unsupported dtype '${descr}' (supported: ${Object.keys(DTYPES).join(', ')})`);
  }
  // '=' is the writer's native order; every platform numpy and Node share here is little-endian.
  return { dtype, littleEndian: m[1] !== '>' };
}

export function parseNpy(bytes: Uint8Array, fileName = IN_MEMORY): NdArray {
  const header = parseNpyHeader(bytes, fileName);
  const { dtype, shape, dataOffset } = header;
  const n = elementCount(shape);
  const needed = n * DTYPES[dtype].itemSize;
  const available = bytes.length - dataOffset;
  if (available < needed) {
    throw new DecodeError(
      fileName,
      `truncated .npy data: shape (${shape.join(', ')}) of ${dtype} needs ${needed} bytes, found ${available}`,
    );
  }
  let data = readElements(bytes, dataOffset, n, dtype, header.littleEndian, fileName);
  if (header.fortranOrder && shape.length > 1) data = fortranToC(data, shape);
  return { dtype, shape, data };
}

/**
 * Reads n elements. Little-endian data at an aligned offset is viewed in place, not copied,
 * which matters for large float maps; everything else is converted element by element.
 */
function readElements(
  bytes: Uint8Array,
  offset: number,
  n: number,
  dtype: NpyDtype,
  littleEndian: boolean,
  fileName: string,
): NdData {
  const { itemSize, ctor } = DTYPES[dtype];
  const start = bytes.byteOffset + offset;
  const viewable =
    dtype !== 'float16' && dtype !== 'int64' && dtype !== 'uint64' && dtype !== 'bool';
  if (viewable && (itemSize === 1 || (littleEndian && NATIVE_LITTLE_ENDIAN))) {
    const Ctor = ctor as unknown as new (b: ArrayBufferLike, o: number, l: number) => NdData;
    if (start % itemSize === 0) return new Ctor(bytes.buffer, start, n);
    const copy = bytes.slice(offset, offset + n * itemSize);
    return new Ctor(copy.buffer, 0, n);
  }
  const view = new DataView(bytes.buffer, start, n * itemSize);
  const out = new ctor(n);
  const le = littleEndian;
  switch (dtype) {
    case 'bool':
      for (let i = 0; i < n; i++) out[i] = bytes[offset + i] ? 1 : 0;
      break;
    case 'uint16':
      for (let i = 0; i < n; i++) out[i] = view.getUint16(i * 2, le);
      break;
    case 'int16':
      for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, le);
      break;
    case 'uint32':
      for (let i = 0; i < n; i++) out[i] = view.getUint32(i * 4, le);
      break;
    case 'int32':
      for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, le);
      break;
    case 'float16':
      for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(i * 2, le));
      break;
    case 'float32':
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, le);
      break;
    case 'float64':
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, le);
      break;
    case 'int64':
    case 'uint64': {
      const signed = dtype === 'int64';
      for (let i = 0; i < n; i++) {
        const lo = view.getUint32(i * 8 + (le ? 0 : 4), le);
        const hi = signed
          ? view.getInt32(i * 8 + (le ? 4 : 0), le)
          : view.getUint32(i * 8 + (le ? 4 : 0), le);
        const value = hi * 2 ** 32 + lo;
        if (!Number.isSafeInteger(value)) {
          const exact = signed ? view.getBigInt64(i * 8, le) : view.getBigUint64(i * 8, le);
          throw new DecodeError(
            fileName,
            `${dtype} value ${exact} at index ${i} is beyond ±(2^53 − 1) and cannot be held exactly`,
          );
        }
        out[i] = value;
      }
      break;
    }
    default:
      throw new DecodeError(fileName, `no reader for dtype ${dtype}`);
  }
  return out;
}

/** Reorders column-major (Fortran) data to row-major (C) for the same shape. */
function fortranToC(src: NdData, shape: readonly number[]): NdData {
  const n = src.length;
  const out = new (src.constructor as new (length: number) => NdData)(n);
  if (shape.length === 2) {
    const [h, w] = shape;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) out[y * w + x] = src[x * h + y];
    }
    return out;
  }
  const ndim = shape.length;
  const fStride: number[] = [];
  let stride = 1;
  for (let d = 0; d < ndim; d++) {
    fStride.push(stride);
    stride *= shape[d];
  }
  const index = new Array<number>(ndim).fill(0);
  let f = 0;
  for (let c = 0; c < n; c++) {
    out[c] = src[f];
    // Advance the C-order index, last axis fastest, keeping the Fortran offset in step.
    for (let d = ndim - 1; d >= 0; d--) {
      index[d]++;
      f += fStride[d];
      if (index[d] < shape[d]) break;
      f -= fStride[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

const DESCR: Readonly<Record<NpyDtype, string>> = {
  bool: '|b1',
  uint8: '|u1',
  int8: '|i1',
  uint16: '<u2',
  int16: '<i2',
  int32: '<i4',
  uint32: '<u4',
  int64: '<i8',
  uint64: '<u8',
  float16: '<f2',
  float32: '<f4',
  float64: '<f8',
};

/** Writes a C-order, little-endian .npy (version 1.0, or 2.0 when the header needs it). */
export function encodeNpy(arr: NdArray): Uint8Array {
  checkNdArray(arr);
  const shapeText = arr.shape.length === 1 ? `(${arr.shape[0]},)` : `(${arr.shape.join(', ')})`;
  const dict = `{'descr': '${DESCR[arr.dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const version = dict.length + 12 > 0xffff ? 2 : 1;
  const preamble = version === 1 ? 10 : 12;
  // numpy pads the header with spaces to a multiple of 64 bytes and ends it with a newline.
  const total = Math.ceil((preamble + dict.length + 1) / 64) * 64;
  const headerText = dict.padEnd(total - preamble - 1, ' ') + '\n';
  const { itemSize } = DTYPES[arr.dtype];
  const n = arr.data.length;
  const out = new Uint8Array(total + n * itemSize);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerText.length, true);
  else view.setUint32(8, headerText.length, true);
  for (let i = 0; i < headerText.length; i++) out[preamble + i] = headerText.charCodeAt(i);
  writeElements(arr, out, view, total);
  return out;
}

function writeElements(arr: NdArray, out: Uint8Array, view: DataView, offset: number): void {
  const { data, dtype } = arr;
  const n = data.length;
  if (dtype === 'bool') {
    for (let i = 0; i < n; i++) out[offset + i] = data[i] ? 1 : 0;
  } else if (dtype === 'float16') {
    for (let i = 0; i < n; i++) view.setUint16(offset + i * 2, floatToHalf(data[i]), true);
  } else if (dtype === 'int64' || dtype === 'uint64') {
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (!Number.isSafeInteger(v) || (dtype === 'uint64' && v < 0)) {
        throw new RangeError(`${dtype} cannot hold ${v} (index ${i})`);
      }
      const hi = Math.floor(v / 2 ** 32);
      view.setUint32(offset + i * 8, v - hi * 2 ** 32, true);
      view.setInt32(offset + i * 8 + 4, hi, true);
    }
  } else if (NATIVE_LITTLE_ENDIAN) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
  } else {
    const sub = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const size = DTYPES[dtype].itemSize;
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < size; b++) out[offset + i * size + b] = sub[i * size + size - 1 - b];
    }
  }
}

const NPY_SUFFIX = /\.npy$/;

/** The array names in a .npz (its .npy entries, without the suffix), without inflating any. */
export function listNpz(bytes: Uint8Array, fileName = IN_MEMORY): string[] {
  const names: string[] = [];
  unzipNpz(bytes, fileName, (name) => {
    names.push(name);
    return false;
  });
  return names;
}

/**
 * Parses a .npz (a zip of .npy files, stored by np.savez, deflated by np.savez_compressed).
 * `only` limits which arrays are inflated, so picking one array from a big archive is cheap.
 */
export function parseNpz(
  bytes: Uint8Array,
  fileName = IN_MEMORY,
  only?: (name: string) => boolean,
): Map<string, NdArray> {
  const entries = unzipNpz(bytes, fileName, only ?? (() => true));
  const arrays = new Map<string, NdArray>();
  for (const [entry, content] of Object.entries(entries)) {
    const name = entry.replace(NPY_SUFFIX, '');
    try {
      arrays.set(name, parseNpy(content, fileName));
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      throw new DecodeError(fileName, `in ${entry}: ${err.problem}`, { cause: err });
    }
  }
  return arrays;
}

function unzipNpz(
  bytes: Uint8Array,
  fileName: string,
  keep: (name: string) => boolean,
): Record<string, Uint8Array> {
  if (bytes.length === 0) throw new DecodeError(fileName, 'empty file (0 bytes)');
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new DecodeError(fileName, 'not a .npz file (not a zip archive)');
  }
  try {
    return unzipSync(bytes, {
      filter: (file) => NPY_SUFFIX.test(file.name) && keep(file.name.replace(NPY_SUFFIX, '')),
    });
  } catch (err) {
    throw new DecodeError(fileName, `not a valid .npz (zip) archive (${zipProblem(err)})`, {
      cause: err,
    });
  }
}

function zipProblem(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message === 'invalid zip data' ? 'corrupt or truncated' : message;
}

export interface EncodeNpzOptions {
  /** Deflate the entries, like np.savez_compressed; the default stores them, like np.savez. */
  compress?: boolean;
}

export function encodeNpz(
  arrays: Map<string, NdArray> | Record<string, NdArray>,
  options: EncodeNpzOptions = {},
): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays] : Object.entries(arrays);
  const files: Zippable = {};
  for (const [name, arr] of entries) {
    files[`${name}.npy`] = [encodeNpy(arr), { level: options.compress ? 6 : 0 }];
  }
  // A fixed date keeps the archive byte-for-byte reproducible.
  return zipSync(files, { mtime: new Date(1980, 0, 1) });
}
