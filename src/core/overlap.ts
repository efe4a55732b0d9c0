import type { ForegroundOptions } from './binarize';
import { foregroundOf } from './binarize';
import type { Raster } from './raster';

export interface Overlap {
  iou: number;
  dice: number;
}

/** IoU and Dice of two 0/1 masks of the same length; two empty masks agree perfectly (1, 1). */
export function overlap(a: Uint8Array, b: Uint8Array): Overlap {
  if (a.length !== b.length) {
    throw new Error(`cannot compare masks of ${a.length} and ${b.length} pixels`);
  }
  let inter = 0;
  let sumA = 0;
  let sumB = 0;
  for (let p = 0; p < a.length; p++) {
    const x = a[p] !== 0 ? 1 : 0;
    const y = b[p] !== 0 ? 1 : 0;
    sumA += x;
    sumB += y;
    inter += x & y;
  }
  if (sumA + sumB === 0) return { iou: 1, dice: 1 };
  return { iou: inter / (sumA + sumB - inter), dice: (2 * inter) / (sumA + sumB) };
}

/**
 * How well a prediction matches its ground truth, both read with the same foreground rule
 * (binarize.ts: integer > threshold, float ≥ 0.5). Label maps count as foreground/background.
 */
export function comparePrediction(gt: Raster, pred: Raster, opts: ForegroundOptions = {}): Overlap {
  if (gt.width !== pred.width || gt.height !== pred.height) {
    throw new Error(
      `the prediction is ${pred.width}×${pred.height} but its ground truth is ${gt.width}×${gt.height}`,
    );
  }
  return overlap(foregroundOf(gt, opts), foregroundOf(pred, opts));
}
