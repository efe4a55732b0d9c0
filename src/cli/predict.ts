/**
 * `symfold predict <model> <images> --out DIR`: one PNG mask per image (same stem), and with
 * --probs the float32 probabilities as .npy.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { rasterOf } from '../core/raster';
import { assertSafeOutputFolder, writeFileAtomic } from '../io/atomic';
import { encodePng } from '../io/encode';
import { encodeNpy } from '../io/npy';
import { BACKEND_NAMES, parseBackend, selectBackend } from '../engine/backend';
import type { Sample } from '../engine/data';
import { listImagesToPredict, loadImage } from '../engine/load-samples';
import { loadLayersModel, readMeta } from '../engine/model-io';
import { SymmetricNet } from '../engine/network';
import { binarise, predictSamples } from '../engine/trainer';
import { UsageError, UserError, type CliContext, type Command } from './command';
import { ProgressBar } from './progress-bar';

const USAGE = `Usage: symfold predict <model> <images> --out DIR [options]

<model> is a folder written by symfold train; <images> a dataset folder (its images are used)
or a folder of image files. Writes DIR/<stem>.png (0/255) for each image.

Options:
  --out DIR        output folder (required); never a folder of images or ground truth
  --probs          also write DIR/<stem>.npy with float32 probabilities
  --threshold T    foreground where the probability is ≥ T (default: the model's, 0.5)
  --batch N        images per step (default 8)
  --backend B      ${BACKEND_NAMES.join(', ')} (default auto)
  --json           JSON-lines events on stdout`;

export const predictCommand: Command = {
  name: 'predict',
  summary: 'predict symmetric masks with a trained model',
  usage: USAGE,
  run: runPredict,
};

async function runPredict(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      probs: { type: 'boolean' },
      threshold: { type: 'string' },
      batch: { type: 'string' },
      backend: { type: 'string' },
    },
  });
  if (positionals.length !== 2) throw new UsageError('give a model folder and an images folder');
  if (!values.out) throw new UsageError('--out DIR is required');
  const [modelDir, input] = positionals.map((p) => path.resolve(p));
  const outDir = path.resolve(values.out);
  const batchSize = values.batch === undefined ? 8 : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new UsageError(`--batch must be a positive whole number, got '${values.batch}'`);
  let backendRequest;
  try {
    backendRequest = parseBackend(values.backend ?? 'auto');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const meta = await readMeta(modelDir).catch((error: Error) => {
    throw new UserError(error.message, modelDir);
  });
  const threshold = values.threshold === undefined ? meta.threshold : Number(values.threshold);
  if (!(threshold > 0 && threshold < 1))
    throw new UsageError(`--threshold must be between 0 and 1, got '${values.threshold}'`);
  const { files, protectedDirs } = await listImagesToPredict(input).catch((error: Error) => {
    throw new UserError(error.message, input);
  });
  try {
    assertSafeOutputFolder(outDir, [...protectedDirs, modelDir]);
  } catch (error) {
    throw new UserError((error as Error).message, outDir);
  }

  const backend = await selectBackend(backendRequest);
  if (backendRequest !== 'auto') for (const reason of backend.fallbacks) ctx.warn(reason);
  ctx.emit({
    event: 'start',
    command: 'predict',
    backend: backend.name,
    fallbacks: backend.fallbacks,
    config: {
      model: modelDir,
      images: input,
      out: outDir,
      threshold,
      files: files.length,
      axis: meta.axis,
      fold: meta.fold,
    },
  });

  const samples: Sample[] = [];
  for (const file of files) {
    const image = await loadImage(file, meta.input.resize).catch((error: Error) => {
      throw new UserError(error.message, file);
    });
    if (image.channels !== meta.input.channels) {
      throw new UserError(
        `${file}: ${image.channels}-channel image, but the model was trained on ${meta.input.channels}-channel images`,
        file,
      );
    }
    if ((meta.axis === 'diag' || meta.axis === 'anti') && image.width !== image.height) {
      ctx.warn(
        `${file}: ${image.width}×${image.height} is not square; under ${meta.axis} it is padded to a square at the bottom and right, and the mask cropped back`,
        file,
      );
    }
    samples.push({ id: path.parse(file).name, image, source: file });
  }
  const stems = new Map<string, string>();
  for (const s of samples) {
    const other = stems.get(s.id);
    if (other)
      throw new UserError(`${s.source} and ${other} would both write ${s.id}.png`, s.source);
    stems.set(s.id, s.source ?? s.id);
  }

  const net = new SymmetricNet(meta.network, await loadLayersModel(modelDir));
  const bar = new ProgressBar('predict', samples.length, ctx.tty && !ctx.json);
  let done = 0;
  const started = performance.now();
  for (let i = 0; i < samples.length; i += batchSize) {
    if (ctx.signal.aborted) break;
    for (const { sample, probs } of await predictSamples(
      net,
      samples.slice(i, i + batchSize),
      meta.normalisation,
      batchSize,
    )) {
      const { width, height } = sample.image;
      const mask = Uint8Array.from(binarise(probs, threshold), (v) => v * 255);
      const pngPath = path.join(outDir, `${sample.id}.png`);
      await writeFileAtomic(pngPath, await encodePng(rasterOf(mask, width, height, 1)));
      ctx.emit({ event: 'output', path: pngPath, source: sample.source });
      if (values.probs) {
        const npyPath = path.join(outDir, `${sample.id}.npy`);
        await writeFileAtomic(
          npyPath,
          encodeNpy({ dtype: 'float32', shape: [height, width], data: probs }),
        );
        ctx.emit({ event: 'output', path: npyPath, source: sample.source });
      }
      bar.update(++done);
    }
  }
  bar.finish();
  const seconds = (performance.now() - started) / 1000;
  ctx.emit({
    event: 'done',
    path: outDir,
    cancelled: ctx.signal.aborted || undefined,
    metrics: { images: done, samplesPerSec: done / seconds },
  });
  ctx.print(
    `${done} mask${done === 1 ? '' : 's'} written to ${outDir} (${backend.name}, ${(done / seconds).toFixed(1)} images/s)`,
  );
  net.model.dispose();
  return ctx.signal.aborted ? 130 : 0;
}
