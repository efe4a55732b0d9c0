import * as tf from '@tensorflow/tfjs';
import type { Axis } from '../core/axis';
import type { Raster } from '../core/raster';
import { createRng, hashString } from '../core/rng';

/*
 * Samples in memory and the batches made from them. A frame is the picture on which σ is
 * defined: the image itself for lr/ud, the image padded to a square (bottom and right) for
 * diag/anti. Frames of one batch share a size; under diag a common square also works, because
 * padding at the bottom and right commutes with the transpose, so all diag samples share one.
 */

export interface Sample {
  id: string;
  /** Any channel count and pixel type; normalised when batched. */
  image: Raster;
  /** 1 on foreground, 0 elsewhere, image-sized. Absent for prediction. */
  mask?: Uint8Array;
  /** Where the sample came from, for error messages. */
  source?: string;
}

export interface Normalisation {
  mean: number[];
  std: number[];
}

export function frameSize(axis: Axis, width: number, height: number): [number, number] {
  if (axis === 'diag' || axis === 'anti') {
    const n = Math.max(width, height);
    return [n, n];
  }
  return [height, width];
}

/** Per-channel mean and standard deviation over the training images. */
export function computeNormalisation(samples: readonly Sample[]): Normalisation {
  if (samples.length === 0)
    throw new Error('no training samples to compute the normalisation from');
  const channels = samples[0].image.channels;
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  let count = 0;
  for (const { image, source, id } of samples) {
    if (image.channels !== channels) {
      throw new Error(
        `${source ?? id}: ${image.channels} channels, but the first image has ${channels}; all images must have the same channels`,
      );
    }
    const d = image.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      sum[i % channels] += v;
      sumSq[i % channels] += v * v;
    }
    count += image.width * image.height;
  }
  const mean = Array.from(sum, (s) => s / count);
  const std = Array.from(sumSq, (s, c) => Math.sqrt(Math.max(s / count - mean[c] ** 2, 0)) || 1);
  return { mean, std };
}

/** Deterministic: the same ids and seed always give the same split, whatever the listing order. */
export function splitSamples<T extends { id: string }>(
  samples: readonly T[],
  valFraction: number,
  seed: number,
): { train: T[]; val: T[] } {
  if (!(valFraction >= 0 && valFraction < 1))
    throw new Error(`--val must be in [0, 1), got ${valFraction}`);
  const ordered = [...samples].sort(
    (a, b) =>
      hashString(`${seed}:${a.id}`) - hashString(`${seed}:${b.id}`) || a.id.localeCompare(b.id),
  );
  const valCount = valFraction === 0 ? 0 : Math.max(1, Math.round(samples.length * valFraction));
  if (samples.length - valCount < 1)
    throw new Error(`${samples.length} samples are too few to keep ${valCount} for validation`);
  return { val: ordered.slice(0, valCount), train: ordered.slice(valCount) };
}

/** Groups samples whose frames can share a batch, keyed by frame size. */
export function groupByFrame(
  samples: readonly Sample[],
  axis: Axis,
): { height: number; width: number; samples: Sample[] }[] {
  if (axis === 'diag' && samples.length > 0) {
    const n = Math.max(...samples.map((s) => Math.max(s.image.width, s.image.height)));
    return [{ height: n, width: n, samples: [...samples] }];
  }
  const groups = new Map<string, { height: number; width: number; samples: Sample[] }>();
  for (const s of samples) {
    const [height, width] = frameSize(axis, s.image.width, s.image.height);
    const key = `${height}x${width}`;
    const group = groups.get(key) ?? { height, width, samples: [] };
    group.samples.push(s);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export interface Batch {
  samples: Sample[];
  /** [N, H, W, C] normalised images, zero on padding. */
  x: tf.Tensor4D;
  /** [N, H, W, 1] targets (zeros when the samples have no masks). */
  y: tf.Tensor4D;
  /** [N, H, W, 1] 1 on real pixels. */
  valid: tf.Tensor4D;
}

export function makeBatch(
  samples: readonly Sample[],
  norm: Normalisation,
  height: number,
  width: number,
): Batch {
  const channels = norm.mean.length;
  const n = samples.length;
  const x = new Float32Array(n * height * width * channels);
  const y = new Float32Array(n * height * width);
  const valid = new Float32Array(n * height * width);
  samples.forEach((s, b) => {
    const { image } = s;
    if (image.channels !== channels) {
      throw new Error(
        `${s.source ?? s.id}: ${image.channels} channels, the model expects ${channels}`,
      );
    }
    if (image.width > width || image.height > height) {
      throw new Error(
        `${s.source ?? s.id}: ${image.width}×${image.height} does not fit the ${width}×${height} frame`,
      );
    }
    for (let row = 0; row < image.height; row++) {
      for (let col = 0; col < image.width; col++) {
        const p = (b * height + row) * width + col;
        const q = row * image.width + col;
        valid[p] = 1;
        if (s.mask) y[p] = s.mask[q] ? 1 : 0;
        for (let c = 0; c < channels; c++)
          x[p * channels + c] = (image.data[q * channels + c] - norm.mean[c]) / norm.std[c];
      }
    }
  });
  return {
    samples: [...samples],
    x: tf.tensor4d(x, [n, height, width, channels]),
    y: tf.tensor4d(y, [n, height, width, 1]),
    valid: tf.tensor4d(valid, [n, height, width, 1]),
  };
}

export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.x, batch.y, batch.valid]);
}

/** The batches of one epoch: shuffled within frame groups, then the batches shuffled. */
export function epochPlan(
  samples: readonly Sample[],
  axis: Axis,
  batchSize: number,
  seed: number,
): { height: number; width: number; samples: Sample[] }[] {
  const rng = createRng(seed);
  const plan: { height: number; width: number; samples: Sample[] }[] = [];
  for (const group of groupByFrame(samples, axis)) {
    const order = rng.shuffle([...group.samples]);
    for (let i = 0; i < order.length; i += batchSize)
      plan.push({
        height: group.height,
        width: group.width,
        samples: order.slice(i, i + batchSize),
      });
  }
  return rng.shuffle(plan);
}
