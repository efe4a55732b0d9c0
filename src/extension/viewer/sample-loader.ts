import { open } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Axis } from '../../core/axis';
import { isAxis } from '../../core/axis';
import { scoreMask } from '../../core/asymmetry';
import type { DatasetConfig } from '../../core/dataset-config';
import { parseSwap } from '../../core/dataset-config';
import { DEFAULT_FLAG_RULE, flagScores, type FlagRule } from '../../core/flags';
import { comparePrediction } from '../../core/overlap';
import type { SampleRef } from '../../core/pairing';
import type { Raster } from '../../core/raster';
import { isFloatRaster, sameSize } from '../../core/raster';
import { decodeFile } from '../../io/decode';
import type {
  ImageSource,
  MaskLayerData,
  NumericArray,
  NumericDtype,
  RawPixels,
  Scores,
} from '../../protocol/viewer';

/** What the viewer shows of one sample, decoded once; scores are recomputed per axis. */
export interface LoadedSample {
  ref: SampleRef;
  root: string;
  image: ImageSource;
  /** The host-side rasters, for scoring without decoding again. */
  gt?: Raster;
  pred?: Raster;
  gtLayer?: MaskLayerData;
  predLayer?: MaskLayerData;
  /** Masks of another size than the image: shown, but never scored. */
  mismatched: Set<'gt' | 'pred'>;
  warnings: string[];
  notices: string[];
}

export interface LoadOptions {
  /** Images with more pixels open downsampled (with a notice). */
  maxPixels: number;
  toWebviewUri(path: string): string;
}

const BROWSER_FORMATS = new Set(['.png', '.jpg', '.jpeg', '.webp']);

/**
 * 8-bit PNG, JPEG and WebP go to the browser by URI, which decodes them faster than a round trip
 * of raw bytes. 16-bit PNGs would be cut to 8 bits there, so they are decoded here.
 */
export async function browserCanDecode(path: string): Promise<boolean> {
  const ext = extname(path).toLowerCase();
  if (!BROWSER_FORMATS.has(ext)) return false;
  if (ext !== '.png') return true;
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(26);
    await handle.read(header, 0, 26, 0);
    // IHDR: width, height at 16..23, bit depth at 24.
    return header.toString('latin1', 12, 16) === 'IHDR' && header[24] <= 8;
  } finally {
    await handle.close();
  }
}

function pngSize(header: Buffer): { width: number; height: number } {
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

async function imageSize(path: string): Promise<{ width: number; height: number }> {
  if (extname(path).toLowerCase() === '.png') {
    const handle = await open(path, 'r');
    try {
      const header = Buffer.alloc(24);
      await handle.read(header, 0, 24, 0);
      return pngSize(header);
    } finally {
      await handle.close();
    }
  }
  const sharp = (await import('sharp')).default;
  const meta = await sharp(path, { limitInputPixels: false }).metadata();
  if (!meta.width || !meta.height) throw new Error(`${path}: the image has no size`);
  return { width: meta.width, height: meta.height };
}

export function toRawPixels(r: Raster): RawPixels {
  let data: NumericArray;
  let dtype: NumericDtype;
  if (r.data instanceof Uint8Array) [data, dtype] = [r.data, 'uint8'];
  else if (r.data instanceof Uint16Array) [data, dtype] = [r.data, 'uint16'];
  else if (r.data instanceof Int32Array) [data, dtype] = [r.data, 'int32'];
  else if (r.data instanceof Float32Array) [data, dtype] = [r.data, 'float32'];
  // A screen shows no float64 precision; half the bytes cross to the webview.
  else [data, dtype] = [Float32Array.from(r.data), 'float32'];
  return { width: r.width, height: r.height, channels: r.channels, dtype, data };
}

async function loadImage(path: string, o: LoadOptions, notices: string[]): Promise<ImageSource> {
  if (await browserCanDecode(path)) {
    const { width, height } = await imageSize(path);
    if (width * height <= o.maxPixels)
      return { kind: 'uri', uri: o.toWebviewUri(path), width, height };
  }
  const decoded = await decodeFile(path, { role: 'image', maxPixels: o.maxPixels });
  if (decoded.downsampled) notices.push(downsampleNotice(basename(path), decoded.raster));
  return { kind: 'raw', ...toRawPixels(decoded.raster) };
}

function downsampleNotice(name: string, r: Raster): string {
  return `${name} is too large to show at full size; it is shown downsampled to ${r.width} × ${r.height}.`;
}

async function loadMask(
  path: string,
  o: LoadOptions,
  notices: string[],
): Promise<{ raster: Raster; layer: MaskLayerData }> {
  const decoded = await decodeFile(path, { role: 'mask', maxPixels: o.maxPixels });
  if (decoded.downsampled) notices.push(downsampleNotice(basename(path), decoded.raster));
  const raster = decoded.raster;
  return {
    raster,
    layer: { ...toRawPixels(raster), name: basename(path), soft: isFloatRaster(raster) },
  };
}

/**
 * Decodes a sample's files. The image is required for the picture; a mask or prediction that
 * fails to decode becomes a warning, so one bad file never hides the others.
 */
export async function loadSample(
  ref: SampleRef,
  root: string,
  o: LoadOptions,
): Promise<LoadedSample> {
  const warnings: string[] = [];
  const notices: string[] = [];
  const at = (p: string): string => resolve(root, p);
  const loaded: LoadedSample = {
    ref,
    root,
    image: undefined as unknown as ImageSource,
    mismatched: new Set(),
    warnings,
    notices,
  };
  const masks: ['gt' | 'pred', string | undefined][] = [
    ['gt', ref.mask],
    ['pred', ref.pred],
  ];
  // The files decode at once: sharp works off the main thread, so three in flight overlap.
  const image = ref.image ? loadImage(at(ref.image), o, notices) : undefined;
  // Hold the image's failure until the masks settle, so no rejection goes unhandled meanwhile.
  image?.catch(() => undefined);
  const decoded = await Promise.all(
    masks.map(async ([which, path]) => {
      if (!path) return undefined;
      try {
        return { which, ...(await loadMask(at(path), o, notices)) };
      } catch (error) {
        warnings.push(error instanceof Error ? error.message : String(error));
        return undefined;
      }
    }),
  );
  for (const d of decoded) {
    if (!d) continue;
    loaded[d.which] = d.raster;
    loaded[`${d.which}Layer`] = d.layer;
  }
  if (image) {
    loaded.image = await image;
  } else {
    // A mask without an image is shown over a black canvas of its size.
    const base = loaded.gt ?? loaded.pred;
    if (!base) throw new Error(warnings[0] ?? `sample '${ref.id}' has no readable file`);
    loaded.image = {
      kind: 'raw',
      width: base.width,
      height: base.height,
      channels: 1,
      dtype: 'uint8',
      data: new Uint8Array(base.width * base.height),
    };
    notices.push(`sample '${ref.id}' has no image; its masks are shown on black.`);
  }
  const img = loaded.image;
  for (const [which] of masks) {
    const r = loaded[which];
    if (r && (r.width !== img.width || r.height !== img.height)) {
      loaded.mismatched.add(which);
      warnings.push(
        `${basename(at((which === 'gt' ? ref.mask : ref.pred) ?? ''))} is ${r.width} × ${r.height} but its image is ${img.width} × ${img.height}; it is drawn from the top-left corner and not scored.`,
      );
    }
  }
  return loaded;
}

/** The dataset's axis if it names one; else diag for square arrays (contact maps), else the setting. */
export function defaultAxis(
  config: DatasetConfig | undefined,
  sample: LoadedSample,
  fallback: Axis,
): Axis {
  if (config?.axis && isAxis(config.axis)) return config.axis;
  const ext = extname(sample.ref.image ?? sample.ref.mask ?? '').toLowerCase();
  if ((ext === '.npy' || ext === '.npz') && sample.image.width === sample.image.height)
    return 'diag';
  return fallback;
}

function flagRuleOf(config: DatasetConfig | undefined): FlagRule {
  const f = config?.flag;
  if (f?.mode === 'threshold' && typeof f.threshold === 'number')
    return { mode: 'threshold', threshold: f.threshold };
  return DEFAULT_FLAG_RULE;
}

/** The panel's scores under one axis, computed on the rasters already decoded. */
export function scoreSample(
  sample: LoadedSample,
  axis: Axis,
  config: DatasetConfig | undefined,
): Scores {
  const notes: string[] = [];
  const opts = {
    axis,
    threshold: config?.threshold,
    swap: config?.swap ? parseSwap(config.swap) : undefined,
  };
  const scores: Scores = { axis, flagged: false, notes };
  const gt = sample.mismatched.has('gt') ? undefined : sample.gt;
  const pred = sample.mismatched.has('pred') ? undefined : sample.pred;
  if (gt) scores.gtAsymmetry = scoreMask(gt, opts).asymmetry;
  else
    notes.push(
      sample.gt
        ? 'ground truth not scored: its size differs from the image'
        : 'no ground-truth mask',
    );
  if (pred) scores.predAsymmetry = scoreMask(pred, opts).asymmetry;
  else if (sample.pred) notes.push('prediction not scored: its size differs from the image');
  if (gt && pred && sameSize(gt, pred)) {
    const o = comparePrediction(gt, pred, { threshold: config?.threshold });
    scores.iou = o.iou;
    scores.dice = o.dice;
  }
  const rule = flagRuleOf(config);
  // A robust (MAD) rule needs the whole dataset's scores; one sample can only be held to a threshold.
  if (scores.gtAsymmetry !== undefined) {
    const single: FlagRule = rule.mode === 'threshold' ? rule : DEFAULT_FLAG_RULE;
    scores.flagged = flagScores([scores.gtAsymmetry], single).flagged[0];
  }
  return scores;
}
