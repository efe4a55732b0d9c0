import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AXES, needsSquare, type Axis } from '../../../src/core/axis';
import { fold, keptRegion, unfold } from '../../../src/core/fold';
import { rasterOf, type Raster } from '../../../src/core/raster';
import { reflect } from '../../../src/core/reflect';
import { grid, rowsOf } from './grids';

/** Channels [from, from + count) of a raster. */
function channels(r: Raster<Float32Array>, from: number, count: number): Raster<Float32Array> {
  const out = new Float32Array(r.width * r.height * count);
  for (let p = 0; p < r.width * r.height; p++) {
    for (let k = 0; k < count; k++) out[p * count + k] = r.data[p * r.channels + from + k];
  }
  return rasterOf(out, r.width, r.height, count);
}

const m = grid([
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
]);

test('lr fold of odd and even widths: right half as set A, mirrored left half as set B', () => {
  const odd = fold(grid([[1, 2, 3, 4, 5]]), 'lr');
  assert.deepEqual([odd.width, odd.height, odd.channels], [3, 1, 2]);
  assert.deepEqual(Array.from(odd.data), [3, 3, 4, 2, 5, 1]);
  const even = fold(grid([[1, 2, 3, 4]]), 'lr');
  assert.deepEqual([even.width, even.channels], [2, 2]);
  assert.deepEqual(Array.from(even.data), [3, 2, 4, 1]);
});

test('ud fold keeps the bottom half', () => {
  const odd = fold(grid([[1], [2], [3], [4], [5]]), 'ud');
  assert.deepEqual([odd.width, odd.height, odd.channels], [1, 3, 2]);
  assert.deepEqual(Array.from(odd.data), [3, 3, 4, 2, 5, 1]);
});

test('diag and anti fold zero everything outside the kept triangle', () => {
  const d = fold(m, 'diag');
  assert.deepEqual(rowsOf(channels(d as unknown as Raster<Float32Array>, 0, 1)), [
    [1, 2, 3],
    [0, 5, 6],
    [0, 0, 9],
  ]);
  assert.deepEqual(rowsOf(channels(d as unknown as Raster<Float32Array>, 1, 1)), [
    [1, 4, 7],
    [0, 5, 8],
    [0, 0, 9],
  ]);
  const a = fold(m, 'anti');
  assert.deepEqual(rowsOf(channels(a as unknown as Raster<Float32Array>, 0, 1)), [
    [1, 2, 3],
    [4, 5, 0],
    [7, 0, 0],
  ]);
  assert.deepEqual(rowsOf(channels(a as unknown as Raster<Float32Array>, 1, 1)), [
    [9, 6, 3],
    [8, 5, 0],
    [7, 0, 0],
  ]);
  assert.throws(() => fold(grid([[1, 2]]), 'diag'), /needs a square raster, got 2×1/);
});

test('unfold mirrors a half back, sharing the middle column of an odd width', () => {
  assert.deepEqual(rowsOf(unfold(grid([[1, 2, 3]]), 'lr', 5, 1)), [[3, 2, 1, 2, 3]]);
  assert.deepEqual(rowsOf(unfold(grid([[1, 2, 3]]), 'lr', 6, 1)), [[3, 2, 1, 1, 2, 3]]);
  assert.deepEqual(rowsOf(unfold(grid([[1], [2]]), 'ud', 1, 4)), [[2], [1], [1], [2]]);
  assert.deepEqual(rowsOf(unfold(m, 'diag', 3, 3)), [
    [1, 2, 3],
    [2, 5, 6],
    [3, 6, 9],
  ]);
  assert.deepEqual(rowsOf(unfold(m, 'anti', 3, 3)), [
    [1, 2, 3],
    [4, 5, 2],
    [7, 4, 1],
  ]);
  assert.throws(() => unfold(grid([[1, 2]]), 'lr', 5, 1), /expected a 3×1 half/);
});

test('keptRegion marks the half or triangle the network predicts', () => {
  assert.deepEqual(Array.from(keptRegion('lr', 5, 1)), [0, 0, 1, 1, 1]);
  assert.deepEqual(Array.from(keptRegion('ud', 1, 4)), [0, 0, 1, 1]);
  assert.deepEqual(Array.from(keptRegion('diag', 3, 3)), [1, 1, 1, 0, 1, 1, 0, 0, 1]);
  assert.deepEqual(Array.from(keptRegion('anti', 3, 3)), [1, 1, 1, 1, 1, 0, 1, 0, 0]);
});

const sampleArb = fc
  .record({
    axis: fc.constantFrom<Axis>(...AXES),
    width: fc.integer({ min: 1, max: 9 }),
    height: fc.integer({ min: 1, max: 9 }),
    channels: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer(),
  })
  .map(({ axis, width, height, channels: c, seed }) => {
    const h = needsSquare(axis) ? width : height;
    const data = new Float32Array(width * h * c);
    let s = seed >>> 0;
    for (let i = 0; i < data.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      data[i] = (s >>> 8) % 97;
    }
    return { axis, raster: rasterOf(data, width, h, c) };
  });

test('property: unfold(fold(x)) equals x on the kept region, for every axis and size', () => {
  fc.assert(
    fc.property(sampleArb, ({ axis, raster }) => {
      const c = raster.channels;
      const folded = fold(raster, axis);
      const back = unfold(channels(folded, 0, c), axis, raster.width, raster.height);
      const kept = keptRegion(axis, raster.width, raster.height);
      for (let p = 0; p < kept.length; p++) {
        if (!kept[p]) continue;
        for (let k = 0; k < c; k++) {
          assert.equal(back.data[p * c + k], raster.data[p * c + k], `${axis} pixel ${p}`);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('property: unfold output is exactly symmetric, and set B is the fold of the reflection', () => {
  fc.assert(
    fc.property(sampleArb, ({ axis, raster }) => {
      const c = raster.channels;
      const folded = fold(raster, axis);
      const whole = unfold(folded, axis, raster.width, raster.height);
      assert.deepEqual(Array.from(reflect(whole, axis).data), Array.from(whole.data));
      const ofReflection = fold(reflect(raster, axis), axis);
      assert.deepEqual(
        Array.from(channels(folded, c, c).data),
        Array.from(channels(ofReflection, 0, c).data),
      );
    }),
    { numRuns: 300 },
  );
});
