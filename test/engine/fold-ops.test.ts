import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { AXES, type Axis } from '../../src/core/axis';
import { fold, unfold } from '../../src/core/fold';
import { rasterOf } from '../../src/core/raster';
import { createRng } from '../../src/core/rng';
import { selectBackend } from '../../src/engine/backend';
import { foldBatch, reflectBatch, unfoldBatch } from '../../src/engine/fold-ops';
import { SymmetricNet } from '../../src/engine/network';
import { reflect } from '../../src/core/reflect';

const SIZES: [number, number][] = [
  [6, 8],
  [7, 9],
  [5, 5],
  [8, 8],
];

function sizesFor(axis: Axis): [number, number][] {
  return axis === 'diag' || axis === 'anti' ? SIZES.map(([h]) => [h, h]) : SIZES;
}

function randomImage(seed: number, h: number, w: number, c: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: h * w * c }, () => rng.normal());
}

async function bytes(t: tf.Tensor): Promise<Uint8Array> {
  const data = (await t.data()) as Float32Array;
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

describe('tf fold equals the core fold bit for bit', () => {
  before(async () => {
    await selectBackend('cpu');
  });
  for (const axis of AXES) {
    for (const [h, w] of sizesFor(axis)) {
      test(`${axis} ${h}×${w}`, async () => {
        const data = randomImage(h * 31 + w, h, w, 2);
        const x = tf.tensor4d(data, [1, h, w, 2]);
        const folded = foldBatch(x, axis);
        const expected = fold(rasterOf(data, w, h, 2), axis);
        assert.deepEqual(folded.shape, [1, expected.height, expected.width, 4]);
        assert.deepEqual(await bytes(folded), new Uint8Array(expected.data.buffer));
        const half = tf.tensor4d(randomImage(7, expected.height, expected.width, 1), [
          1,
          expected.height,
          expected.width,
          1,
        ]);
        const full = unfoldBatch(half, axis, h, w);
        const ref = unfold(
          rasterOf((await half.data()) as Float32Array, expected.width, expected.height, 1),
          axis,
          w,
          h,
        );
        assert.deepEqual(await bytes(full), new Uint8Array(ref.data.buffer));
        const mirrored = reflectBatch(x, axis);
        assert.deepEqual(
          await bytes(mirrored),
          new Uint8Array(reflect(rasterOf(data, w, h, 2), axis).data.buffer),
        );
        tf.dispose([x, folded, half, full, mirrored]);
      });
    }
  }
});

describe('the folded network is exactly symmetric for random weights and inputs', () => {
  before(async () => {
    await selectBackend('cpu');
  });
  for (const axis of AXES) {
    for (const swapInvariant of [false, true]) {
      test(`${axis}${swapInvariant ? ' (swap-invariant)' : ''}, odd and even sizes`, async () => {
        const net = SymmetricNet.create(
          { axis, fold: 'fold', depth: 3, filters: 4, channels: 2, swapInvariant },
          11,
        );
        for (const [h, w] of sizesFor(axis)) {
          const x = tf.tensor4d(randomImage(h + w, h, w, 2), [1, h, w, 2]);
          const z = net.forward(x);
          const mirrored = reflectBatch(z, axis);
          assert.deepEqual(
            await bytes(mirrored),
            await bytes(z),
            `σ(out) ≠ out for ${axis} ${h}×${w}`,
          );
          tf.dispose([x, z, mirrored]);
        }
        net.model.dispose();
      });
    }
  }

  test('average mode is exactly symmetric; the swap-invariant fold ignores channel-set order', async () => {
    const h = 9;
    const data = randomImage(3, h, h, 1);
    const x = tf.tensor4d(data, [1, h, h, 1]);
    const avg = SymmetricNet.create(
      { axis: 'diag', fold: 'average', depth: 2, filters: 4, channels: 1, swapInvariant: false },
      5,
    );
    const z = avg.forward(x);
    assert.deepEqual(await bytes(reflectBatch(z, 'diag')), await bytes(z));
    const folded = SymmetricNet.create(
      { axis: 'lr', fold: 'fold', depth: 2, filters: 4, channels: 1, swapInvariant: true },
      5,
    );
    // Mirroring the input swaps the fold's channel sets, so the prediction must not change.
    const a = folded.forward(x);
    const b = folded.forward(reflectBatch(x, 'lr'));
    assert.deepEqual(await bytes(a), await bytes(b));
    const plain = SymmetricNet.create(
      { axis: 'lr', fold: 'fold', depth: 2, filters: 4, channels: 1, swapInvariant: false },
      5,
    );
    const c = plain.forward(x);
    const d = plain.forward(reflectBatch(x, 'lr'));
    assert.notDeepEqual(
      await bytes(c),
      await bytes(d),
      'without the option the order of channel sets matters',
    );
    tf.dispose([x, z, a, b, c, d]);
  });
});
