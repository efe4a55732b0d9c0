import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AXES, needsSquare } from '../../../src/core/axis';
import { pairCountsU8 } from '../../../src/core/binary-pairs';
import { mirrorIndexMap } from '../../../src/core/reflect';
import { createRng } from '../../../src/core/rng';
import { resolveMode } from '../../../src/core/binarize';
import { rasterOf, type Raster } from '../../../src/core/raster';

/** The definition, pixel by pixel through the index map: the reference for the pair walk. */
function referenceCounts(
  v: Uint8Array,
  w: number,
  h: number,
  axis: (typeof AXES)[number],
  t: number,
) {
  const map = mirrorIndexMap(axis, w, h);
  let count = 0;
  let inter = 0;
  for (let p = 0; p < v.length; p++) {
    if (v[p] > t) {
      count++;
      if (v[map[p]] > t) inter++;
    }
  }
  return { count, inter };
}

test('the pair walk counts |M| and |M ∩ σM| exactly like the index map, every axis and size', () => {
  const rng = createRng(11);
  for (const axis of AXES) {
    for (const [w, h] of [
      [1, 1],
      [2, 2],
      [3, 3],
      [7, 7],
      [8, 8],
      [5, 9],
      [10, 3],
      [33, 33],
      [12, 5],
      [4, 4],
      [16, 3],
      [20, 20],
    ]) {
      if (needsSquare(axis) && w !== h) continue;
      for (const density of [0, 0.1, 0.5, 1]) {
        const v = new Uint8Array(w * h);
        for (let i = 0; i < v.length; i++) v[i] = rng.next() < density ? rng.int(1, 256) : 0;
        for (const t of [0, 127]) {
          assert.deepEqual(
            pairCountsU8(v, w, h, axis, t),
            referenceCounts(v, w, h, axis, t),
            `${axis} ${w}×${h} density ${density} threshold ${t}`,
          );
        }
      }
    }
  }
});

test('a hand-made 3×3 anti-diagonal case', () => {
  // Foreground at (y, x) = (0, 0) and (2, 2) mirror each other under anti; (0, 1) has no partner.
  const v = new Uint8Array([255, 255, 0, 0, 0, 0, 0, 0, 255]);
  assert.deepEqual(pairCountsU8(v, 3, 3, 'anti', 0), { count: 3, inter: 2 });
});

test('diag and anti refuse a non-square plane', () => {
  assert.throws(() => pairCountsU8(new Uint8Array(6), 3, 2, 'diag', 0), /square/);
});

test('auto mode tells label maps from binary masks on large 8-bit planes (word-at-a-time scan)', () => {
  const n = 64;
  const plane = (fill: (i: number) => number): Raster<Uint8Array> => {
    const data = new Uint8Array(n * n);
    for (let i = 0; i < data.length; i++) data[i] = fill(i);
    return rasterOf(data, n, n);
  };
  const modeOf = (r: Raster<Uint8Array>) => resolveMode(r, r.data, 'auto', undefined);
  assert.equal(modeOf(plane(() => 0)), 'binary');
  assert.equal(modeOf(plane((i) => (i >= 1000 ? 1 : 0))), 'binary');
  assert.equal(modeOf(plane((i) => (i % 7 === 0 ? 255 : 0))), 'binary');
  // A long run of class 1, then one pixel of class 2 in the very last byte.
  assert.equal(modeOf(plane((i) => (i === n * n - 1 ? 2 : 1))), 'labels');
  // A second class inside a word that starts with the first class.
  assert.equal(modeOf(plane((i) => (i === 1001 ? 3 : i >= 1000 ? 1 : 0))), 'labels');
  // Above MAX_AUTO_LABEL after a label-like value: binary (an anti-aliased edge, not classes).
  assert.equal(modeOf(plane((i) => (i === 2000 ? 200 : i >= 1000 ? 1 : 0))), 'binary');
});
