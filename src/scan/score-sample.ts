/**
 * Scores one sample: decodes its ground truth (and prediction), checks sizes against the image,
 * and computes the asymmetry and overlap numbers. Every problem becomes a FileProblem naming the
 * file, so one bad file never stops a scan.
 */
import * as path from 'node:path';
import type { SampleRef } from '../core/pairing';
import type { SampleScan } from '../core/scan-report';
import type { Raster } from '../core/raster';
import { scoreMask, type ScoreOptions } from '../core/asymmetry';
import { comparePrediction } from '../core/overlap';
import { needsSquare } from '../core/axis';
import { decodeFile, readImageSize } from '../io/decode';
import type { ScanOptions } from './scan-options';

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text;
}

/** Drops a leading "<path>: " that the decoder already put in, since FileProblem names the file. */
function withoutFilePrefix(message: string, file: string, absolute: string): string {
  for (const prefix of [`${absolute}: `, `${file}: `]) {
    if (message.startsWith(prefix)) return message.slice(prefix.length);
  }
  return message;
}

export async function scoreSample(
  root: string,
  sample: SampleRef,
  options: ScanOptions,
): Promise<SampleScan> {
  const result: SampleScan = { id: sample.id, errors: [], notes: [] };
  if (sample.image) result.image = sample.image;
  if (sample.mask) result.mask = sample.mask;
  if (sample.pred) result.pred = sample.pred;
  const scoreOptions: ScoreOptions = {
    axis: options.axis,
    ...(options.maskThreshold !== undefined ? { threshold: options.maskThreshold } : {}),
    ...(options.swap ? { swap: options.swap } : {}),
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.triangle ? { triangle: options.triangle } : {}),
  };

  const load = async (rel: string): Promise<Raster | undefined> => {
    const abs = path.join(root, rel);
    try {
      return (await decodeFile(abs, { role: 'mask' })).raster;
    } catch (err) {
      result.errors.push({ file: rel, message: withoutFilePrefix(messageOf(err), rel, abs) });
      return undefined;
    }
  };

  let imageSize: { width: number; height: number } | undefined;
  if (sample.image) {
    const abs = path.join(root, sample.image);
    try {
      imageSize = await readImageSize(abs);
    } catch (err) {
      result.errors.push({
        file: sample.image,
        message: withoutFilePrefix(messageOf(err), sample.image, abs),
      });
    }
  }

  const [gt, pred] = await Promise.all([
    sample.mask ? load(sample.mask) : undefined,
    sample.pred ? load(sample.pred) : undefined,
  ]);

  if (gt) {
    result.width = gt.width;
    result.height = gt.height;
    if (imageSize && (imageSize.width !== gt.width || imageSize.height !== gt.height)) {
      result.errors.push({
        file: sample.mask!,
        message: `mask is ${gt.width}×${gt.height} but its image ${sample.image} is ${imageSize.width}×${imageSize.height}; not scored`,
      });
    } else {
      try {
        const s = scoreMask(gt, scoreOptions);
        result.gt = {
          asymmetry: s.asymmetry,
          foreground: s.foreground,
          padded: s.padded,
          triangleUnfolded: s.triangleUnfolded,
          ...(s.classes ? { classes: s.classes } : {}),
          ...(s.soft ? { soft: s.soft } : {}),
          ...(s.nanCount ? { nanCount: s.nanCount } : {}),
        };
        if (s.padded && needsSquare(options.axis)) {
          const n = Math.max(gt.width, gt.height);
          result.notes.push(
            `${sample.mask}: ${gt.width}×${gt.height} is not square; padded to ${n}×${n} for axis ${options.axis}`,
          );
        }
        if (s.triangleUnfolded) {
          result.notes.push(`${sample.mask}: stored as one triangle; unfolded before scoring`);
        }
        if (s.nanCount) {
          result.errors.push({
            file: sample.mask!,
            message: `${s.nanCount} NaN values, counted as background`,
          });
        }
      } catch (err) {
        result.errors.push({ file: sample.mask!, message: messageOf(err) });
      }
    }
  } else if (!sample.mask && imageSize) {
    result.width = imageSize.width;
    result.height = imageSize.height;
  }

  if (pred) {
    try {
      const s = scoreMask(pred, scoreOptions);
      result.prediction = {
        asymmetry: s.asymmetry,
        ...(s.soft ? { soft: s.soft } : {}),
      };
      if (gt && result.gt) {
        if (gt.width !== pred.width || gt.height !== pred.height) {
          result.errors.push({
            file: sample.pred!,
            message: `prediction is ${pred.width}×${pred.height} but the mask is ${gt.width}×${gt.height}; IoU not computed`,
          });
        } else {
          const o = comparePrediction(gt, pred, scoreOptions);
          result.prediction.iou = o.iou;
          result.prediction.dice = o.dice;
        }
      }
    } catch (err) {
      result.errors.push({ file: sample.pred!, message: messageOf(err) });
    }
  }
  return result;
}
