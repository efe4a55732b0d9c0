import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../src/engine/backend';
import { foldBatch, unfoldBatch } from '../../src/engine/fold-ops';
import { asymmetryPenalty, diceLoss, focalLoss, bceLoss } from '../../src/engine/losses';
import { maxAbs, maxAbsDiff, randomTensor, useBackend } from './helpers';

/*
 * Every op the network trains through, differentiated on each backend and compared with the cpu
 * backend, whose conv kernels are the reference; the cpu reference itself is checked against
 * central finite differences. Shapes are odd where that exercises padding and strides.
 */

interface Case {
  name: string;
  /** Shapes of the differentiated inputs. */
  shapes: number[][];
  f: (...xs: tf.Tensor[]) => tf.Tensor;
}

const CASES: Case[] = [
  {
    name: 'conv2d 3×3 same',
    shapes: [
      [2, 7, 6, 3],
      [3, 3, 3, 5],
    ],
    f: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
  },
  {
    // The im2col backprop-filter path: an uneven window and no padding.
    name: 'conv2d 2×3 valid',
    shapes: [
      [3, 6, 7, 2],
      [2, 3, 2, 4],
    ],
    f: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid'),
  },
  {
    name: 'conv2d 1×1',
    shapes: [
      [2, 5, 4, 6],
      [1, 1, 6, 1],
    ],
    f: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
  },
  {
    name: 'conv2d 3×3 stride 2 (backprop filter with a dropped edge)',
    shapes: [
      [2, 7, 8, 2],
      [3, 3, 2, 3],
    ],
    f: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'valid'),
  },
  {
    name: 'conv2dTranspose 2×2 stride 2',
    shapes: [
      [2, 3, 4, 6],
      [2, 2, 4, 6],
    ],
    f: (x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 6, 8, 4], 2, 'valid'),
  },
  {
    name: 'maxPool 2×2',
    shapes: [[2, 6, 8, 3]],
    f: (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'),
  },
  {
    name: 'relu + add + concat',
    shapes: [
      [2, 4, 4, 2],
      [2, 4, 4, 2],
    ],
    f: (a, b) => tf.concat([tf.relu(a), tf.add(a, b)], 3),
  },
  {
    name: 'resizeNearestNeighbor ×2, batch 2',
    shapes: [[2, 3, 5, 2]],
    f: (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [6, 10]),
  },
  {
    name: 'fold lr (odd width)',
    shapes: [[2, 4, 7, 2]],
    f: (x) => foldBatch(x as tf.Tensor4D, 'lr'),
  },
  {
    name: 'fold diag + unfold',
    shapes: [[2, 5, 5, 1]],
    f: (x) =>
      unfoldBatch(
        foldBatch(x as tf.Tensor4D, 'diag').slice([0, 0, 0, 0], [2, 5, 5, 1]),
        'diag',
        5,
        5,
      ),
  },
  {
    name: 'unfold anti',
    shapes: [[2, 5, 5, 1]],
    f: (x) => unfoldBatch(x as tf.Tensor4D, 'anti', 5, 5),
  },
];

// Made on the active backend at each call: tensors moved between backends are not reliable
// (a cast tensor created on cpu read differently once moved to wasm).
const TARGET = (): tf.Tensor => tf.cast(tf.greater(randomTensor([2, 6, 6, 1], 99), 0.3), 'float32');
const VALID = (): tf.Tensor4D =>
  tf.pad(tf.ones([2, 5, 5, 1]), [
    [0, 0],
    [0, 1],
    [0, 1],
    [0, 0],
  ]);
const LOSSES: Case[] = [
  {
    name: 'focal loss',
    shapes: [[2, 6, 6, 1]],
    f: (z) => focalLoss(z, TARGET(), VALID(), 0.25, 2),
  },
  { name: 'dice loss', shapes: [[2, 6, 6, 1]], f: (z) => diceLoss(z, TARGET(), VALID()) },
  { name: 'bce loss', shapes: [[2, 6, 6, 1]], f: (z) => bceLoss(z, TARGET(), VALID()) },
  {
    name: 'asymmetry penalty (diag)',
    shapes: [[2, 6, 6, 1]],
    f: (z) => asymmetryPenalty(z as tf.Tensor4D, VALID(), 'diag'),
  },
];

/** The gradients of Σ f(xs)·r for a fixed random r, so every output element matters. */
async function gradients(c: Case, seed: number): Promise<Float32Array[]> {
  const xs = c.shapes.map((shape, i) => randomTensor(shape, seed + i));
  const probe = tf.tidy(() => c.f(...xs));
  const r = randomTensor(probe.shape, seed + 50);
  const grads = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(c.f(...args), r)))(xs);
  const values = await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array));
  tf.dispose([...xs, probe, r, ...grads]);
  return values;
}

async function finiteDifferences(
  c: Case,
  seed: number,
  samples: number,
): Promise<{ analytic: number; numeric: number }[]> {
  const xs = c.shapes.map((shape, i) => randomTensor(shape, seed + i));
  const probe = tf.tidy(() => c.f(...xs));
  const r = randomTensor(probe.shape, seed + 50);
  const objective = (args: tf.Tensor[]): number =>
    tf.tidy(() => tf.sum(tf.mul(c.f(...args), r)).dataSync()[0]);
  const analytic = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(c.f(...args), r)))(xs);
  const out: { analytic: number; numeric: number }[] = [];
  const h = 1e-2;
  for (let k = 0; k < samples; k++) {
    const which = k % xs.length;
    const base = xs[which].dataSync() as Float32Array;
    const index = (k * 7919) % base.length;
    const shifted = (delta: number): tf.Tensor[] => {
      const copy = Float32Array.from(base);
      copy[index] += delta;
      return xs.map((x, i) => (i === which ? tf.tensor(copy, x.shape) : x));
    };
    const plus = shifted(h);
    const minus = shifted(-h);
    const numeric = (objective(plus) - objective(minus)) / (2 * h);
    tf.dispose([plus[which], minus[which]]);
    out.push({ analytic: (analytic[which].dataSync() as Float32Array)[index], numeric });
  }
  tf.dispose([...xs, probe, r, ...analytic]);
  return out;
}

const reference = new Map<string, Float32Array[]>();

describe('gradients: cpu reference against finite differences', () => {
  for (const c of [...CASES, ...LOSSES]) {
    test(c.name, async () => {
      await useBackend('cpu');
      if (c.name.startsWith('maxPool') || c.name.startsWith('relu')) return; // kinks: compared across backends only
      for (const { analytic, numeric } of await finiteDifferences(c, 1, 12)) {
        assert.ok(
          Math.abs(analytic - numeric) <= 2e-2 * Math.max(1, Math.abs(numeric)),
          `${c.name}: analytic ${analytic} vs numeric ${numeric}`,
        );
      }
    });
  }

  test('cpu resizeNearestNeighbor gradient at batch 2 equals the per-item gradients (the 4.22 bug)', async () => {
    await useBackend('cpu');
    const x = randomTensor([2, 3, 5, 2], 4);
    const r = randomTensor([2, 6, 10, 2], 5);
    const grad = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [6, 10]), r)),
    );
    const whole = (await grad(x).data()) as Float32Array;
    const perItem = await Promise.all(
      [0, 1].map(async (b) => {
        const xb = x.slice([b, 0, 0, 0], [1, 3, 5, 2]);
        const rb = r.slice([b, 0, 0, 0], [1, 6, 10, 2]);
        const g = tf.grad((t: tf.Tensor) =>
          tf.sum(tf.mul(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [6, 10]), rb)),
        )(xb);
        return Array.from((await g.data()) as Float32Array);
      }),
    );
    assert.ok(
      maxAbsDiff(whole, Float32Array.from(perItem.flat())) < 1e-5,
      'batch item 2 got the wrong gradient',
    );
  });
});

for (const backend of ['cpu', 'wasm', 'webgpu'] as BackendName[]) {
  describe(`gradients on ${backend} match the cpu reference`, () => {
    for (const c of [...CASES, ...LOSSES]) {
      test(c.name, async () => {
        if (!reference.has(c.name)) {
          await useBackend('cpu');
          reference.set(c.name, await gradients(c, 1));
        }
        await useBackend(backend);
        const got = await gradients(c, 1);
        const want = reference.get(c.name)!;
        got.forEach((g, i) => {
          const scale = Math.max(1, maxAbs(want[i]));
          assert.ok(
            maxAbsDiff(g, want[i]) <= 1e-3 * scale,
            `${c.name} input ${i}: max |Δ| ${maxAbsDiff(g, want[i])} on ${backend}`,
          );
        });
      });
    }
  });
}
