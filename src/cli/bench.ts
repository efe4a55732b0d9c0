/**
 * `symfold bench --methods`: fold, average, penalty and none trained alike on synth lr, synth diag
 * and real contact maps (diag), with accuracy, prediction asymmetry, speed and size in one table.
 * `symfold bench --throughput`: the engine's U-Net samples/s on the chosen backend.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FoldMode } from '../protocol/events';
import { adapterLabel, BACKEND_NAMES, parseBackend, selectBackend } from '../engine/backend';
import { parseLoss } from '../engine/losses';
import {
  benchMethod,
  loadContactMaps,
  methodTable,
  splitForBench,
  synthBenchSamples,
  type BenchDataset,
  type MethodRow,
} from '../engine/method-bench';
import { FOLD_MODES } from '../engine/network';
import { measureThroughput } from '../engine/perf';
import { UsageError, UserError, type CliContext, type Command } from './command';

const DATASETS = ['lr', 'diag', 'contact-maps'] as const;
type DatasetName = (typeof DATASETS)[number];
const DEFAULT_CONTACT_MAPS = path.join('..', 'shared', 'data', 'contact-maps');

const USAGE = `Usage: symfold bench --methods [options]
       symfold bench --throughput [--backend B] [--batch N]

--methods trains fold, penalty, average and none the same way (same split, seed, epochs, loss)
on synth lr, synth diag and real contact maps, and prints one markdown table: validation IoU and
Dice, the asymmetry of the thresholded predictions (mean and max over the validation samples),
train and inference samples/s, and parameters.

--throughput times a training step and inference of the 4-level U-Net (16-32-64-128) at
128×64×2 (folded) and 128×128×1 (unfolded).

Options for --methods:
  --datasets L      comma list of lr, diag, contact-maps (default all three)
  --n N             synth samples per axis (default 128)
  --size S          synth image size (default 32)
  --epochs N        epochs on synth data (default 12)
  --cm-epochs N     epochs on the contact maps, which have only 12 samples (default 40)
  --contact-maps D  the contact-map dataset: images/*.npy Cα distances in Å, masks/*.png
                    (default ${DEFAULT_CONTACT_MAPS}); distances are clipped at 20 Å and scaled to [0, 1]
  --val F           validation fraction (default 0.25)
  --depth N         U-Net levels (default 3)
  --filters N       first-level filters (default 16)
  --batch N         batch size (default 8)
  --lr X            Adam learning rate (default 0.003)
  --loss L          loss, as in symfold train (default focal+dice)
  --penalty-weight W  weight of the asymmetry penalty of the penalty rows (default 1)
  --seed X          split, weights and batch order (default 0)
  --backend B       ${BACKEND_NAMES.join(', ')} (default auto)
  --json            progress events and a final done event whose summary.rows holds the rows`;

export const benchCommand: Command = {
  name: 'bench',
  summary: 'compare fold/average/penalty/none on synth and contact maps, or time the U-Net',
  usage: USAGE,
  run: runBench,
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

function parseDatasets(value: string | undefined): DatasetName[] {
  if (value === undefined) return [...DATASETS];
  const names = value.split(',').map((s) => s.trim());
  for (const name of names)
    if (!(DATASETS as readonly string[]).includes(name))
      throw new UsageError(
        `unknown dataset '${name}' in --datasets: expected ${DATASETS.join(', ')}`,
      );
  return names as DatasetName[];
}

async function runBench(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      methods: { type: 'boolean' },
      throughput: { type: 'boolean' },
      datasets: { type: 'string' },
      n: { type: 'string' },
      size: { type: 'string' },
      epochs: { type: 'string' },
      'cm-epochs': { type: 'string' },
      'contact-maps': { type: 'string' },
      val: { type: 'string' },
      depth: { type: 'string' },
      filters: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      loss: { type: 'string' },
      'penalty-weight': { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (Boolean(values.methods) === Boolean(values.throughput))
    throw new UsageError('give one of --methods or --throughput');
  let backendRequest;
  try {
    backendRequest = parseBackend(values.backend ?? 'auto');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const batchSize = positiveInt('batch', values.batch, 8);
  const backend = await selectBackend(backendRequest);
  if (backendRequest !== 'auto' && backend.name !== backendRequest)
    ctx.warn(`--backend ${backendRequest} is not available; using ${backend.name}`);
  const backendLabel = `${backend.name}${backend.adapter ? ` (${adapterLabel(backend.adapter)})` : ''}`;

  if (values.throughput) {
    ctx.emit({
      event: 'start',
      command: 'bench',
      backend: backend.name,
      fallbacks: backend.fallbacks,
    });
    const folded = await measureThroughput(true, batchSize);
    const unfolded = await measureThroughput(false, batchSize);
    const metrics = {
      foldedTrainPerSec: folded.trainPerSec,
      foldedInferPerSec: folded.inferPerSec,
      unfoldedTrainPerSec: unfolded.trainPerSec,
      unfoldedInferPerSec: unfolded.inferPerSec,
    };
    ctx.print(`4-level U-Net 16-32-64-128, batch ${batchSize}, backend ${backendLabel}`);
    ctx.print('| input | train samples/s | infer samples/s |\n|---|---:|---:|');
    ctx.print(
      `| 128×64×2 folded | ${folded.trainPerSec.toFixed(1)} | ${folded.inferPerSec.toFixed(1)} |`,
    );
    ctx.print(
      `| 128×128×1 unfolded | ${unfolded.trainPerSec.toFixed(1)} | ${unfolded.inferPerSec.toFixed(1)} |`,
    );
    ctx.emit({ event: 'done', metrics });
    return 0;
  }

  let loss;
  try {
    loss = parseLoss(values.loss ?? 'focal+dice');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const names = parseDatasets(values.datasets);
  const n = positiveInt('n', values.n, 128);
  const size = positiveInt('size', values.size, 32);
  const epochs = positiveInt('epochs', values.epochs, 12);
  const cmEpochs = positiveInt('cm-epochs', values['cm-epochs'], 40);
  const valFraction = number('val', values.val, 0.25);
  const seed = number('seed', values.seed, 0);
  const options = {
    depth: positiveInt('depth', values.depth, 3),
    filters: positiveInt('filters', values.filters, 16),
    batchSize,
    learningRate: number('lr', values.lr, 0.003),
    loss,
    penaltyWeight: number('penalty-weight', values['penalty-weight'], 1),
    seed,
    signal: ctx.signal,
  };

  const datasets: BenchDataset[] = [];
  for (const name of names) {
    try {
      if (name === 'contact-maps') {
        const root = path.resolve(values['contact-maps'] ?? DEFAULT_CONTACT_MAPS);
        if (!existsSync(root))
          throw new UserError(
            `${root}: no contact-map dataset there; give --contact-maps DIR or leave contact-maps out of --datasets`,
            root,
          );
        const samples = await loadContactMaps(root, (m, f) => ctx.warn(m, f));
        datasets.push(splitForBench('contact maps', 'diag', samples, valFraction, seed, cmEpochs));
      } else {
        const samples = synthBenchSamples(name, n, size, seed + 1);
        datasets.push(splitForBench(`synth ${name}`, name, samples, valFraction, seed, epochs));
      }
    } catch (error) {
      if (error instanceof UserError || error instanceof UsageError) throw error;
      throw new UserError((error as Error).message);
    }
  }

  const total = datasets.length * FOLD_MODES.length;
  ctx.emit({
    event: 'start',
    command: 'bench',
    backend: backend.name,
    fallbacks: backend.fallbacks,
    config: {
      datasets: names,
      n,
      size,
      epochs,
      cmEpochs,
      valFraction,
      depth: options.depth,
      filters: options.filters,
      batch: batchSize,
      lr: options.learningRate,
      loss: values.loss ?? 'focal+dice',
      penaltyWeight: options.penaltyWeight,
      seed,
    },
  });
  ctx.print(
    `bench --methods on ${backendLabel}: depth ${options.depth}, ${options.filters} filters, batch ${batchSize}, lr ${options.learningRate}, ${values.loss ?? 'focal+dice'}, seed ${seed}`,
  );
  const rows: MethodRow[] = [];
  // The table's order: the method of the product last, right under the ones it is compared with.
  const methods: FoldMode[] = ['none', 'penalty', 'average', 'fold'];
  for (const data of datasets) {
    for (const method of methods) {
      if (ctx.signal.aborted) break;
      const started = performance.now();
      let row: MethodRow;
      try {
        row = await benchMethod(data, method, options);
      } catch (error) {
        if (ctx.signal.aborted) break;
        throw new UserError(`${data.name}, ${method}: ${(error as Error).message}`);
      }
      rows.push(row);
      const seconds = (performance.now() - started) / 1000;
      ctx.emit({
        event: 'progress',
        done: rows.length,
        total,
        message: `${data.name} ${method}: IoU ${row.valIoU.toFixed(3)}, asym ${row.asymMean.toFixed(4)} (${seconds.toFixed(1)} s)`,
      });
      if (!ctx.json)
        process.stderr.write(
          `  ${data.name} ${method}: ${data.train.length}+${data.val.length} samples, ${row.epochs} epochs, ${seconds.toFixed(1)} s\n`,
        );
    }
  }
  ctx.print(methodTable(rows));
  const cancelled = ctx.signal.aborted;
  ctx.emit({ event: 'done', summary: { rows }, ...(cancelled ? { cancelled } : {}) });
  return cancelled ? 130 : 0;
}
