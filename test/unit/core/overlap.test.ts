import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePrediction, overlap } from '../../../src/core/overlap';
import { grid } from './grids';

test('overlap: IoU and Dice by hand', () => {
  const a = new Uint8Array([1, 1, 1, 0, 0]);
  const b = new Uint8Array([0, 1, 1, 1, 0]);
  assert.deepEqual(overlap(a, b), { iou: 2 / 4, dice: 4 / 6 });
  assert.deepEqual(overlap(new Uint8Array(3), new Uint8Array(3)), { iou: 1, dice: 1 });
  assert.deepEqual(overlap(new Uint8Array([1, 0]), new Uint8Array(2)), { iou: 0, dice: 0 });
  assert.throws(() => overlap(a, new Uint8Array(4)), /masks of 5 and 4 pixels/);
});

test('comparePrediction binarises 8-bit ground truth and float predictions the same way', () => {
  const gt = grid([
    [0, 255],
    [255, 0],
  ]);
  const pred = grid(
    [
      [0.1, 0.9],
      [0.5, 0.7],
    ],
    Float32Array,
  );
  assert.deepEqual(comparePrediction(gt, pred), { iou: 2 / 3, dice: 4 / 5 });
  const pred8 = grid([
    [0, 100],
    [200, 0],
  ]);
  assert.deepEqual(comparePrediction(gt, pred8, { threshold: 127 }), { iou: 1 / 2, dice: 2 / 3 });
});

test('comparePrediction refuses different sizes with both sizes in the message', () => {
  assert.throws(
    () => comparePrediction(grid([[1, 0]]), grid([[1], [0]])),
    /prediction is 1×2 but its ground truth is 2×1/,
  );
});
