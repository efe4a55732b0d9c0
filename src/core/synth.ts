/**
 * Synthetic datasets with a known truth: textured, non-symmetric images whose ground-truth
 * masks are exactly symmetric, except for a chosen fraction that carry realistic annotation
 * errors. They let a user (and the test suites) check the scores, the flagging and the folding
 * network on data where the right answer is known. Pure: the CLI writes the files.
 *
 * Every sample depends only on (seed, index, axis, size, classes), never on n or the corrupted
 * fraction, so the same seed gives the same pictures whatever is corrupted.
 */
import { needsSquare, type Axis } from './axis';
import { createRaster, rasterOf, type Raster } from './raster';
import { createRng, hashString } from './rng';
import { formatSwap } from './dataset-config';
import {
  CORRUPTION_KINDS,
  corruptMask,
  type CorruptionKind,
  type MaskFrame,
} from './synth-corrupt';
import { mirrorIndexMap, sideOf, swapTable, symmetriseLabels } from './synth-mirror';
import { ellipse, paintSymmetric, drawSymmetricObjects, type Canvas } from './synth-shapes';
import { renderImage } from './synth-image';

export { CORRUPTION_KINDS, MIN_CORRUPTED_ASYMMETRY, type CorruptionKind } from './synth-corrupt';

export const MIN_SYNTH_SIZE = 16;
/** Label ids are 8-bit; far fewer classes already make a crowded synthetic mask. */
export const MAX_SYNTH_CLASSES = 20;

export interface SynthOptions {
  axis: Axis;
  width: number;
  height: number;
  /** 1: binary masks (0/255); K > 1: label ids 1..K. */
  classes: number;
  /** Fraction of corrupted masks, 0..1. */
  corrupt: number;
  seed: number;
  /** Dataset size: fixes the id padding and the corrupted set. */
  n: number;
}

export interface SynthSample {
  id: string;
  image: Raster<Uint8Array>;
  mask: Raster<Uint8Array>;
  corruption?: CorruptionKind;
}

/** Checks options and says what is wrong in words a CLI user understands. */
export function validateSynthOptions(opts: SynthOptions): void {
  const { axis, width, height, classes, corrupt, seed, n } = opts;
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < MIN_SYNTH_SIZE ||
    height < MIN_SYNTH_SIZE
  ) {
    throw new RangeError(
      `size must be at least ${MIN_SYNTH_SIZE}×${MIN_SYNTH_SIZE} whole pixels, got ${width}×${height}`,
    );
  }
  if (needsSquare(axis) && width !== height) {
    throw new RangeError(
      `axis ${axis} needs square images, got ${width}×${height}: use --size ${Math.max(width, height)}`,
    );
  }
  if (!Number.isInteger(classes) || classes < 1 || classes > MAX_SYNTH_CLASSES) {
    throw new RangeError(
      `classes must be a whole number from 1 to ${MAX_SYNTH_CLASSES}, got ${classes}`,
    );
  }
  if (!(corrupt >= 0 && corrupt <= 1))
    throw new RangeError(`corrupt must be a fraction from 0 to 1, got ${corrupt}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a whole number, got ${seed}`);
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`n must be a whole number of samples, 1 or more, got ${n}`);
}

export function synthId(index: number, n: number): string {
  return `sample-${String(index + 1).padStart(Math.max(4, String(n).length), '0')}`;
}

/** Label pairs that trade places under the reflection: left/right organs under lr and ud. */
export function synthSwapPairs(axis: Axis, classes: number): Array<[number, number]> {
  return classes >= 2 && (axis === 'lr' || axis === 'ud') ? [[1, 2]] : [];
}

/** The symfold.json fields that describe a synthetic dataset (axis, and swap when there is one). */
export function synthDatasetConfig(opts: SynthOptions): { axis: Axis; swap?: string } {
  const pairs = synthSwapPairs(opts.axis, opts.classes);
  return pairs.length > 0 ? { axis: opts.axis, swap: formatSwap(pairs) } : { axis: opts.axis };
}

let corruptedCache: { key: string; kinds: Map<number, CorruptionKind> } | undefined;

/**
 * Which samples are corrupted, and how: exactly round(n·corrupt) indices, chosen by the seed,
 * with the three kinds dealt in turn so each is about equally common.
 */
export function corruptedIndices(
  n: number,
  corrupt: number,
  seed: number,
): Map<number, CorruptionKind> {
  const key = `${n}/${corrupt}/${seed}`;
  if (corruptedCache?.key === key) return corruptedCache.kinds;
  const count = Math.round(n * corrupt);
  const order = createRng(hashString(`synth-corrupt:${seed}`)).shuffle(
    Array.from({ length: n }, (_, i) => i),
  );
  const chosen = order.slice(0, count).sort((a, b) => a - b);
  const kinds = new Map<number, CorruptionKind>();
  chosen.forEach((index, k) => kinds.set(index, CORRUPTION_KINDS[k % CORRUPTION_KINDS.length]));
  corruptedCache = { key, kinds };
  return kinds;
}

let frameCache: MaskFrame | undefined;

function frameFor(opts: SynthOptions): MaskFrame {
  const { axis, width, height } = opts;
  const swap = swapTable(synthSwapPairs(axis, opts.classes));
  if (
    frameCache &&
    frameCache.axis === axis &&
    frameCache.width === width &&
    frameCache.height === height &&
    frameCache.swap.every((v, i) => v === swap[i])
  ) {
    return frameCache;
  }
  frameCache = { axis, width, height, mirror: mirrorIndexMap(axis, width, height), swap };
  return frameCache;
}

export function synthSample(index: number, opts: SynthOptions): SynthSample {
  validateSynthOptions(opts);
  if (!Number.isInteger(index) || index < 0 || index >= opts.n) {
    throw new RangeError(`sample index ${index} is outside 0..${opts.n - 1}`);
  }
  const frame = frameFor(opts);
  const { width, height, axis, classes } = opts;
  const rng = createRng(hashString(`synth:${opts.seed}:${index}`));
  const clean = drawCleanLabels(frame, classes, rng);
  const image = rasterOf(renderImage(clean, width, height, axis, classes, rng), width, height, 3);

  const kind = corruptedIndices(opts.n, opts.corrupt, opts.seed).get(index);
  let labels = clean;
  let corruption: CorruptionKind | undefined;
  if (kind) {
    // Its own stream, so that corrupting a sample never changes its picture.
    const corrupted = corruptMask(
      clean,
      frame,
      kind,
      createRng(hashString(`synth-corrupt:${opts.seed}:${index}`)),
    );
    labels = corrupted.labels;
    corruption = corrupted.kind;
  }
  const mask = createRaster(Uint8Array, width, height, 1);
  if (classes === 1) for (let i = 0; i < labels.length; i++) mask.data[i] = labels[i] > 0 ? 255 : 0;
  else mask.data.set(labels);
  const sample: SynthSample = { id: synthId(index, opts.n), image, mask };
  if (corruption) sample.corruption = corruption;
  return sample;
}

/**
 * A symmetric label map with enough of the object off the axis for a one-sided corruption to
 * show. Random draws rarely fall short; after a few, a plain ellipse pair is the fallback.
 */
function drawCleanLabels(
  frame: MaskFrame,
  classes: number,
  rng: ReturnType<typeof createRng>,
): Uint8Array {
  const { width, height, mirror, swap, axis } = frame;
  const minOffAxis = Math.max(8, Math.round(width * height * 0.01));
  for (let attempt = 0; attempt < 8; attempt++) {
    const canvas: Canvas = { labels: new Uint8Array(width * height), width, height, mirror, swap };
    drawSymmetricObjects(canvas, axis, classes, rng);
    symmetriseLabels(canvas.labels, mirror, swap);
    if (offAxisCount(canvas.labels, mirror) >= minOffAxis) return canvas.labels;
  }
  const canvas: Canvas = { labels: new Uint8Array(width * height), width, height, mirror, swap };
  const r = Math.min(width, height) * 0.15;
  paintSymmetric(canvas, ellipse(width * 0.3, height * 0.3, r, r * 0.8, 0), 1);
  symmetriseLabels(canvas.labels, mirror, swap);
  return canvas.labels;
}

function offAxisCount(labels: Uint8Array, mirror: Int32Array): number {
  let count = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0 && sideOf(mirror, i) !== 0) count++;
  return count;
}
