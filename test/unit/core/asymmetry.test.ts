import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSwap, scoreMask } from '../../../src/core/asymmetry';
import { rasterOf } from '../../../src/core/raster';
import { grid } from './grids';

/*
 * Every expected number below was worked out by hand from the drawn mask: |M| foreground pixels,
 * of which `inter` also have a foreground mirror, so asym = 1 − inter / (2|M| − inter).
 */

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} ≠ ${expected}`);
}

test('lr, odd width: 3 of 5 pixels have a mirror → 1 − 3/7', () => {
  const mask = grid([
    [0, 0, 1, 0, 0], // middle column: its own mirror
    [1, 0, 0, 0, 1], // a mirrored pair
    [1, 1, 0, 0, 0], // mirrors are empty
  ]);
  const s = scoreMask(mask, { axis: 'lr' });
  assert.equal(s.asymmetry, 1 - 3 / 7);
  assert.equal(s.foreground, 5 / 15);
  assert.equal(s.padded, false);
  assert.equal(s.triangleUnfolded, false);
  assert.equal(s.mode, 'binary');
  assert.equal(s.soft, undefined);
  assert.equal(s.classes, undefined);
});

test('lr, even width: 1 1 0 1 → 2 of 3 → 1 − 2/4', () => {
  assert.equal(scoreMask(grid([[1, 1, 0, 1]]), { axis: 'lr' }).asymmetry, 0.5);
});

test('ud, odd height: the lr case transposed → 1 − 3/7', () => {
  const mask = grid([
    [0, 1, 1],
    [0, 0, 1],
    [1, 0, 0],
    [0, 0, 0],
    [0, 1, 0],
  ]);
  assert.equal(scoreMask(mask, { axis: 'ud' }).asymmetry, 1 - 3 / 7);
});

test('diag, 4×4: 4 of 5 on or across the diagonal → 1 − 4/6', () => {
  const mask = grid([
    [1, 1, 0, 0],
    [1, 0, 1, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 1],
  ]);
  const s = scoreMask(mask, { axis: 'diag' });
  assert.equal(s.asymmetry, 1 - 4 / 6);
  assert.equal(s.triangleUnfolded, false);
});

test('anti, 3×3: corners pair up, (0,2) is on the axis, (1,0) is alone → 1 − 3/5', () => {
  const mask = grid([
    [1, 0, 1],
    [1, 0, 0],
    [0, 0, 1],
  ]);
  assert.equal(scoreMask(mask, { axis: 'anti' }).asymmetry, 1 - 3 / 5);
});

test('diag pads a 3×2 mask to 3×3 at the bottom and says so', () => {
  const mask = grid([
    [0, 1, 1],
    [1, 0, 0],
  ]);
  const s = scoreMask(mask, { axis: 'diag' });
  assert.equal(s.asymmetry, 1 - 2 / 4);
  assert.equal(s.padded, true);
  assert.equal(s.foreground, 3 / 6);
});

test('anti pads a 2×3 mask to 3×3 at the right: (1,1) is on the axis → 1 − 1/5', () => {
  const mask = grid([
    [1, 0],
    [0, 1],
    [0, 1],
  ]);
  const s = scoreMask(mask, { axis: 'anti' });
  assert.equal(s.asymmetry, 1 - 1 / 5);
  assert.equal(s.padded, true);
});

test('empty and full masks score 0 on every axis', () => {
  for (const axis of ['lr', 'ud', 'diag', 'anti'] as const) {
    const empty = scoreMask(
      grid([
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ]),
      { axis },
    );
    assert.equal(empty.asymmetry, 0, axis);
    assert.equal(empty.foreground, 0);
    const full = scoreMask(
      grid([
        [255, 255],
        [255, 255],
      ]),
      { axis },
    );
    assert.equal(full.asymmetry, 0, axis);
    assert.equal(full.foreground, 1);
  }
});

test('float masks: ≥ 0.5 is foreground, plus soft scores', () => {
  const s = scoreMask(grid([[0.8, 0.2]], Float64Array), { axis: 'lr' });
  assert.equal(s.asymmetry, 1); // 0.8 is foreground, its mirror 0.2 is not
  near(s.soft!.meanAbsDiff, 0.6, 'mean |p − σp|');
  near(s.soft!.softIoU, 0.4 / 1.6, 'soft IoU');
  assert.equal(s.nanCount, 0);

  const atHalf = scoreMask(grid([[0.5, 0, 0.5]], Float32Array), { axis: 'lr' });
  assert.equal(atHalf.asymmetry, 0);
  assert.equal(atHalf.foreground, 2 / 3);
  assert.deepEqual(atHalf.soft, { meanAbsDiff: 0, softIoU: 1 });

  const zero = scoreMask(grid([[0, 0]], Float32Array), { axis: 'lr' });
  assert.deepEqual(zero.soft, { meanAbsDiff: 0, softIoU: 1 });
});

test('soft scores read values as probabilities clipped to [0, 1]', () => {
  const s = scoreMask(grid([[255, 0.5]], Float32Array), { axis: 'lr' });
  near(s.soft!.meanAbsDiff, 0.5, 'clipped mean |p − σp|');
  // p = [1, 0.5], σp = [0.5, 1]: Σmin = 1, Σmax = 2. Unclipped it would be 1/510.
  near(s.soft!.softIoU, 0.5, 'clipped soft IoU');
});

test('NaN in a float mask is counted and read as 0', () => {
  const s = scoreMask(grid([[NaN, 1, 1, 0]], Float32Array), { axis: 'lr' });
  assert.equal(s.asymmetry, 0);
  assert.equal(s.nanCount, 1);
  assert.equal(s.foreground, 2 / 4);
});

test('16-bit threshold: only 40000 is above 32767, and its mirror is not → 1', () => {
  const mask = grid([[1000, 30000, 40000, 1000]], Uint16Array);
  assert.equal(scoreMask(mask, { axis: 'lr', threshold: 32767 }).asymmetry, 1);
  assert.equal(scoreMask(mask, { axis: 'lr' }).asymmetry, 0); // everything above 0
  assert.throws(
    () => scoreMask(mask, { axis: 'lr', threshold: 65535 }),
    /threshold 65535 leaves no foreground possible in a uint16 mask/,
  );
  assert.throws(() => scoreMask(mask, { axis: 'lr', threshold: -1 }), /threshold must be/);
});

const lungs = grid([
  [2, 2, 0, 1, 1, 1],
  [3, 0, 0, 0, 0, 3],
]);

test('label map without a swap: each lung is alone on its side', () => {
  const s = scoreMask(lungs, { axis: 'lr' });
  assert.equal(s.mode, 'labels');
  assert.deepEqual(s.classes, [
    { label: 1, asymmetry: 1, pixels: 3 },
    { label: 2, asymmetry: 1, pixels: 2 },
    { label: 3, asymmetry: 0, pixels: 2 },
  ]);
  assert.equal(s.asymmetry, 2 / 3);
  assert.equal(s.foreground, 7 / 12);
});

test('label map with swap 1:2: each lung against the mirrored other → 1 − 2/3 each', () => {
  const s = scoreMask(lungs, { axis: 'lr', swap: [[1, 2]] });
  assert.deepEqual(
    s.classes!.map((c) => [c.label, c.asymmetry]),
    [
      [1, 1 - 2 / 3],
      [2, 1 - 2 / 3],
      [3, 0],
    ],
  );
  assert.equal(s.asymmetry, (2 * (1 - 2 / 3)) / 3);
});

test('a swapped label whose partner is absent scores 1', () => {
  const s = scoreMask(grid([[1, 0, 0, 1]]), { axis: 'lr', swap: [[1, 2]], mode: 'labels' });
  assert.deepEqual(s.classes, [{ label: 1, asymmetry: 1, pixels: 2 }]);
});

test('upper-triangle diag map is unfolded before scoring', () => {
  const upper = grid([
    [1, 1, 1],
    [0, 1, 0],
    [0, 0, 1],
  ]);
  const auto = scoreMask(upper, { axis: 'diag' });
  assert.equal(auto.asymmetry, 0);
  assert.equal(auto.triangleUnfolded, true);
  assert.equal(auto.foreground, 7 / 9);
  const full = scoreMask(upper, { axis: 'diag', triangle: 'full' });
  assert.equal(full.asymmetry, 1 - 3 / 7);
  assert.equal(full.triangleUnfolded, false);
});

test('upper-left anti map is unfolded before scoring', () => {
  const upperLeft = grid([
    [1, 1, 1],
    [1, 1, 0],
    [1, 0, 0],
  ]);
  assert.equal(scoreMask(upperLeft, { axis: 'anti' }).triangleUnfolded, true);
  assert.equal(scoreMask(upperLeft, { axis: 'anti' }).asymmetry, 0);
  assert.equal(scoreMask(upperLeft, { axis: 'anti', triangle: 'full' }).asymmetry, 1 - 3 / 9);
});

test('triangle detection leaves diagonal-only and two-sided maps alone', () => {
  const identity = grid([
    [1, 0],
    [0, 1],
  ]);
  assert.equal(scoreMask(identity, { axis: 'diag' }).triangleUnfolded, false);
  const lower = grid([
    [0, 0],
    [1, 0],
  ]);
  assert.equal(scoreMask(lower, { axis: 'diag' }).triangleUnfolded, false);
  assert.equal(scoreMask(lower, { axis: 'diag' }).asymmetry, 1);
  // 'upper' forces it: the lower pixel is thrown away, the empty upper mirrored.
  assert.equal(scoreMask(lower, { axis: 'diag', triangle: 'upper' }).asymmetry, 0);
  assert.throws(
    () => scoreMask(identity, { axis: 'lr', triangle: 'upper' }),
    /diag and anti axes only, not lr/,
  );
});

test('a triangle label map is unfolded with its labels', () => {
  const upper = grid([
    [0, 2, 2],
    [0, 0, 1],
    [0, 0, 0],
  ]);
  const s = scoreMask(upper, { axis: 'diag' });
  assert.equal(s.triangleUnfolded, true);
  assert.deepEqual(s.classes, [
    { label: 1, asymmetry: 0, pixels: 2 },
    { label: 2, asymmetry: 0, pixels: 4 },
  ]);
});

test('parseSwap reads pairs and rejects bad text clearly', () => {
  assert.deepEqual(parseSwap('1:2, 3:4'), [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(parseSwap('  '), []);
  assert.throws(() => parseSwap('1-2'), /invalid label swap '1-2' in '1-2'/);
  assert.throws(() => parseSwap('1:2,'), /invalid label swap ''/);
  assert.throws(() => parseSwap('1:x'), /invalid label swap '1:x'/);
  assert.throws(() => parseSwap('0:2'), /positive integers \(0 is background\)/);
  assert.throws(() => parseSwap('1:1'), /pairs a label with itself/);
  assert.throws(() => parseSwap('1:2,2:3'), /label 2 appears in more than one swap pair/);
});

test('bad options and bad rasters get clear errors', () => {
  const mask = grid([[1, 0]]);
  assert.throws(() => scoreMask(mask, { axis: 'up' as 'lr' }), /unknown axis 'up'/);
  assert.throws(
    () => scoreMask(mask, { axis: 'lr', mode: 'classes' as 'labels' }),
    /unknown mask mode 'classes'/,
  );
  assert.throws(
    () => scoreMask({ width: 3, height: 1, channels: 1, data: new Uint8Array(2) }, { axis: 'lr' }),
    /mask data has 2 values, which does not fit 3×1×1/,
  );
  assert.throws(
    () => scoreMask(grid([[0.2, 1]], Float32Array), { axis: 'lr', mode: 'labels' }),
    /float32 mask holds probabilities, not class labels/,
  );
  assert.throws(() => scoreMask(mask, { axis: 'lr', swap: [[1, -2]] }), /positive integers/);
});

test('an RGB mask with equal channels scores like its grey version', () => {
  const rgb = rasterOf(new Uint8Array([255, 255, 255, 255, 255, 255, 0, 0, 0]), 3, 1, 3);
  assert.equal(scoreMask(rgb, { axis: 'lr' }).asymmetry, 1 - 1 / 3);
});
