/**
 * The n-dimensional array that .npy and .npz files hold, always in C (row-major) order.
 *
 * Each dtype has one JavaScript array type. Two choices need saying:
 * - int64 and uint64 are held as Float64Array, because every consumer here does arithmetic on
 *   pixels and BigInt64Array would push BigInt through all of it. Parsing fails with a clear
 *   error when a value is beyond ±2^53, where a float64 would silently round it.
 * - float16 is held as Float32Array (Node 20 has no Float16Array); every float16 fits exactly.
 */
export type NpyDtype =
  | 'bool'
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float16'
  | 'float32'
  | 'float64';

export type NdData =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export interface NdArray {
  dtype: NpyDtype;
  /** numpy's shape; [] is a 0-d scalar holding one value. */
  shape: number[];
  /** C order. bool is 0/1 in a Uint8Array. May share memory with the bytes it was parsed from. */
  data: NdData;
}

interface DtypeInfo {
  /** Bytes per element in the file. */
  readonly itemSize: number;
  /** numpy's kind character: b bool, u unsigned, i signed, f float. */
  readonly kind: 'b' | 'u' | 'i' | 'f';
  readonly ctor: new (length: number) => NdData;
}

export const DTYPES: Readonly<Record<NpyDtype, DtypeInfo>> = {
  bool: { itemSize: 1, kind: 'b', ctor: Uint8Array },
  uint8: { itemSize: 1, kind: 'u', ctor: Uint8Array },
  int8: { itemSize: 1, kind: 'i', ctor: Int8Array },
  uint16: { itemSize: 2, kind: 'u', ctor: Uint16Array },
  int16: { itemSize: 2, kind: 'i', ctor: Int16Array },
  int32: { itemSize: 4, kind: 'i', ctor: Int32Array },
  uint32: { itemSize: 4, kind: 'u', ctor: Uint32Array },
  int64: { itemSize: 8, kind: 'i', ctor: Float64Array },
  uint64: { itemSize: 8, kind: 'u', ctor: Float64Array },
  float16: { itemSize: 2, kind: 'f', ctor: Float32Array },
  float32: { itemSize: 4, kind: 'f', ctor: Float32Array },
  float64: { itemSize: 8, kind: 'f', ctor: Float64Array },
};

/** The dtype for numpy's kind character and item size ('f', 4 → float32), if supported. */
export function dtypeFor(kind: string, itemSize: number): NpyDtype | undefined {
  for (const [name, info] of Object.entries(DTYPES) as [NpyDtype, DtypeInfo][]) {
    if (info.kind === kind && info.itemSize === itemSize) return name;
  }
  return undefined;
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Checks that an array's data has the type and length its dtype and shape promise. */
export function checkNdArray(arr: NdArray): void {
  const info = DTYPES[arr.dtype];
  if (!info) throw new TypeError(`unknown dtype '${String(arr.dtype)}'`);
  if (!arr.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RangeError(`invalid shape (${arr.shape.join(', ')})`);
  }
  if (!(arr.data instanceof info.ctor)) {
    throw new TypeError(
      `dtype ${arr.dtype} needs its data in a ${info.ctor.name}, got ${arr.data.constructor.name}`,
    );
  }
  const n = elementCount(arr.shape);
  if (arr.data.length !== n) {
    throw new RangeError(
      `shape (${arr.shape.join(', ')}) needs ${n} values, the data has ${arr.data.length}`,
    );
  }
}
