import type { Axis } from '../core/axis';
import { mirrorIndexMap } from '../core/reflect';

/** Scores of one binary prediction against its ground truth, on real pixels only. */
export interface SampleMetrics {
  iou: number;
  dice: number;
  /** 1 − |M ∩ σM| / |M ∪ σM| of the prediction (DESIGN.md), 0 for an empty mask. */
  asym: number;
}

/** IoU and Dice of two 0/1 masks; both are 1 when both masks are empty (nothing to miss). */
export function overlapScores(pred: Uint8Array, truth: Uint8Array): { iou: number; dice: number } {
  if (pred.length !== truth.length)
    throw new RangeError(`masks differ in size: ${pred.length} vs ${truth.length}`);
  let inter = 0;
  let sum = 0;
  for (let i = 0; i < pred.length; i++) {
    const a = pred[i] ? 1 : 0;
    const b = truth[i] ? 1 : 0;
    inter += a & b;
    sum += a + b;
  }
  if (sum === 0) return { iou: 1, dice: 1 };
  return { iou: inter / (sum - inter), dice: (2 * inter) / sum };
}

/** Asymmetry of a binary width×height mask (square for diag/anti). */
export function maskAsymmetry(mask: Uint8Array, axis: Axis, width: number, height: number): number {
  const map = mirrorIndexMap(axis, width, height);
  let inter = 0;
  let union = 0;
  for (let p = 0; p < mask.length; p++) {
    const a = mask[p] ? 1 : 0;
    const b = mask[map[p]] ? 1 : 0;
    inter += a & b;
    union += a | b;
  }
  return union === 0 ? 0 : 1 - inter / union;
}

export function meanOf(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}
