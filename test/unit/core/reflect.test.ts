import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mirrorIndexMap, reflect } from '../../../src/core/reflect';
import { rasterOf } from '../../../src/core/raster';
import { grid, rowsOf } from './grids';

const m = grid([
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
]);

test('reflect mirrors a 3×3 raster about each axis', () => {
  assert.deepEqual(rowsOf(reflect(m, 'lr')), [
    [3, 2, 1],
    [6, 5, 4],
    [9, 8, 7],
  ]);
  assert.deepEqual(rowsOf(reflect(m, 'ud')), [
    [7, 8, 9],
    [4, 5, 6],
    [1, 2, 3],
  ]);
  assert.deepEqual(rowsOf(reflect(m, 'diag')), [
    [1, 4, 7],
    [2, 5, 8],
    [3, 6, 9],
  ]);
  assert.deepEqual(rowsOf(reflect(m, 'anti')), [
    [9, 6, 3],
    [8, 5, 2],
    [7, 4, 1],
  ]);
});

test('reflect handles even and non-square sizes under lr and ud', () => {
  const r = grid([
    [1, 2, 3, 4],
    [5, 6, 7, 8],
  ]);
  assert.deepEqual(rowsOf(reflect(r, 'lr')), [
    [4, 3, 2, 1],
    [8, 7, 6, 5],
  ]);
  assert.deepEqual(rowsOf(reflect(r, 'ud')), [
    [5, 6, 7, 8],
    [1, 2, 3, 4],
  ]);
});

test('reflect moves all channels of a pixel together', () => {
  const rgb = rasterOf(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 1, 3);
  const out = reflect(rgb, 'lr');
  assert.deepEqual(Array.from(out.data), [4, 5, 6, 1, 2, 3]);
  assert.equal(out.channels, 3);
  assert.ok(out.data instanceof Float32Array);
});

test('mirrorIndexMap is an involution and is cached', () => {
  for (const axis of ['lr', 'ud', 'diag', 'anti'] as const) {
    const map = mirrorIndexMap(axis, 5, 5);
    for (let p = 0; p < map.length; p++) assert.equal(map[map[p]], p);
    assert.equal(mirrorIndexMap(axis, 5, 5), map, `${axis} map rebuilt`);
  }
  assert.deepEqual(Array.from(mirrorIndexMap('lr', 3, 2)), [2, 1, 0, 5, 4, 3]);
});

test('diag and anti refuse a non-square raster with a clear message', () => {
  assert.throws(() => mirrorIndexMap('diag', 3, 2), /needs a square raster, got 3×2/);
  assert.throws(() => reflect(grid([[1, 2]]), 'anti'), /anti-diagonal reflection needs a square/);
});
