import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crop, padTo, padToMultiple, padToSquare } from '../../../src/core/pad';
import { rasterOf } from '../../../src/core/raster';
import { grid, rowsOf } from './grids';

const r = grid([
  [1, 2, 3],
  [4, 5, 6],
]);

test('padTo puts zeros at the bottom and right and marks real pixels valid', () => {
  const p = padTo(r, 4, 3);
  assert.deepEqual(rowsOf(p.raster), [
    [1, 2, 3, 0],
    [4, 5, 6, 0],
    [0, 0, 0, 0],
  ]);
  assert.deepEqual(Array.from(p.valid), [1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
  assert.equal(p.width, 3);
  assert.equal(p.height, 2);
});

test('padToSquare and padToMultiple', () => {
  assert.deepEqual(rowsOf(padToSquare(r).raster), [
    [1, 2, 3],
    [4, 5, 6],
    [0, 0, 0],
  ]);
  const m = padToMultiple(r, 4);
  assert.equal(m.raster.width, 4);
  assert.equal(m.raster.height, 4);
  const s = padToMultiple(grid([[1, 2, 3, 4, 5]]), 4, true);
  assert.equal(s.raster.width, 8);
  assert.equal(s.raster.height, 8);
});

test('padding keeps every channel and crop undoes it', () => {
  const rgb = rasterOf(new Uint16Array([1, 2, 3, 4, 5, 6]), 2, 1, 3);
  const p = padTo(rgb, 3, 2);
  assert.deepEqual(Array.from(p.raster.data), [1, 2, 3, 4, 5, 6, 0, 0, 0, ...new Array(9).fill(0)]);
  assert.deepEqual(Array.from(crop(p.raster, 2, 1).data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(rowsOf(crop(padToMultiple(r, 8).raster, 3, 2)), rowsOf(r));
});

test('padding smaller and cropping larger are refused', () => {
  assert.throws(() => padTo(r, 2, 2), /cannot pad a 3×2 raster to 2×2/);
  assert.throws(() => crop(r, 4, 1), /cannot crop a 3×2 raster to 4×1/);
  assert.throws(() => padToMultiple(r, 0), /positive integer/);
});
