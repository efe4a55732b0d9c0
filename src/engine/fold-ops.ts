import * as tf from '@tensorflow/tfjs';
import type { Axis } from '../core/axis';

/*
 * The fold of DESIGN.md as tf ops on NHWC batches, so it runs on every backend and gradients flow
 * through it. Only slices, reverses, transposes, concats and selects appear: each output value is
 * a copy of one input value, which is why the results equal src/core/fold.ts bit for bit.
 */

/** σ on a batch: out(p) = x(σ(p)) for every channel. */
export function reflectBatch(x: tf.Tensor4D, axis: Axis): tf.Tensor4D {
  return tf.tidy(() => {
    switch (axis) {
      case 'lr':
        return tf.reverse(x, 2);
      case 'ud':
        return tf.reverse(x, 1);
      case 'diag':
        return tf.transpose(x, [0, 2, 1, 3]);
      case 'anti':
        return tf.reverse(tf.transpose(x, [0, 2, 1, 3]), [1, 2]);
    }
  });
}

/** 1 on the kept triangle of an n×n square (diag: x ≥ y, anti: x + y ≤ n − 1), as [1, n, n, 1] booleans. */
export function keptTriangle(axis: 'diag' | 'anti', n: number): tf.Tensor4D {
  return tf.tidy(() => {
    const rows = tf.range(0, n, 1, 'int32').reshape([n, 1]);
    const cols = tf.range(0, n, 1, 'int32').reshape([1, n]);
    const kept =
      axis === 'diag' ? tf.greaterEqual(cols, rows) : tf.lessEqual(tf.add(cols, rows), n - 1);
    return kept.reshape([1, n, n, 1]) as tf.Tensor4D;
  });
}

/** The folded size of an h×w frame: the half that holds the middle row/column when it is odd. */
export function foldedSize(axis: Axis, height: number, width: number): [number, number] {
  if (axis === 'lr') return [height, width - (width >> 1)];
  if (axis === 'ud') return [height - (height >> 1), width];
  return [height, width];
}

function checkSquare(axis: Axis, x: tf.Tensor4D): void {
  if ((axis === 'diag' || axis === 'anti') && x.shape[1] !== x.shape[2]) {
    throw new Error(`the ${axis} fold needs square inputs, got ${x.shape[1]}×${x.shape[2]}`);
  }
}

/** [N,H,W,C] → folded [N,h,w,2C]: channel set A is the kept side, set B the other side mirrored onto it. */
export function foldBatch(x: tf.Tensor4D, axis: Axis): tf.Tensor4D {
  checkSquare(axis, x);
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    if (axis === 'lr' || axis === 'ud') {
      const dim = axis === 'lr' ? 2 : 1;
      const size = axis === 'lr' ? w : h;
      const s = size >> 1;
      const keep = size - s;
      const a =
        axis === 'lr'
          ? tf.slice(x, [0, 0, s, 0], [n, h, keep, c])
          : tf.slice(x, [0, s, 0, 0], [n, keep, w, c]);
      const near =
        axis === 'lr'
          ? tf.slice(x, [0, 0, 0, 0], [n, h, keep, c])
          : tf.slice(x, [0, 0, 0, 0], [n, keep, w, c]);
      return tf.concat([a, tf.reverse(near, dim)], 3);
    }
    const kept = tf.broadcastTo(keptTriangle(axis, h), [n, h, w, c]);
    const zeros = tf.zerosLike(x);
    const a = tf.where(kept, x, zeros);
    const b = tf.where(kept, reflectBatch(x, axis), zeros);
    return tf.concat([a, b], 3);
  });
}

/** Folded [N,h,w,2C] with the two channel sets swapped: the fold of the mirrored input. */
export function swapHalves(folded: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const c = folded.shape[3] / 2;
    const [a, b] = tf.split(folded, [c, c], 3);
    return tf.concat([b, a], 3) as tf.Tensor4D;
  });
}

/** A predicted half [N,h,w,C] → the full [N,height,width,C], exactly symmetric whatever the half holds. */
export function unfoldBatch(
  half: tf.Tensor4D,
  axis: Axis,
  height: number,
  width: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = half.shape;
    const [eh, ew] = foldedSize(axis, height, width);
    if (h !== eh || w !== ew) {
      throw new Error(
        `cannot unfold a ${h}×${w} half to ${height}×${width} under ${axis}: expected ${eh}×${ew}`,
      );
    }
    if (axis === 'lr' || axis === 'ud') {
      const dim = axis === 'lr' ? 2 : 1;
      const s = (axis === 'lr' ? width : height) >> 1;
      const mirrored = tf.reverse(half, dim);
      const far =
        axis === 'lr'
          ? tf.slice(mirrored, [0, 0, 0, 0], [n, h, s, c])
          : tf.slice(mirrored, [0, 0, 0, 0], [n, s, w, c]);
      return tf.concat([far, half], dim);
    }
    const kept = tf.broadcastTo(keptTriangle(axis, h), [n, h, w, c]);
    return tf.where(kept, half, reflectBatch(half, axis));
  });
}
