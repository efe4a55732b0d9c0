import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AXES, needsSquare, type Axis } from '../../../src/core/axis';
import { scoreMask } from '../../../src/core/asymmetry';
import {
  synthSample,
  corruptedIndices,
  synthId,
  synthDatasetConfig,
  CORRUPTION_KINDS,
  type SynthOptions,
} from '../../../src/core/synth';
import type { Raster } from '../../../src/core/raster';

/** σ(x, y) written out independently of the generator's own index map. */
function mirrorOf(axis: Axis, x: number, y: number, w: number, h: number): [number, number] {
  if (axis === 'lr') return [w - 1 - x, y];
  if (axis === 'ud') return [x, h - 1 - y];
  if (axis === 'diag') return [y, x];
  return [h - 1 - y, w - 1 - x];
}

/** Pixels whose label differs from the (swapped) label of their mirror. */
function mismatches(
  mask: Raster<Uint8Array>,
  axis: Axis,
  swap: Record<number, number> = {},
): number {
  let bad = 0;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      const [mx, my] = mirrorOf(axis, x, y, mask.width, mask.height);
      const v = mask.data[my * mask.width + mx];
      if (mask.data[y * mask.width + x] !== (swap[v] ?? v)) bad++;
    }
  }
  return bad;
}

function options(
  axis: Axis,
  width: number,
  height: number,
  extra: Partial<SynthOptions> = {},
): SynthOptions {
  return { axis, width, height, classes: 1, corrupt: 0, seed: 11, n: 40, ...extra };
}

const SIZES: Array<[number, number]> = [
  [16, 16],
  [17, 17],
  [64, 64],
  [33, 20],
  [20, 31],
];

test('same seed gives the same bytes; another seed gives another sample', () => {
  const opts = options('lr', 40, 32, { corrupt: 0.5, classes: 3 });
  for (const i of [0, 7, 39]) {
    const a = synthSample(i, opts);
    const b = synthSample(i, { ...opts });
    assert.deepEqual(Buffer.from(a.image.data), Buffer.from(b.image.data));
    assert.deepEqual(Buffer.from(a.mask.data), Buffer.from(b.mask.data));
    assert.equal(a.corruption, b.corruption);
  }
  const other = synthSample(0, { ...opts, seed: 12 });
  assert.notDeepEqual(Buffer.from(other.image.data), Buffer.from(synthSample(0, opts).image.data));
});

test('clean masks are exactly symmetric under every axis, odd and even sizes, one or several classes', () => {
  for (const axis of AXES) {
    for (const [w, h] of SIZES) {
      if (needsSquare(axis) && w !== h) continue;
      for (const classes of [1, 3]) {
        const opts = options(axis, w, h, { classes, n: 25 });
        const swap: Record<number, number> = synthDatasetConfig(opts).swap ? { 1: 2, 2: 1 } : {};
        for (let i = 0; i < opts.n; i++) {
          const s = synthSample(i, opts);
          const where = `${axis} ${w}×${h} K=${classes} #${i}`;
          assert.equal(s.corruption, undefined, where);
          assert.equal(s.mask.width, w);
          assert.equal(s.mask.height, h);
          assert.equal(s.mask.channels, 1);
          assert.equal(s.image.channels, 3);
          assert.equal(mismatches(s.mask, axis, swap), 0, where);
          assert.ok(
            s.mask.data.some((v) => v > 0),
            `${where} has an object`,
          );
          const score = scoreMask(s.mask, {
            axis,
            swap: classes > 1 && swap[1] ? [[1, 2]] : undefined,
            mode: classes > 1 ? 'labels' : 'binary',
            triangle: 'full',
          });
          assert.equal(score.asymmetry, 0, where);
        }
      }
    }
  }
});

test('exactly round(n·corrupt) masks are corrupted, each clearly asymmetric, all kinds used', () => {
  for (const axis of AXES) {
    for (const [w, h] of [
      [16, 16],
      [47, 47],
      [48, 30],
    ] as Array<[number, number]>) {
      if (needsSquare(axis) && w !== h) continue;
      for (const classes of [1, 2]) {
        const opts = options(axis, w, h, { classes, n: 60, corrupt: 0.25, seed: 3 });
        const expected = corruptedIndices(opts.n, opts.corrupt, opts.seed);
        assert.equal(expected.size, 15);
        const kinds = new Set<string>();
        for (let i = 0; i < opts.n; i++) {
          const s = synthSample(i, opts);
          const where = `${axis} ${w}×${h} K=${classes} #${i}`;
          assert.equal(s.corruption !== undefined, expected.has(i), where);
          const binary = scoreMask(s.mask, { axis, mode: 'binary', triangle: 'full' }).asymmetry;
          if (s.corruption) {
            kinds.add(s.corruption);
            assert.ok(binary > 0.08, `${where} ${s.corruption} scores ${binary}`);
            if (classes > 1) {
              const swap = synthDatasetConfig(opts).swap
                ? ([[1, 2]] as Array<[number, number]>)
                : undefined;
              const labels = scoreMask(s.mask, {
                axis,
                swap,
                mode: 'labels',
                triangle: 'full',
              }).asymmetry;
              assert.ok(labels > 0.08, `${where} ${s.corruption} label score ${labels}`);
            }
          } else {
            assert.equal(binary, 0, where);
          }
        }
        assert.deepEqual([...kinds].sort(), [...CORRUPTION_KINDS].sort(), `${axis} ${w}×${h}`);
      }
    }
  }
});

test('the corrupted set depends only on (n, corrupt, seed)', () => {
  const a = [...corruptedIndices(200, 0.1, 5).keys()];
  assert.equal(a.length, 20);
  assert.deepEqual([...corruptedIndices(200, 0.1, 5).keys()], a);
  assert.notDeepEqual([...corruptedIndices(200, 0.1, 6).keys()], a);
  assert.equal(corruptedIndices(7, 0.5, 1).size, 4); // round(3.5)
  assert.equal(corruptedIndices(10, 0, 1).size, 0);
  assert.equal(corruptedIndices(10, 1, 1).size, 10);
  // The picture of a sample does not depend on whether it is corrupted.
  const clean = synthSample(3, options('ud', 30, 30, { n: 10, corrupt: 0 }));
  const dirty = synthSample(3, options('ud', 30, 30, { n: 10, corrupt: 1 }));
  assert.ok(dirty.corruption);
  assert.deepEqual(Buffer.from(dirty.image.data), Buffer.from(clean.image.data));
  assert.notDeepEqual(Buffer.from(dirty.mask.data), Buffer.from(clean.mask.data));
});

test('binary masks are 0/255; label maps hold 1..K, with a left/right pair under lr and ud', () => {
  const binary = synthSample(0, options('lr', 32, 32));
  assert.ok(binary.mask.data.every((v) => v === 0 || v === 255));

  for (const axis of ['lr', 'ud'] as const) {
    const opts = options(axis, 41, 36, { classes: 4, n: 20 });
    assert.deepEqual(synthDatasetConfig(opts), { axis, swap: '1:2' });
    const seen = new Set<number>();
    for (let i = 0; i < opts.n; i++) {
      const { mask } = synthSample(i, opts);
      for (const v of mask.data) seen.add(v);
      // Label 1 lies on the near side (left or top), label 2 is its mirror on the far side.
      for (let y = 0; y < mask.height; y++) {
        for (let x = 0; x < mask.width; x++) {
          const v = mask.data[y * mask.width + x];
          const across = axis === 'lr' ? x : y;
          const extent = axis === 'lr' ? mask.width : mask.height;
          if (v === 1) assert.ok(across < (extent - 1) / 2, `${axis} #${i}: label 1 at ${x},${y}`);
          if (v === 2) assert.ok(across > (extent - 1) / 2, `${axis} #${i}: label 2 at ${x},${y}`);
        }
      }
    }
    assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4]);
  }
  for (const axis of ['diag', 'anti'] as const) {
    const opts = options(axis, 40, 40, { classes: 3 });
    assert.deepEqual(synthDatasetConfig(opts), { axis });
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) for (const v of synthSample(i, opts).mask.data) seen.add(v);
    assert.ok([...seen].every((v) => v <= 3));
    assert.ok(seen.has(1) && seen.has(2), `${axis} labels ${[...seen]}`);
  }
});

test('images are not symmetric, and they show the object', () => {
  for (const axis of AXES) {
    const opts = options(axis, 48, 48, { n: 30 });
    for (let i = 0; i < opts.n; i++) {
      const { image, mask } = synthSample(i, opts);
      let diff = 0;
      let inside = 0;
      let insideCount = 0;
      let outside = 0;
      for (let y = 0; y < 48; y++) {
        for (let x = 0; x < 48; x++) {
          const [mx, my] = mirrorOf(axis, x, y, 48, 48);
          const p = y * 48 + x;
          const luminance = (image.data[p * 3] + image.data[p * 3 + 1] + image.data[p * 3 + 2]) / 3;
          for (let c = 0; c < 3; c++)
            diff += Math.abs(image.data[p * 3 + c] - image.data[(my * 48 + mx) * 3 + c]);
          if (mask.data[p] > 0) {
            inside += luminance;
            insideCount++;
          } else outside += luminance;
        }
      }
      const meanDiff = diff / (48 * 48 * 3);
      assert.ok(meanDiff > 8, `${axis} #${i}: image mirror difference only ${meanDiff}`);
      const contrast = Math.abs(inside / insideCount - outside / (48 * 48 - insideCount));
      assert.ok(contrast > 20, `${axis} #${i}: object contrast only ${contrast}`);
    }
  }
});

test('ids are zero-padded to the dataset size', () => {
  assert.equal(synthId(0, 10), 'sample-0001');
  assert.equal(synthId(9999, 10000), 'sample-10000');
  assert.equal(synthId(41, 12345), 'sample-00042');
  assert.equal(synthSample(4, options('lr', 16, 16)).id, 'sample-0005');
});

test('bad options are refused with a clear message', () => {
  const bad: Array<[Partial<SynthOptions>, RegExp]> = [
    [{ width: 15 }, /at least 16×16/],
    [
      { axis: 'diag', width: 32, height: 20 },
      /axis diag needs square images, got 32×20: use --size 32/,
    ],
    [{ classes: 0 }, /classes must be a whole number from 1 to 20/],
    [{ classes: 2.5 }, /classes must be/],
    [{ corrupt: 1.5 }, /corrupt must be a fraction from 0 to 1/],
    [{ corrupt: Number.NaN }, /corrupt must be a fraction/],
    [{ n: 0 }, /n must be a whole number/],
    [{ seed: 0.5 }, /seed must be a whole number/],
  ];
  for (const [extra, message] of bad) {
    assert.throws(() => synthSample(0, options('lr', 32, 32, extra)), message);
  }
  assert.throws(() => synthSample(40, options('lr', 32, 32)), /index 40 is outside 0\.\.39/);
});
