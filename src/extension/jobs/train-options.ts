/**
 * What a training job needs, how it is checked, and the `symfold train` command line it becomes.
 * Pure (no vscode), so the palette, the task provider and the tests all build jobs the same way.
 */
import * as path from 'node:path';
import { AXES, type Axis } from '../../core/axis';
import type { FoldMode } from '../../protocol/events';

export const FOLD_MODES: readonly FoldMode[] = ['fold', 'average', 'penalty', 'none'];
export const BACKENDS = ['auto', 'webgpu', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendSetting = (typeof BACKENDS)[number];
/** Offered in the quick pick; the CLI accepts any weighted sum such as 0.7*focal+0.3*dice. */
export const LOSS_CHOICES = ['focal+dice', 'dice', 'focal', 'bce', 'bce+dice'] as const;

export interface TrainOptions {
  /** Absolute path of the dataset folder. */
  dataset: string;
  axis: Axis;
  fold: FoldMode;
  epochs: number;
  /** Training tile size in pixels (the CLI resizes or pads to it). */
  size: number;
  batch: number;
  loss: string;
  lr: number;
  /** Fraction of samples held out for validation. */
  val: number;
  seed: number;
  backend: BackendSetting;
  /** Absolute path of the model folder. */
  out: string;
  /** Continue from the checkpoint in `out`. */
  resume: boolean;
}

/** The defaults of the symfold.train.* settings, also used where a setting is missing. */
export const TRAIN_DEFAULTS = {
  axis: 'lr' as Axis,
  fold: 'fold' as FoldMode,
  epochs: 20,
  size: 128,
  batch: 8,
  loss: 'focal+dice',
  lr: 0.001,
  val: 0.2,
  seed: 0,
};

/**
 * Models go beside the data they were trained on, one folder per axis and network (a fold mode,
 * or 'external' for the external trainer), inside .symfold/ where the dataset walkers do not look.
 */
export function defaultModelFolder(
  dataset: string,
  axis: Axis,
  network: FoldMode | 'external',
): string {
  return path.join(dataset, '.symfold', 'models', `${axis}-${network}`);
}

/**
 * Returns a message for the first bad value, or undefined when the options are usable.
 * The CLI checks again; this catches typos before a child process starts.
 */
export function checkTrainOptions(o: TrainOptions): string | undefined {
  if (!path.isAbsolute(o.dataset))
    return `the dataset must be an absolute path, got '${o.dataset}'`;
  if (!path.isAbsolute(o.out)) return `the model folder must be an absolute path, got '${o.out}'`;
  if (!AXES.includes(o.axis)) return `unknown axis '${o.axis}': expected one of ${AXES.join(', ')}`;
  if (!FOLD_MODES.includes(o.fold))
    return `unknown fold mode '${o.fold}': expected one of ${FOLD_MODES.join(', ')}`;
  if (!(BACKENDS as readonly string[]).includes(o.backend))
    return `unknown backend '${o.backend}': expected one of ${BACKENDS.join(', ')}`;
  return (
    checkInteger('epochs', o.epochs, 1, 100_000) ??
    checkInteger('size', o.size, 8, 8192) ??
    checkInteger('batch', o.batch, 1, 4096) ??
    checkInteger('seed', o.seed, 0, 2 ** 31 - 1) ??
    (o.lr > 0 && o.lr < 10 ? undefined : `the learning rate must be in (0, 10), got ${o.lr}`) ??
    (o.val >= 0 && o.val < 1
      ? undefined
      : `the validation fraction must be in [0, 1), got ${o.val}`) ??
    (/^[\w.*+ ]+$/.test(o.loss) ? undefined : `the loss '${o.loss}' is not a loss expression`)
  );
}

function checkInteger(name: string, value: number, min: number, max: number): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max
    ? undefined
    : `${name} must be a whole number from ${min} to ${max}, got ${value}`;
}

/** Reads a positive whole number typed into an input box; the message explains a bad one. */
export function parseWholeNumber(
  text: string,
  min: number,
  max: number,
): { value: number } | { error: string } {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < min || value > max) {
    return { error: `Enter a whole number from ${min} to ${max}.` };
  }
  return { value };
}

/** The arguments after `symfold` (the runner adds the node binary and the script). */
export function trainArgs(o: TrainOptions): string[] {
  const args = [
    'train',
    o.dataset,
    '--axis',
    o.axis,
    '--fold',
    o.fold,
    '--epochs',
    String(o.epochs),
    '--batch',
    String(o.batch),
    '--size',
    String(o.size),
    '--loss',
    o.loss,
    '--lr',
    String(o.lr),
    '--val',
    String(o.val),
    '--seed',
    String(o.seed),
    '--backend',
    o.backend,
    '--out',
    o.out,
  ];
  if (o.resume) args.push('--resume');
  args.push('--json');
  return args;
}

export interface PredictOptions {
  /** The model folder (what `symfold train --out` wrote). */
  model: string;
  /** The dataset folder; images are read from it and predictions written to its preds/. */
  dataset: string;
  /** The preds folder symfold.json names, relative to the dataset; 'preds' when absent. */
  predsFolder?: string;
  /** Also write probabilities (.npy) beside the thresholded masks. */
  probs: boolean;
  /** Foreground threshold; the model's own (saved at training) when absent. */
  threshold?: number;
  backend: BackendSetting;
}

/**
 * Predictions always go to the dataset's preds/ folder, never images/ or masks/: that is where
 * the viewers and the gallery look for them, and the user's ground truth is never overwritten.
 */
export function predictionFolder(dataset: string, configured?: string): string {
  const folder = configured?.trim() ? configured : 'preds';
  const resolved = path.resolve(dataset, folder);
  const relative = path.relative(dataset, resolved);
  // symfold.json may name another folder, but never one outside the dataset or the inputs.
  if (
    relative.startsWith('..') ||
    path.isAbsolute(relative) ||
    /^(images|masks)$/i.test(relative)
  ) {
    throw new Error(
      `the prediction folder '${folder}' in symfold.json must be a new folder inside the dataset, not images/, masks/ or outside it`,
    );
  }
  return resolved;
}

export function predictArgs(o: PredictOptions): string[] {
  const args = ['predict', o.model, o.dataset, '--out', predictionFolder(o.dataset, o.predsFolder)];
  if (o.probs) args.push('--probs');
  if (o.threshold !== undefined) args.push('--threshold', String(o.threshold));
  args.push('--backend', o.backend, '--json');
  return args;
}

export function checkPredictOptions(o: PredictOptions): string | undefined {
  if (!path.isAbsolute(o.model)) return `the model must be an absolute path, got '${o.model}'`;
  if (!path.isAbsolute(o.dataset))
    return `the dataset must be an absolute path, got '${o.dataset}'`;
  if (!(BACKENDS as readonly string[]).includes(o.backend))
    return `unknown backend '${o.backend}': expected one of ${BACKENDS.join(', ')}`;
  if (o.threshold !== undefined && !(o.threshold > 0 && o.threshold < 1))
    return `the threshold must be between 0 and 1, got ${o.threshold}`;
  return undefined;
}
