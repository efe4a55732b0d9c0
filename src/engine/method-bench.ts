import type { Axis } from '../core/axis';
import { synthSample } from '../core/synth';
import type { FoldMode } from '../protocol/events';
import { splitSamples, type Sample } from './data';
import { loadTrainingSet } from './load-samples';
import type { LossSpec } from './losses';
import { predictSamples, trainNetwork } from './trainer';

/*
 * `symfold bench --methods`: the four ways to get a symmetric mask (fold, average, penalty, none)
 * trained the same way on the same split, scored on the same validation samples. Only the
 * method changes between rows of one dataset, so differences in the table are the method's.
 */

export interface BenchDataset {
  name: string;
  axis: Axis;
  train: Sample[];
  val: Sample[];
  epochs: number;
}

export interface MethodRow {
  dataset: string;
  axis: Axis;
  method: FoldMode;
  train: number;
  val: number;
  epochs: number;
  valIoU: number;
  valDice: number;
  asymMean: number;
  asymMax: number;
  trainPerSec: number;
  inferPerSec: number;
  parameters: number;
}

export interface MethodBenchOptions {
  depth: number;
  filters: number;
  batchSize: number;
  learningRate: number;
  loss: LossSpec;
  penaltyWeight: number;
  seed: number;
  signal?: AbortSignal;
}

/** Binary synth samples in memory: the same generator as `symfold synth`, without the disk. */
export function synthBenchSamples(axis: Axis, n: number, size: number, seed: number): Sample[] {
  return Array.from({ length: n }, (_, i) => {
    const s = synthSample(i, { axis, width: size, height: size, classes: 1, corrupt: 0, seed, n });
    return {
      id: s.id,
      image: s.image,
      mask: Uint8Array.from(s.mask.data, (v) => (v > 0 ? 1 : 0)),
      source: `synth ${axis} #${i}`,
    };
  });
}

/**
 * Distances beyond this carry no contact information (contacts are < 8 Å) and grow with the chain
 * length, so they are clipped: otherwise a long chain's far pairs would dominate the mean and
 * standard deviation the trainer normalises with.
 */
export const CONTACT_CLIP_ANGSTROM = 20;

/** The real contact maps: float32 Cα distance images (Å), clipped and scaled to [0, 1]. */
export async function loadContactMaps(
  root: string,
  warn: (message: string, file?: string) => void,
): Promise<Sample[]> {
  const { samples } = await loadTrainingSet(root, undefined, warn);
  return samples.map((s) => {
    if (s.image.channels !== 1)
      throw new Error(
        `${s.source ?? s.id}: a distance map must have one channel, this one has ${s.image.channels}`,
      );
    const data = Float32Array.from(s.image.data, (d) => {
      if (!Number.isFinite(d) || d < 0)
        throw new Error(`${s.source ?? s.id}: distances must be finite and ≥ 0, found ${d}`);
      return Math.min(d, CONTACT_CLIP_ANGSTROM) / CONTACT_CLIP_ANGSTROM;
    });
    return { ...s, image: { ...s.image, data } };
  });
}

export function splitForBench(
  name: string,
  axis: Axis,
  samples: Sample[],
  valFraction: number,
  seed: number,
  epochs: number,
): BenchDataset {
  const { train, val } = splitSamples(samples, valFraction, seed);
  return { name, axis, train, val, epochs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Trains one method on one dataset and scores its validation predictions. */
export async function benchMethod(
  data: BenchDataset,
  method: FoldMode,
  options: MethodBenchOptions,
): Promise<MethodRow> {
  const run = await trainNetwork({
    config: {
      network: {
        axis: data.axis,
        fold: method,
        depth: options.depth,
        filters: options.filters,
        channels: data.train[0].image.channels,
        swapInvariant: true,
      },
      loss: options.loss,
      penaltyWeight: method === 'penalty' ? options.penaltyWeight : 0,
      epochs: data.epochs,
      batchSize: options.batchSize,
      learningRate: options.learningRate,
      seed: options.seed,
      patience: 0,
    },
    train: data.train,
    val: data.val,
    signal: options.signal,
  });
  try {
    if (run.cancelled || !run.final) throw new Error('the benchmark was stopped');
    // The first epoch pays for kernel set-up and heap growth; later epochs are the steady state.
    const epochs = run.state.history.map((h) => h.samplesPerSec);
    const trainPerSec = median(epochs.length > 1 ? epochs.slice(1) : epochs);
    // Validation sets are small: after one untimed pass, repeat the prediction for at least 0.5 s.
    await predictSamples(run.net, data.val, run.normalisation, options.batchSize);
    let passes = 0;
    const started = performance.now();
    do {
      await predictSamples(run.net, data.val, run.normalisation, options.batchSize);
      passes++;
    } while (performance.now() - started < 500);
    const inferPerSec = (passes * data.val.length) / ((performance.now() - started) / 1000);
    // Scores of the best-IoU weights, which trainNetwork restored and evaluated.
    const scores = run.final;
    return {
      dataset: data.name,
      axis: data.axis,
      method,
      train: data.train.length,
      val: data.val.length,
      epochs: run.state.epoch,
      valIoU: scores.iou,
      valDice: scores.dice,
      asymMean: scores.asym,
      asymMax: scores.asymMax,
      trainPerSec,
      inferPerSec,
      parameters: run.net.parameterCount,
    };
  } finally {
    run.net.model.dispose();
  }
}

const fixed = (v: number, digits: number): string => v.toFixed(digits);

export function methodTable(rows: readonly MethodRow[]): string {
  const lines = [
    '| data | axis | method | val IoU | Dice | asym mean | asym max | train samples/s | infer samples/s | parameters |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.dataset} | ${r.axis} | ${r.method} | ${fixed(r.valIoU, 3)} | ${fixed(r.valDice, 3)} | ${fixed(r.asymMean, 4)} | ${fixed(r.asymMax, 4)} | ${fixed(r.trainPerSec, 1)} | ${fixed(r.inferPerSec, 1)} | ${r.parameters} |`,
    );
  }
  return lines.join('\n');
}
