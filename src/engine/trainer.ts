import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../io/atomic';
import {
  computeNormalisation,
  disposeBatch,
  epochPlan,
  frameSize,
  groupByFrame,
  makeBatch,
  type Normalisation,
  type Sample,
} from './data';
import { asymmetryPenalty, formatLoss, segmentationLoss, type LossSpec } from './losses';
import { maskAsymmetry, meanOf, overlapScores } from './metrics';
import {
  loadLayersModel,
  loadOptimizer,
  pruneCheckpoints,
  saveLayersModel,
  saveOptimizer,
} from './model-io';
import { SymmetricNet, type NetworkConfig } from './network';

export interface TrainConfig {
  network: NetworkConfig;
  loss: LossSpec;
  /** Weight of the asymmetry penalty; used in 'penalty' mode only. */
  penaltyWeight: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Stop after this many epochs without a better validation IoU (0: never). */
  patience: number;
}

export interface EpochStats {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss?: number;
  valIoU?: number;
  valDice?: number;
  valAsym?: number;
  valAsymMax?: number;
  samplesPerSec: number;
}

export interface TrainCallbacks {
  onBatch?(epoch: number, batch: number, batches: number, loss: number): void;
  onEpoch?(stats: EpochStats): void;
  onCheckpoint?(epoch: number, dir: string): void;
}

export interface TrainState {
  /** Completed epochs. */
  epoch: number;
  bestIoU: number;
  bestEpoch: number;
  sinceBest: number;
  history: EpochStats[];
  /** True when the last epoch was cut short by a stop request. */
  partial: boolean;
}

interface CheckpointPointer {
  dir: string;
  epoch: number;
  config: TrainConfig;
  normalisation: Normalisation;
  state: TrainState;
  optimizerSpecs: tf.io.WeightsManifestEntry[];
}

export const CHECKPOINT_POINTER = 'checkpoint.json';

export interface Prediction {
  sample: Sample;
  /** Foreground probabilities, image-sized, row-major. */
  probs: Float32Array;
}

/** Probabilities for every sample, cropped back to each image's own size. */
export async function predictSamples(
  net: SymmetricNet,
  samples: readonly Sample[],
  norm: Normalisation,
  batchSize: number,
): Promise<Prediction[]> {
  const out: Prediction[] = [];
  for (const group of groupByFrame(samples, net.config.axis)) {
    for (let i = 0; i < group.samples.length; i += batchSize) {
      const batch = makeBatch(
        group.samples.slice(i, i + batchSize),
        norm,
        group.height,
        group.width,
      );
      const probs = tf.tidy(() => tf.sigmoid(net.forward(batch.x, false)));
      const values = (await probs.data()) as Float32Array;
      tf.dispose(probs);
      disposeBatch(batch);
      batch.samples.forEach((sample, b) => {
        const { width, height } = sample.image;
        const crop = new Float32Array(width * height);
        for (let y = 0; y < height; y++) {
          const from = (b * group.height + y) * group.width;
          crop.set(values.subarray(from, from + width), y * width);
        }
        out.push({ sample, probs: crop });
      });
    }
  }
  return out;
}

export function binarise(probs: Float32Array, threshold: number): Uint8Array {
  return Uint8Array.from(probs, (p) => (p >= threshold ? 1 : 0));
}

export interface EvalResult {
  iou: number;
  dice: number;
  asym: number;
  asymMax: number;
  perSample: { id: string; iou: number; dice: number; asym: number }[];
}

/** IoU, Dice and prediction asymmetry (on the σ frame: square-padded for diag/anti) of thresholded predictions. */
export function scorePredictions(
  predictions: readonly Prediction[],
  axis: NetworkConfig['axis'],
  threshold = 0.5,
): EvalResult {
  const perSample = predictions.map(({ sample, probs }) => {
    if (!sample.mask)
      throw new Error(`${sample.source ?? sample.id}: no ground truth to score against`);
    const pred = binarise(probs, threshold);
    const { iou, dice } = overlapScores(pred, sample.mask);
    const { width, height } = sample.image;
    const [fh, fw] = frameSize(axis, width, height);
    let framed = pred;
    if (fh !== height || fw !== width) {
      framed = new Uint8Array(fh * fw);
      for (let y = 0; y < height; y++)
        framed.set(pred.subarray(y * width, (y + 1) * width), y * fw);
    }
    return { id: sample.id, iou, dice, asym: maskAsymmetry(framed, axis, fw, fh) };
  });
  return {
    iou: meanOf(perSample.map((s) => s.iou)),
    dice: meanOf(perSample.map((s) => s.dice)),
    asym: meanOf(perSample.map((s) => s.asym)),
    asymMax: Math.max(0, ...perSample.map((s) => s.asym)),
    perSample,
  };
}

function batchLoss(
  net: SymmetricNet,
  config: TrainConfig,
  x: tf.Tensor4D,
  y: tf.Tensor4D,
  valid: tf.Tensor4D,
  training: boolean,
): tf.Scalar {
  const logits = net.forward(x, training);
  let loss = segmentationLoss(config.loss, logits, y, valid);
  if (config.network.fold === 'penalty' && config.penaltyWeight > 0) {
    loss = tf.add(
      loss,
      tf.mul(asymmetryPenalty(logits, valid, config.network.axis), config.penaltyWeight),
    );
  }
  return loss;
}

export interface TrainRun {
  net: SymmetricNet;
  normalisation: Normalisation;
  state: TrainState;
  /** True when a stop request ended training. */
  cancelled: boolean;
  final?: EvalResult;
}

export interface TrainOptions {
  config: TrainConfig;
  train: readonly Sample[];
  val: readonly Sample[];
  /** Checkpoints go here when set. */
  outDir?: string;
  /** Continue from outDir's last checkpoint. */
  resume?: boolean;
  signal?: AbortSignal;
  callbacks?: TrainCallbacks;
}

export async function readCheckpointPointer(outDir: string): Promise<CheckpointPointer> {
  const file = path.join(outDir, CHECKPOINT_POINTER);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CheckpointPointer;
  } catch (error) {
    throw new Error(`${file}: no checkpoint to resume from (${(error as Error).message})`, {
      cause: error,
    });
  }
}

async function saveCheckpoint(
  outDir: string,
  net: SymmetricNet,
  optimizer: tf.Optimizer,
  config: TrainConfig,
  norm: Normalisation,
  state: TrainState,
): Promise<string> {
  // A fresh folder per checkpoint, made current by one atomic write of the pointer: a kill at any
  // moment leaves either the old checkpoint or the new one, never a mix.
  const name = `checkpoint-${state.epoch}${state.partial ? '-partial' : ''}-${Date.now()}`;
  const dir = path.join(outDir, name);
  await saveLayersModel(net.model, dir);
  const optimizerSpecs = await saveOptimizer(optimizer, path.join(dir, 'optimizer.bin'));
  const pointer: CheckpointPointer = {
    dir: name,
    epoch: state.epoch,
    config,
    normalisation: norm,
    state,
    optimizerSpecs,
  };
  await writeFileAtomic(
    path.join(outDir, CHECKPOINT_POINTER),
    JSON.stringify(pointer, null, 2) + '\n',
  );
  await pruneCheckpoints(outDir, name);
  return dir;
}

/**
 * Trains with Adam, one optimizer step per batch; evaluates on the validation samples after each
 * epoch; checkpoints after each epoch and when stopped; stops early after `patience` epochs
 * without a better validation IoU. The best-IoU weights are restored at the end.
 */
export async function trainNetwork(options: TrainOptions): Promise<TrainRun> {
  const { train, val, outDir, signal, callbacks } = options;
  let config = options.config;
  let norm: Normalisation;
  let state: TrainState = {
    epoch: 0,
    bestIoU: -1,
    bestEpoch: 0,
    sinceBest: 0,
    history: [],
    partial: false,
  };
  let net: SymmetricNet;
  const optimizerFor = (c: TrainConfig): tf.Optimizer => tf.train.adam(c.learningRate);
  let optimizer: tf.Optimizer;
  if (options.resume) {
    if (!outDir) throw new Error('--resume needs the run folder (--out)');
    const pointer = await readCheckpointPointer(outDir);
    // The run's own settings win, except how many epochs to run in all.
    config = { ...pointer.config, epochs: options.config.epochs };
    norm = pointer.normalisation;
    state = { ...pointer.state, partial: false };
    net = SymmetricNet.create(config.network, config.seed);
    const saved = await loadLayersModel(path.join(outDir, pointer.dir));
    net.model.setWeights(saved.getWeights());
    saved.dispose();
    optimizer = optimizerFor(config);
    await loadOptimizer(
      optimizer,
      path.join(outDir, pointer.dir, 'optimizer.bin'),
      pointer.optimizerSpecs,
    );
  } else {
    norm = computeNormalisation(train);
    net = SymmetricNet.create(config.network, config.seed);
    optimizer = optimizerFor(config);
  }
  let best: tf.Tensor[] | undefined;
  let cancelled = false;

  while (state.epoch < config.epochs) {
    const epoch = state.epoch + 1;
    const plan = epochPlan(
      train,
      config.network.axis,
      config.batchSize,
      config.seed * 1000 + epoch,
    );
    const started = performance.now();
    let lossSum = 0;
    let seen = 0;
    for (let b = 0; b < plan.length; b++) {
      const batch = makeBatch(plan[b].samples, norm, plan[b].height, plan[b].width);
      const loss = optimizer.minimize(
        () => batchLoss(net, config, batch.x, batch.y, batch.valid, true),
        true,
      ) as tf.Scalar;
      const value = (await loss.data())[0];
      tf.dispose(loss);
      disposeBatch(batch);
      if (!Number.isFinite(value))
        throw new Error(`the loss became ${value} in epoch ${epoch}; try a smaller --lr`);
      lossSum += value * batch.samples.length;
      seen += batch.samples.length;
      callbacks?.onBatch?.(epoch, b + 1, plan.length, value);
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    if (cancelled) {
      state = { ...state, partial: true };
      if (outDir)
        callbacks?.onCheckpoint?.(
          state.epoch,
          await saveCheckpoint(outDir, net, optimizer, config, norm, state),
        );
      break;
    }
    const stats: EpochStats = {
      epoch,
      epochs: config.epochs,
      loss: lossSum / Math.max(seen, 1),
      samplesPerSec: seen / seconds,
    };
    let improved = true;
    if (val.length > 0) {
      const scores = scorePredictions(
        await predictSamples(net, val, norm, config.batchSize),
        config.network.axis,
      );
      Object.assign(stats, {
        valIoU: scores.iou,
        valDice: scores.dice,
        valAsym: scores.asym,
        valAsymMax: scores.asymMax,
      });
      improved = scores.iou > state.bestIoU;
    }
    state = {
      ...state,
      epoch,
      history: [...state.history, stats],
      bestIoU: improved ? (stats.valIoU ?? 0) : state.bestIoU,
      bestEpoch: improved ? epoch : state.bestEpoch,
      sinceBest: improved ? 0 : state.sinceBest + 1,
    };
    if (improved) {
      tf.dispose(best ?? []);
      best = net.model.getWeights().map((w) => w.clone());
    }
    callbacks?.onEpoch?.(stats);
    if (outDir)
      callbacks?.onCheckpoint?.(
        epoch,
        await saveCheckpoint(outDir, net, optimizer, config, norm, state),
      );
    if (config.patience > 0 && state.sinceBest >= config.patience) break;
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
  }
  if (best && !cancelled) {
    net.model.setWeights(best);
    tf.dispose(best);
  }
  const final =
    val.length > 0 && !cancelled
      ? scorePredictions(
          await predictSamples(net, val, norm, config.batchSize),
          config.network.axis,
        )
      : undefined;
  optimizer.dispose();
  return { net, normalisation: norm, state, cancelled, final };
}

export function describeConfig(config: TrainConfig): Record<string, unknown> {
  return {
    axis: config.network.axis,
    fold: config.network.fold,
    depth: config.network.depth,
    filters: config.network.filters,
    swapInvariant: config.network.swapInvariant,
    loss: formatLoss(config.loss),
    alpha: config.loss.alpha,
    gamma: config.loss.gamma,
    penaltyWeight: config.penaltyWeight,
    epochs: config.epochs,
    batch: config.batchSize,
    lr: config.learningRate,
    seed: config.seed,
    patience: config.patience,
  };
}
