import * as tf from '@tensorflow/tfjs';
import type { Axis } from '../core/axis';
import { reflectBatch } from './fold-ops';

/*
 * Losses on logits z, targets y ∈ {0, 1} and a validity mask v (1 on real pixels, 0 on padding),
 * all [N, H, W, 1] at frame size. Every term is averaged over the real pixels only, so padding
 * neither rewards nor punishes the network.
 */

export const LOSS_TERMS = ['focal', 'dice', 'bce'] as const;
export type LossTerm = (typeof LOSS_TERMS)[number];

export interface LossSpec {
  terms: { term: LossTerm; weight: number }[];
  /** Focal α: the weight of the foreground class (contact maps are mostly background). */
  alpha: number;
  gamma: number;
}

const EPS = 1e-6;

/** "focal+dice", "0.7*focal+0.3*dice", "bce". */
export function parseLoss(text: string, alpha = 0.25, gamma = 2): LossSpec {
  const terms: LossSpec['terms'] = [];
  for (const part of text.split('+')) {
    const match = /^\s*(?:(\d*\.?\d+(?:e-?\d+)?)\s*\*\s*)?([a-z]+)\s*$/i.exec(part);
    if (!match)
      throw new Error(
        `cannot read loss term '${part.trim()}' in '${text}': write e.g. focal+dice or 0.7*focal+0.3*dice`,
      );
    const term = match[2].toLowerCase();
    if (!(LOSS_TERMS as readonly string[]).includes(term)) {
      throw new Error(`unknown loss '${term}': expected ${LOSS_TERMS.join(', ')}`);
    }
    const weight = match[1] === undefined ? 1 : Number(match[1]);
    if (!(weight > 0)) throw new Error(`loss weight for ${term} must be positive, got ${match[1]}`);
    terms.push({ term: term as LossTerm, weight });
  }
  if (!(alpha > 0 && alpha < 1)) throw new Error(`focal alpha must be in (0, 1), got ${alpha}`);
  if (!(gamma >= 0)) throw new Error(`focal gamma must be ≥ 0, got ${gamma}`);
  return { terms, alpha, gamma };
}

export function formatLoss(spec: LossSpec): string {
  return spec.terms
    .map(({ term, weight }) => (weight === 1 ? term : `${weight}*${term}`))
    .join('+');
}

function maskedMean(values: tf.Tensor, valid: tf.Tensor): tf.Scalar {
  return tf.div(tf.sum(tf.mul(values, valid)), tf.maximum(tf.sum(valid), 1));
}

/** Element-wise BCE from logits, in the stable form max(z,0) − z·y + log(1 + e^−|z|). */
function bceElements(z: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
}

export function bceLoss(z: tf.Tensor, y: tf.Tensor, valid: tf.Tensor): tf.Scalar {
  return tf.tidy(() => maskedMean(bceElements(z, y), valid));
}

/** Lin et al.'s focal loss: α_t (1 − p_t)^γ · BCE. */
export function focalLoss(
  z: tf.Tensor,
  y: tf.Tensor,
  valid: tf.Tensor,
  alpha: number,
  gamma: number,
): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.sigmoid(z);
    const pt = tf.add(tf.mul(y, p), tf.mul(tf.sub(1, y), tf.sub(1, p)));
    const alphaT = tf.add(tf.mul(y, alpha), tf.mul(tf.sub(1, y), 1 - alpha));
    const modulation = gamma === 0 ? tf.onesLike(pt) : tf.pow(tf.sub(1, pt), gamma);
    return maskedMean(tf.mul(tf.mul(alphaT, modulation), bceElements(z, y)), valid);
  });
}

/** 1 − soft Dice per sample, averaged over the batch. */
export function diceLoss(z: tf.Tensor, y: tf.Tensor, valid: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.mul(tf.sigmoid(z), valid);
    const t = tf.mul(y, valid);
    const inter = tf.sum(tf.mul(p, t), [1, 2, 3]);
    const total = tf.add(tf.sum(p, [1, 2, 3]), tf.sum(t, [1, 2, 3]));
    return tf.mean(tf.sub(1, tf.div(tf.add(tf.mul(inter, 2), EPS), tf.add(total, EPS))));
  });
}

/**
 * The asymmetry penalty of DESIGN.md: 1 − soft IoU(p, σp), over pixels that are real on both sides.
 * Needs frames on which σ is defined (square for diag/anti).
 */
export function asymmetryPenalty(z: tf.Tensor4D, valid: tf.Tensor4D, axis: Axis): tf.Scalar {
  return tf.tidy(() => {
    const both = tf.mul(valid, reflectBatch(valid, axis));
    const p = tf.mul(tf.sigmoid(z), both);
    const q = reflectBatch(p as tf.Tensor4D, axis);
    const inter = tf.sum(tf.minimum(p, q));
    const union = tf.sum(tf.maximum(p, q));
    return tf.sub(1, tf.div(tf.add(inter, EPS), tf.add(union, EPS)));
  });
}

export function segmentationLoss(
  spec: LossSpec,
  z: tf.Tensor,
  y: tf.Tensor,
  valid: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const parts = spec.terms.map(({ term, weight }) => {
      const value =
        term === 'focal'
          ? focalLoss(z, y, valid, spec.alpha, spec.gamma)
          : term === 'dice'
            ? diceLoss(z, y, valid)
            : bceLoss(z, y, valid);
      return tf.mul(value, weight);
    });
    return tf.addN(parts) as tf.Scalar;
  });
}
