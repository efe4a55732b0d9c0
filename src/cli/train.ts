/**
 * `symfold train <dataset>`: trains a symmetric segmentation network and saves it in the TF.js
 * layers format with symfold-model.json beside it.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { isAxis, type Axis } from '../core/axis';
import { assertSafeOutputFolder } from '../io/atomic';
import { adapterLabel, BACKEND_NAMES, parseBackend, selectBackend } from '../engine/backend';
import { splitSamples } from '../engine/data';
import { loadTrainingSet } from '../engine/load-samples';
import { formatLoss, parseLoss } from '../engine/losses';
import { META_FORMAT, META_VERSION, saveLayersModel, writeMeta } from '../engine/model-io';
import { parseFoldMode } from '../engine/network';
import {
  describeConfig,
  readCheckpointPointer,
  trainNetwork,
  type TrainConfig,
} from '../engine/trainer';
import { sizeMultiple } from '../engine/unet';
import { UsageError, UserError, type CliContext, type Command } from './command';
import { ProgressBar } from './progress-bar';
import { version } from '../../package.json';

const USAGE = `Usage: symfold train <dataset> [options]

Trains a U-Net whose predictions are symmetric under the dataset's axis, and saves it (TF.js
layers format: model.json + weights.bin, plus symfold-model.json) in --out.

Options:
  --axis A          lr, ud, diag or anti (default: the dataset's symfold.json)
  --fold M          fold (symmetric by construction), average, penalty or none (default fold)
  --epochs N        at most N epochs (default 30)
  --batch N         samples per step (default 8)
  --pad             keep each image's size; pad to the network's multiple (default)
  --size S          resize every image to S or WxH pixels instead
  --loss L          focal, dice, bce or weighted sums: focal+dice, 0.7*focal+0.3*dice (default focal+dice)
  --alpha A         focal loss α, the foreground weight (default 0.25)
  --gamma G         focal loss γ (default 2)
  --penalty-weight W  weight of the asymmetry penalty in --fold penalty (default 1)
  --lr X            Adam learning rate (default 0.001)
  --val F           fraction of samples for validation, split by id and seed (default 0.2)
  --seed X          whole number for the split, initial weights and batch order (default 0)
  --depth N         U-Net levels including the bottleneck (default 4)
  --filters N       filters of the first level, doubled at each level (default 16)
  --patience N      stop after N epochs without a better validation IoU; 0 never (default 8)
  --no-swap-invariant  let the fold network tell its two channel sets apart
  --backend B       ${BACKEND_NAMES.join(', ')} (default auto)
  --out DIR         where the model goes (default <dataset>/.symfold/models/<time>)
  --resume          continue the run in --out from its last checkpoint
  --json            JSON-lines events on stdout

SIGINT/SIGTERM stops after the current step and saves a checkpoint for --resume.`;

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a symmetric segmentation network on a dataset',
  usage: USAGE,
  run: runTrain,
};

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive whole number, got '${value}'`);
  return n;
}

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${value}'`);
  return n;
}

export function parseSize(value: string): [number, number] {
  const m = /^(\d+)(?:x(\d+))?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--size must be S or WxH, got '${value}'`);
  const width = Number(m[1]);
  const height = Number(m[2] ?? m[1]);
  if (width < 1 || height < 1) throw new UsageError(`--size must be positive, got '${value}'`);
  return [height, width];
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

async function runTrain(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      axis: { type: 'string' },
      fold: { type: 'string' },
      epochs: { type: 'string' },
      batch: { type: 'string' },
      pad: { type: 'boolean' },
      size: { type: 'string' },
      loss: { type: 'string' },
      alpha: { type: 'string' },
      gamma: { type: 'string' },
      'penalty-weight': { type: 'string' },
      lr: { type: 'string' },
      val: { type: 'string' },
      seed: { type: 'string' },
      depth: { type: 'string' },
      filters: { type: 'string' },
      patience: { type: 'string' },
      'no-swap-invariant': { type: 'boolean' },
      backend: { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one dataset folder');
  if (values.pad && values.size) throw new UsageError('--pad and --size exclude each other');
  const root = path.resolve(positionals[0]);
  if (values.resume && !values.out)
    throw new UsageError('--resume needs --out, the folder of the run to continue');
  const size = values.size ? parseSize(values.size) : undefined;
  let backendRequest;
  let fold;
  let loss;
  try {
    backendRequest = parseBackend(values.backend ?? 'auto');
    fold = parseFoldMode(values.fold ?? 'fold');
    loss = parseLoss(
      values.loss ?? 'focal+dice',
      number('alpha', values.alpha, 0.25),
      number('gamma', values.gamma, 2),
    );
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const valFraction = number('val', values.val, 0.2);
  const seed = number('seed', values.seed, 0);
  const patience = values.patience === undefined ? 8 : Number(values.patience);
  if (!Number.isInteger(patience) || patience < 0)
    throw new UsageError(`--patience must be a whole number ≥ 0, got '${values.patience}'`);

  const dataset = await loadTrainingSet(root, size, (m, f) => ctx.warn(m, f)).catch(
    (error: Error) => {
      throw new UserError(error.message, root);
    },
  );
  let axis: Axis;
  if (values.axis !== undefined) {
    if (!isAxis(values.axis))
      throw new UsageError(`unknown axis '${values.axis}': expected lr, ud, diag or anti`);
    axis = values.axis;
  } else if (dataset.listing.config?.axis) {
    axis = dataset.listing.config.axis;
  } else {
    throw new UserError(`${root} has no symfold.json with an axis; give --axis`, root);
  }

  const outDir = path.resolve(values.out ?? path.join(root, '.symfold', 'models', timestamp()));
  try {
    assertSafeOutputFolder(outDir, dataset.protectedDirs);
  } catch (error) {
    throw new UserError((error as Error).message, outDir);
  }

  const backend = await selectBackend(backendRequest);
  if (backendRequest !== 'auto' && backend.name !== backendRequest)
    ctx.warn(`--backend ${backendRequest} is not available; using ${backend.name}`);
  for (const reason of backend.fallbacks)
    if (backendRequest !== 'auto' || !reason.includes('measured')) ctx.warn(reason);

  const channels = dataset.samples[0].image.channels;
  let config: TrainConfig = {
    network: {
      axis,
      fold,
      depth: positiveInt('depth', values.depth, 4),
      filters: positiveInt('filters', values.filters, 16),
      channels,
      swapInvariant: !values['no-swap-invariant'],
    },
    loss,
    penaltyWeight: number('penalty-weight', values['penalty-weight'], 1),
    epochs: positiveInt('epochs', values.epochs, 30),
    batchSize: positiveInt('batch', values.batch, 8),
    learningRate: number('lr', values.lr, 0.001),
    seed,
    patience,
  };
  if (values.resume) {
    const pointer = await readCheckpointPointer(outDir).catch((error: Error) => {
      throw new UserError(error.message, outDir);
    });
    config = {
      ...pointer.config,
      epochs: values.epochs === undefined ? pointer.config.epochs : config.epochs,
    };
  }
  const { train, val } = splitSamples(dataset.samples, valFraction, config.seed);
  const described = {
    ...describeConfig(config),
    dataset: root,
    samples: dataset.samples.length,
    train: train.length,
    val: val.length,
    size: size ? `${size[1]}x${size[0]}` : 'pad',
    resume: Boolean(values.resume),
  };
  ctx.emit({
    event: 'start',
    command: 'train',
    backend: backend.name,
    fallbacks: backend.fallbacks,
    config: described,
  });
  ctx.print(
    `training ${config.network.fold} U-Net (${config.network.axis}, depth ${config.network.depth}, ${config.network.filters} filters, ${formatLoss(config.loss)}) on ${train.length} + ${val.length} samples, backend ${backend.name}${backend.adapter ? ` (${adapterLabel(backend.adapter)})` : ''}`,
  );

  const bar = { current: undefined as ProgressBar | undefined };
  let run;
  try {
    run = await trainNetwork({
      config,
      train,
      val,
      outDir,
      resume: values.resume,
      signal: ctx.signal,
      callbacks: {
        onBatch: (epoch, batch, batches, lossValue) => {
          if (batch === 1)
            bar.current = new ProgressBar(
              `epoch ${epoch}/${config.epochs}`,
              batches,
              ctx.tty && !ctx.json,
            );
          bar.current?.update(batch, `loss ${lossValue.toFixed(4)}`);
          ctx.emit({ event: 'batch', epoch, batch, batches, loss: lossValue });
        },
        onEpoch: (stats) => {
          bar.current?.finish();
          ctx.emit({ event: 'epoch', ...stats });
          const v =
            stats.valIoU === undefined
              ? ''
              : ` val IoU ${stats.valIoU.toFixed(3)} Dice ${stats.valDice?.toFixed(3)} asym ${stats.valAsym?.toFixed(4)}`;
          ctx.print(
            `epoch ${stats.epoch}/${stats.epochs} loss ${stats.loss.toFixed(4)}${v} ${stats.samplesPerSec.toFixed(1)} samples/s`,
          );
        },
        onCheckpoint: (epoch, dir) => ctx.emit({ event: 'checkpoint', epoch, path: dir }),
      },
    });
  } catch (error) {
    bar.current?.finish();
    throw new UserError((error as Error).message, outDir);
  }
  bar.current?.finish();
  if (run.cancelled) {
    const message = `training stopped at epoch ${run.state.epoch} (partial epoch saved); checkpoint in ${outDir}; continue with: symfold train ${positionals[0]} --out ${outDir} --resume`;
    ctx.warn(message);
    ctx.emit({
      event: 'done',
      path: outDir,
      cancelled: true,
      summary: { epoch: run.state.epoch, resume: `--out ${outDir} --resume` },
    });
    return 130;
  }
  const metrics: Record<string, number> = {
    epochs: run.state.epoch,
    bestEpoch: run.state.bestEpoch,
  };
  if (run.final)
    Object.assign(metrics, {
      valIoU: run.final.iou,
      valDice: run.final.dice,
      valAsym: run.final.asym,
      valAsymMax: run.final.asymMax,
    });
  const last = run.state.history.at(-1);
  if (last) metrics.loss = last.loss;
  await saveLayersModel(run.net.model, outDir);
  await writeMeta(outDir, {
    format: META_FORMAT,
    version: META_VERSION,
    network: config.network,
    axis: config.network.axis,
    fold: config.network.fold,
    input: {
      channels,
      sizeMultiple: sizeMultiple(config.network.depth),
      resize: size,
      trainedFrame: [
        Math.max(...dataset.samples.map((s) => s.image.height)),
        Math.max(...dataset.samples.map((s) => s.image.width)),
      ],
    },
    normalisation: run.normalisation,
    classes: 1,
    threshold: 0.5,
    config: { ...described, symfold: version },
    metrics,
    epochs: run.state.epoch,
    backend: backend.name,
    createdAt: new Date().toISOString(),
  });
  ctx.emit({ event: 'done', path: outDir, metrics });
  ctx.print(
    `model saved in ${outDir}${run.final ? ` (val IoU ${run.final.iou.toFixed(3)}, asym ${run.final.asym.toFixed(4)})` : ''}`,
  );
  run.net.model.dispose();
  return 0;
}
