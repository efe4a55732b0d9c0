import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AXES, needsSquare, type Axis } from '../../../src/core/axis';
import { scoreMask } from '../../../src/core/asymmetry';
import { padToSquare } from '../../../src/core/pad';
import { rasterOf, type PixelArray, type Raster } from '../../../src/core/raster';
import { mirrorIndexMap, reflect } from '../../../src/core/reflect';

/*
 * Invariants that hold for any mask: σ is an involution, so M and σM have the same score, and
 * M ∪ σM (or max(p, σp) for probabilities) is symmetric, so it scores 0. Non-square masks under
 * diag/anti are compared on their padded square, which is where σ acts. triangle 'full' keeps
 * the triangle heuristic out: σ of an upper-triangle mask is a lower-triangle one.
 */

const maskArb = fc.record({
  axis: fc.constantFrom<Axis>(...AXES),
  width: fc.integer({ min: 1, max: 12 }),
  height: fc.integer({ min: 1, max: 12 }),
  density: fc.double({ min: 0, max: 1, noNaN: true }),
  seed: fc.integer(),
});

function randomValues(n: number, seed: number, make: (u: number) => number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return make(s / 4294967296);
  });
}

/** The square σ acts on: the mask itself, or padded at the bottom/right under diag and anti. */
function domain<T extends PixelArray>(r: Raster<T>, axis: Axis): Raster<T> {
  return needsSquare(axis) ? padToSquare(r).raster : r;
}

function union<T extends PixelArray>(r: Raster<T>, axis: Axis): Raster<T> {
  const d = domain(r, axis);
  const mirrored = reflect(d, axis);
  const data = d.data.slice() as T;
  for (let i = 0; i < data.length; i++) data[i] = Math.max(data[i], mirrored.data[i]);
  return rasterOf(data, d.width, d.height);
}

test('property: a binary mask and its reflection score the same, M ∪ σM scores 0', () => {
  fc.assert(
    fc.property(maskArb, ({ axis, width, height, density, seed }) => {
      const values = randomValues(width * height, seed, (u) => (u < density ? 255 : 0));
      const m = rasterOf(Uint8Array.from(values), width, height);
      const opts = { axis, triangle: 'full' as const };
      const score = scoreMask(m, opts);
      const mirrored = scoreMask(reflect(domain(m, axis), axis), opts);
      assert.ok(Math.abs(score.asymmetry - mirrored.asymmetry) < 1e-12);
      assert.equal(score.padded, needsSquare(axis) && width !== height);
      assert.equal(scoreMask(union(m, axis), opts).asymmetry, 0);
      assert.ok(score.asymmetry >= 0 && score.asymmetry <= 1);
    }),
    { numRuns: 400 },
  );
});

test('property: float masks keep their hard and soft scores under σ; max(p, σp) is symmetric', () => {
  fc.assert(
    fc.property(maskArb, ({ axis, width, height, density, seed }) => {
      const values = randomValues(width * height, seed, (u) => (u < density ? u / density : 0));
      const m = rasterOf(Float64Array.from(values), width, height);
      const opts = { axis, triangle: 'full' as const };
      const a = scoreMask(m, opts);
      const b = scoreMask(reflect(domain(m, axis), axis), opts);
      assert.ok(Math.abs(a.asymmetry - b.asymmetry) < 1e-12);
      assert.ok(Math.abs(a.soft!.meanAbsDiff - b.soft!.meanAbsDiff) < 1e-12);
      assert.ok(Math.abs(a.soft!.softIoU - b.soft!.softIoU) < 1e-12);
      const u = scoreMask(union(m, axis), opts);
      assert.deepEqual([u.asymmetry, u.soft], [0, { meanAbsDiff: 0, softIoU: 1 }]);
    }),
    { numRuns: 300 },
  );
});

test('property: a label map built symmetric under a swap scores 0 with it', () => {
  const swap = new Map([
    [1, 2],
    [2, 1],
  ]);
  fc.assert(
    fc.property(maskArb, ({ axis, width, seed, height }) => {
      const w = width;
      const h = needsSquare(axis) ? width : height;
      const map = mirrorIndexMap(axis, w, h);
      const labels = new Uint8Array(w * h);
      const draws = randomValues(w * h, seed, (u) => Math.floor(u * 4));
      // Fill each orbit {p, σp} once: p gets a label, σp its swapped partner. A pixel on the
      // axis is its own mirror, so only the unswapped class 3 can sit there.
      for (let p = 0; p < labels.length; p++) {
        const q = map[p];
        if (q < p) continue;
        const c = q === p && draws[p] !== 0 ? 3 : draws[p];
        labels[p] = c;
        labels[q] = swap.get(c) ?? c;
      }
      const m = rasterOf(labels, w, h);
      const opts = { axis, mode: 'labels' as const, triangle: 'full' as const };
      const withSwap = scoreMask(m, { ...opts, swap: [[1, 2]] });
      assert.equal(withSwap.asymmetry, 0);
      assert.ok(withSwap.classes!.every((c) => c.asymmetry === 0));
      const hasSwapped = labels.some((v) => v === 1 || v === 2);
      const without = scoreMask(m, opts);
      assert.equal(without.asymmetry > 0, hasSwapped);
    }),
    { numRuns: 300 },
  );
});
