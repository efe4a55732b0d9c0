import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecodeError } from '../../../src/io/decode-error';
import { floatToHalf, halfToFloat } from '../../../src/io/float16';
import { DTYPES, type NdArray, type NpyDtype } from '../../../src/io/ndarray';
import {
  encodeNpy,
  encodeNpz,
  listNpz,
  ndarrayToRaster,
  parseNpy,
  parseNpyHeader,
  parseNpz,
  rasterToNdarray,
} from '../../../src/io/npy';
import { assertValuesEqual, fixture, loadExpected } from './fixtures';

const expected = loadExpected('npy');
const read = (name: string) => new Uint8Array(readFileSync(fixture('npy', name)));

function assertDecodeError(fn: () => unknown, file: string, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DecodeError, `expected a DecodeError, got ${String(err)}`);
    assert.equal(err.file, file);
    assert.ok(err.message.startsWith(`${file}: `), err.message);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('parseNpy on files written by numpy', () => {
  for (const [name, exp] of Object.entries(expected)) {
    if (name.startsWith('npz:')) continue;
    it(name, () => {
      const arr = parseNpy(read(name), name);
      assert.equal(arr.dtype, exp.dtype);
      assert.deepEqual(arr.shape, exp.shape);
      assert.ok(arr.data instanceof DTYPES[arr.dtype].ctor);
      assertValuesEqual(arr.data, exp.values, name);
    });
  }

  it('reads the header versions it was given', () => {
    assert.equal(parseNpyHeader(read('float32_c.npy')).version, '1.0');
    assert.equal(parseNpyHeader(read('float32_v2.npy')).version, '2.0');
    assert.equal(parseNpyHeader(read('uint8_v3.npy')).version, '3.0');
    assert.equal(parseNpyHeader(read('float32_f2d.npy')).fortranOrder, true);
    assert.equal(parseNpyHeader(read('float32_be.npy')).littleEndian, false);
  });

  it('reorders Fortran data to the same values as the C file', () => {
    assert.deepEqual(parseNpy(read('float32_f2d.npy')).data, parseNpy(read('float32_c.npy')).data);
    assert.deepEqual(parseNpy(read('uint8_f3d.npy')).data, parseNpy(read('uint8_c3d.npy')).data);
  });

  it('reads data at an unaligned offset', () => {
    const file = read('float64_c.npy');
    const shifted = new Uint8Array(file.length + 1).subarray(1);
    shifted.set(file);
    assert.deepEqual(parseNpy(shifted).data, parseNpy(file).data);
  });
});

describe('parseNpy refuses bad input with the file name', () => {
  it('empty', () =>
    assertDecodeError(
      () => parseNpy(new Uint8Array(0), 'a.npy'),
      'a.npy',
      /empty file \(0 bytes\)/,
    ));
  it('bad magic', () =>
    assertDecodeError(
      () => parseNpy(new TextEncoder().encode('hello world!'), 'b.npy'),
      'b.npy',
      /not a \.npy file/,
    ));
  it('truncated data', () => {
    const file = read('float32_c.npy');
    assertDecodeError(
      () => parseNpy(file.subarray(0, file.length - 3), 'c.npy'),
      'c.npy',
      /truncated .*needs 48 bytes, found 45/,
    );
  });
  it('truncated header', () =>
    assertDecodeError(
      () => parseNpy(read('float32_c.npy').subarray(0, 40), 'd.npy'),
      'd.npy',
      /truncated \.npy header/,
    ));
  it('object dtype', () =>
    assertDecodeError(
      () => parseNpy(read('object.npy'), 'object.npy'),
      'object.npy',
      /object arrays/,
    ));
  it('complex dtype', () =>
    assertDecodeError(
      () => parseNpy(read('complex64.npy'), 'complex64.npy'),
      'complex64.npy',
      /unsupported dtype '<c8'/,
    ));
  it('structured dtype', () =>
    assertDecodeError(
      () => parseNpy(read('structured.npy'), 's.npy'),
      's.npy',
      /structured dtype/,
    ));
  it('int64 beyond 2^53', () =>
    assertDecodeError(
      () => parseNpy(read('int64_too_big.npy'), 'big.npy'),
      'big.npy',
      /9007199254740993 at index 0/,
    ));
  it('unknown version', () => {
    const file = read('float32_c.npy').slice();
    file[6] = 9;
    assertDecodeError(() => parseNpy(file, 'v.npy'), 'v.npy', /version 9\.0/);
  });
  it('garbled header', () => {
    const file = read('float32_c.npy').slice();
    file[12] = '('.charCodeAt(0);
    assertDecodeError(() => parseNpy(file, 'g.npy'), 'g.npy', /corrupt \.npy header/);
  });
});

describe('encodeNpy', () => {
  for (const dtype of Object.keys(DTYPES) as NpyDtype[]) {
    it(`writes ${dtype} byte for byte as numpy does`, () => {
      const numpyFile = read(`${dtype}_c.npy`);
      assert.deepEqual(encodeNpy(parseNpy(numpyFile)), numpyFile);
    });
  }

  it('round-trips 3-D, 1-D, 0-d and empty arrays', () => {
    for (const name of [
      'uint8_c3d.npy',
      'int32_1d.npy',
      'float64_scalar.npy',
      'uint8_empty.npy',
      'float32_f2d.npy',
    ]) {
      const arr = parseNpy(read(name));
      assert.deepEqual(parseNpy(encodeNpy(arr)), arr, name);
    }
  });

  it('round-trips random arrays of every dtype', () => {
    const dtypes = Object.keys(DTYPES) as NpyDtype[];
    fc.assert(
      fc.property(
        fc.constantFrom(...dtypes),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 3 }),
        fc.integer(),
        (dtype, shape, seed) => {
          const arr = randomArray(dtype, shape, seed);
          assert.deepEqual(parseNpy(encodeNpy(arr)), arr);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses data that does not match the dtype or the shape', () => {
    assert.throws(
      () => encodeNpy({ dtype: 'float32', shape: [2], data: new Float64Array(2) }),
      /Float32Array/,
    );
    assert.throws(
      () => encodeNpy({ dtype: 'uint8', shape: [2, 2], data: new Uint8Array(3) }),
      /needs 4 values/,
    );
    assert.throws(
      () => encodeNpy({ dtype: 'int64', shape: [1], data: new Float64Array([0.5]) }),
      /cannot hold 0.5/,
    );
  });
});

/** Values every dtype holds exactly, from a seed, so a failing case can be replayed. */
function randomArray(dtype: NpyDtype, shape: number[], seed: number): NdArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new DTYPES[dtype].ctor(n);
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s);
  for (let i = 0; i < n; i++) {
    const r = next();
    switch (dtype) {
      case 'bool':
        data[i] = r & 1;
        break;
      case 'int64':
        data[i] = (r - 2 ** 31) * 2 ** 21 + (next() & 0xfffff);
        break;
      case 'uint64':
        data[i] = r * 2 ** 20 + (next() & 0xfffff);
        break;
      case 'float16':
        data[i] = halfToFloat(r & 0x7bff);
        break;
      case 'float32':
      case 'float64':
        data[i] = Math.fround((r / 2 ** 32 - 0.5) * 1e6);
        break;
      default:
        data[i] = r; // wraps into the integer type's range
    }
  }
  return { dtype, shape, data };
}

describe('float16', () => {
  it('round-trips every finite half and infinity', () => {
    for (let h = 0; h < 0x10000; h++) {
      const exponent = (h >> 10) & 0x1f;
      if (exponent === 0x1f && h & 0x3ff) continue; // NaN payloads
      assert.equal(floatToHalf(halfToFloat(h)), h, `half 0x${h.toString(16)}`);
    }
  });
  it('rounds to nearest, ties to even, and overflows to infinity', () => {
    assert.equal(halfToFloat(floatToHalf(1 + 2 ** -11)), 1); // tie → even (1.0)
    assert.equal(halfToFloat(floatToHalf(1 + 3 * 2 ** -11)), 1 + 2 ** -9); // tie → even
    assert.equal(halfToFloat(floatToHalf(70000)), Infinity);
    assert.ok(Number.isNaN(halfToFloat(floatToHalf(NaN))));
  });
});

describe('npz', () => {
  for (const name of ['stored.npz', 'compressed.npz']) {
    it(`reads ${name} (numpy, zip64 headers)`, () => {
      const arrays = parseNpz(read(name), name);
      assert.deepEqual([...arrays.keys()].sort(), ['image', 'mask']);
      assertValuesEqual(arrays.get('mask')!.data, expected['npz:mask'].values, 'mask');
      assertValuesEqual(arrays.get('image')!.data, expected['npz:image'].values, 'image');
      assert.deepEqual(arrays.get('image')!.shape, [5, 7]);
    });
  }

  it('lists names and inflates only the arrays asked for', () => {
    assert.deepEqual(listNpz(read('positional.npz')).sort(), ['arr_0', 'arr_1']);
    const only = parseNpz(read('compressed.npz'), 'c.npz', (name) => name === 'mask');
    assert.deepEqual([...only.keys()], ['mask']);
  });

  it('round-trips stored and compressed archives', () => {
    const arrays = parseNpz(read('stored.npz'));
    for (const compress of [false, true]) {
      const bytes = encodeNpz(arrays, { compress });
      assert.equal(bytes[8], compress ? 8 : 0, 'zip method: 0 stored, 8 deflated');
      assert.deepEqual(parseNpz(bytes), arrays);
    }
    assert.deepEqual(parseNpz(encodeNpz({ a: arrays.get('mask')! })).get('a'), arrays.get('mask'));
  });

  it('refuses empty, non-zip and truncated archives with the file name', () => {
    assertDecodeError(() => parseNpz(new Uint8Array(0), 'e.npz'), 'e.npz', /empty file/);
    assertDecodeError(() => parseNpz(read('float32_c.npy'), 'n.npz'), 'n.npz', /not a \.npz file/);
    const file = read('compressed.npz');
    assertDecodeError(
      () => parseNpz(file.subarray(0, file.length - 30), 't.npz'),
      't.npz',
      /not a valid \.npz/,
    );
  });

  it('names the entry when an array inside is bad', () => {
    const bad = encodeNpz({ x: { dtype: 'uint8', shape: [4], data: new Uint8Array(4) } });
    const entryStart = bad.indexOf(0x93);
    bad[entryStart + 6] = 7; // version 7.0 inside x.npy
    assertDecodeError(
      () => parseNpz(bad, 'z.npz'),
      'z.npz',
      /in x\.npy: unsupported \.npy format version 7\.0/,
    );
  });
});

describe('ndarrayToRaster and rasterToNdarray', () => {
  it('maps (H, W) to one channel and (H, W, C) to C channels', () => {
    const r2 = ndarrayToRaster(parseNpy(read('float32_c.npy')));
    assert.deepEqual([r2.width, r2.height, r2.channels], [4, 3, 1]);
    assert.ok(r2.data instanceof Float32Array);
    const r3 = ndarrayToRaster(parseNpy(read('uint8_c3d.npy')));
    assert.deepEqual([r3.width, r3.height, r3.channels], [4, 2, 3]);
    assert.equal(
      r3.data[(1 * 4 + 2) * 3 + 1],
      parseNpy(read('uint8_c3d.npy')).data[1 * 12 + 2 * 3 + 1],
    );
  });

  it('chooses a fitting pixel type for each dtype', () => {
    const types: Record<string, string> = {
      bool: 'Uint8Array',
      uint8: 'Uint8Array',
      int8: 'Int32Array',
      uint16: 'Uint16Array',
      int16: 'Int32Array',
      int32: 'Int32Array',
      uint32: 'Float64Array', // values up to 4.29e9 do not fit int32
      int64: 'Float64Array', // values of ±2^52
      uint64: 'Float64Array',
      float16: 'Float32Array',
      float32: 'Float32Array',
      float64: 'Float64Array',
    };
    for (const [dtype, type] of Object.entries(types)) {
      const arr = parseNpy(read(`${dtype}_c.npy`));
      const r = ndarrayToRaster(arr);
      assert.equal(r.data.constructor.name, type, dtype);
      assert.deepEqual(Array.from(r.data), Array.from(arr.data), dtype);
    }
    const smallInt64 = ndarrayToRaster(parseNpy(read('int64_f3d.npy')));
    assert.ok(smallInt64.data instanceof Int32Array, 'an int64 label map that fits stays integer');
    assert.deepEqual(
      Array.from(ndarrayToRaster(parseNpy(read('bool_c.npy'))).data.slice(0, 4)),
      [1, 0, 0, 1],
    );
  });

  it('refuses arrays that are not images', () => {
    assertDecodeError(
      () => ndarrayToRaster(parseNpy(read('float64_c3d_5ch.npy')), 'five.npy'),
      'five.npy',
      /5 channels/,
    );
    assertDecodeError(
      () => ndarrayToRaster(parseNpy(read('int32_1d.npy')), 'v.npy'),
      'v.npy',
      /shape \(3\) is not an image/,
    );
  });

  it('turns a raster back into an array that numpy would read the same', () => {
    const arr = parseNpy(read('uint8_c3d.npy'));
    assert.deepEqual(rasterToNdarray(ndarrayToRaster(arr)), arr);
    const f = parseNpy(read('float64_c.npy'));
    assert.deepEqual(rasterToNdarray(ndarrayToRaster(f)), f);
  });
});
