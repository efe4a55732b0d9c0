import * as tf from '@tensorflow/tfjs';
import type { Axis } from '../core/axis';
import type { FoldMode } from '../protocol/events';
import { foldBatch, foldedSize, reflectBatch, swapHalves, unfoldBatch } from './fold-ops';
import { buildUNet, sizeMultiple } from './unet';

export const FOLD_MODES: readonly FoldMode[] = ['fold', 'average', 'penalty', 'none'];

export function parseFoldMode(value: string): FoldMode {
  if (!(FOLD_MODES as readonly string[]).includes(value)) {
    throw new Error(`unknown fold mode '${value}': expected one of ${FOLD_MODES.join(', ')}`);
  }
  return value as FoldMode;
}

export interface NetworkConfig {
  axis: Axis;
  fold: FoldMode;
  depth: number;
  filters: number;
  /** Channels of the image (before folding). */
  channels: number;
  /** Fold mode only: make the network exactly invariant to swapping the fold's channel sets. */
  swapInvariant: boolean;
}

function padBottomRight(x: tf.Tensor4D, multiple: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const ph = Math.ceil(h / multiple) * multiple - h;
  const pw = Math.ceil(w / multiple) * multiple - w;
  if (ph === 0 && pw === 0) return x;
  return tf.pad(x, [
    [0, 0],
    [0, ph],
    [0, pw],
    [0, 0],
  ]);
}

/**
 * The U-Net together with what makes it symmetric: the fold/unfold (fold), the symmetrised
 * logits (average), or nothing (penalty and none, whose symmetry comes from the loss or not at
 * all). Inputs are frames: whole images, squares for diag/anti, on which σ is defined; the
 * network's own input is padded at the bottom and right to its size multiple and cropped back.
 */
export class SymmetricNet {
  readonly multiple: number;

  constructor(
    readonly config: NetworkConfig,
    readonly model: tf.LayersModel,
  ) {
    this.multiple = sizeMultiple(config.depth);
  }

  static create(config: NetworkConfig, seed: number): SymmetricNet {
    const folded = config.fold === 'fold';
    const model = buildUNet({
      depth: config.depth,
      filters: config.filters,
      inputChannels: folded ? 2 * config.channels : config.channels,
      swapInvariant: folded && config.swapInvariant,
      seed,
    });
    return new SymmetricNet(config, model);
  }

  get parameterCount(): number {
    return this.model.countParams();
  }

  /** The U-Net on an input of any size: padded to the size multiple, logits cropped back. */
  private core(input: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const [n, h, w] = input.shape;
    const padded = padBottomRight(input, this.multiple);
    const inputs = this.model.inputs.length === 2 ? [padded, swapHalves(padded)] : padded;
    const logits = this.model.apply(inputs, { training }) as tf.Tensor4D;
    return logits.shape[1] === h && logits.shape[2] === w
      ? logits
      : tf.slice(logits, [0, 0, 0, 0], [n, h, w, 1]);
  }

  /** Logits [N,H,W,1] for frames [N,H,W,C]; exactly σ-symmetric in fold and average modes. */
  forward(frames: tf.Tensor4D, training = false): tf.Tensor4D {
    const { axis, fold, channels } = this.config;
    if (frames.shape[3] !== channels) {
      throw new Error(
        `the model expects ${channels}-channel images, got ${frames.shape[3]} channels`,
      );
    }
    return tf.tidy(() => {
      const [, h, w] = frames.shape;
      if (fold === 'fold') {
        const half = this.core(foldBatch(frames, axis), training);
        const [fh, fw] = foldedSize(axis, h, w);
        if (half.shape[1] !== fh || half.shape[2] !== fw)
          throw new Error('internal: folded size mismatch');
        return unfoldBatch(half, axis, h, w);
      }
      const logits = this.core(frames, training);
      if (fold === 'average') return tf.div(tf.add(logits, reflectBatch(logits, axis)), 2);
      return logits;
    });
  }
}
