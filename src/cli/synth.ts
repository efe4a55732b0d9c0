/**
 * `symfold synth`: writes a synthetic dataset (images/, masks/, symfold.json, corrupted.txt)
 * whose truth is known, for trying SymFold out and for end-to-end tests.
 */
import { parseArgs } from 'node:util';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { AXES, isAxis, type Axis } from '../core/axis';
import { DATASET_CONFIG_FILE, parseDatasetConfig } from '../core/dataset-config';
import {
  MAX_SYNTH_CLASSES,
  MIN_SYNTH_SIZE,
  synthDatasetConfig,
  synthSample,
  validateSynthOptions,
  type CorruptionKind,
  type SynthOptions,
} from '../core/synth';
import { encodePng } from '../io/encode';
import { writeFileAtomic } from '../io/atomic';

/** Samples can be generated again from the seed: no fsync per file (see writeFileAtomic). */
const GENERATED = { durable: false } as const;
import { UsageError, UserError, type CliContext, type Command } from './command';
import { ProgressBar } from './progress-bar';

export const CORRUPTED_LIST_FILE = 'corrupted.txt';
/** Marks a symfold.json as written by this command, so its folder may be rewritten. */
export const SYNTH_GENERATOR = 'symfold synth';
/** Samples in flight: sharp encodes on libuv's threads, so a few at once keep both cores busy. */
const IN_FLIGHT = 8;
const SAMPLE_FILE = /^sample-\d+\.png$/;

const USAGE = `Usage: symfold synth <out> [options]

Writes a synthetic dataset: textured RGB images (images/), exactly symmetric ground-truth
masks (masks/), a chosen fraction of them corrupted asymmetrically (listed in corrupted.txt
with the kind), and a symfold.json with the axis.

Options:
  --axis A       lr, ud, diag or anti (default lr); diag and anti draw contact-map-like patterns
  --n N          number of samples (default 100)
  --size S       S or WxH pixels, at least ${MIN_SYNTH_SIZE} (default 64); diag and anti need a square
  --corrupt F    fraction of masks to corrupt, 0 to 1 (default 0)
  --classes K    1: binary masks 0/255; 2..${MAX_SYNTH_CLASSES}: label ids 1..K, under lr/ud
                 labels 1 and 2 are a left/right pair (swap "1:2" in symfold.json) (default 1)
  --seed X       whole number; the same seed writes the same bytes (default 0)
  --json         JSON-lines events on stdout (start, progress, done)

<out> must be missing, empty, or an earlier synth output (which is replaced).`;

interface SynthRun extends SynthOptions {
  out: string;
}

export const synthCommand: Command = {
  name: 'synth',
  summary: 'write a synthetic dataset with symmetric masks and known corruptions',
  usage: USAGE,
  run: runSynth,
};

async function runSynth(argv: string[], ctx: CliContext): Promise<number> {
  const opts = parseSynthArgs(argv);
  const { out } = opts;
  await prepareOutFolder(out);

  const config = {
    out,
    axis: opts.axis,
    n: opts.n,
    width: opts.width,
    height: opts.height,
    classes: opts.classes,
    corrupt: opts.corrupt,
    seed: opts.seed,
  };
  ctx.emit({ event: 'start', command: 'synth', config });
  const started = Date.now();

  const { out: _out, ...generation } = config;
  const datasetConfig = {
    ...synthDatasetConfig(opts),
    synth: { generator: SYNTH_GENERATOR, ...generation },
  };
  await writeFileAtomic(
    path.join(out, DATASET_CONFIG_FILE),
    JSON.stringify(datasetConfig, null, 2) + '\n',
  );
  await mkdir(path.join(out, 'images'), { recursive: true });
  await mkdir(path.join(out, 'masks'), { recursive: true });

  const corrupted = new Map<number, { id: string; kind: CorruptionKind }>();
  const bar = new ProgressBar('synth', opts.n, ctx.tty && !ctx.json);
  let next = 0;
  let done = 0;
  let lastEmit = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.n && !ctx.signal.aborted) {
      const index = next++;
      const sample = synthSample(index, opts);
      const [image, mask] = await Promise.all([encodePng(sample.image), encodePng(sample.mask)]);
      await Promise.all([
        writeFileAtomic(path.join(out, 'images', `${sample.id}.png`), image, GENERATED),
        writeFileAtomic(path.join(out, 'masks', `${sample.id}.png`), mask, GENERATED),
      ]);
      if (sample.corruption) corrupted.set(index, { id: sample.id, kind: sample.corruption });
      done++;
      bar.update(done);
      const now = Date.now();
      if (done === opts.n || now - lastEmit > 200) {
        lastEmit = now;
        ctx.emit({ event: 'progress', done, total: opts.n });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, opts.n) }, worker));
  bar.finish();

  // Written last and only for the samples that exist, so a stopped run still lists its truth.
  const lines = [...corrupted.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, c]) => `${c.id}\t${c.kind}\n`);
  await writeFileAtomic(path.join(out, CORRUPTED_LIST_FILE), lines.join(''));

  const cancelled = ctx.signal.aborted;
  const seconds = (Date.now() - started) / 1000;
  const summary = { samples: done, corrupted: corrupted.size, ...generation, seconds };
  ctx.emit({ event: 'done', path: out, summary, ...(cancelled ? { cancelled: true } : {}) });
  ctx.print(
    `${cancelled ? 'stopped after' : 'wrote'} ${done} samples (${corrupted.size} corrupted) to ${out}: ` +
      `axis ${opts.axis}, ${opts.width}×${opts.height}, ${opts.classes} class${opts.classes === 1 ? '' : 'es'}, seed ${opts.seed}, ${seconds.toFixed(1)} s`,
  );
  return cancelled ? 130 : 0;
}

export function parseSynthArgs(argv: string[]): SynthRun {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        axis: { type: 'string', default: 'lr' },
        n: { type: 'string', default: '100' },
        size: { type: 'string', default: '64' },
        corrupt: { type: 'string', default: '0' },
        classes: { type: 'string', default: '1' },
        seed: { type: 'string', default: '0' },
        json: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'missing <out>: the folder to write the dataset into'
        : `expected one <out> folder, got ${positionals.join(' ')}`,
    );
  }
  if (!isAxis(values.axis))
    throw new UsageError(`--axis '${values.axis}' is not one of ${AXES.join(', ')}`);
  const axis: Axis = values.axis;
  const [width, height] = parseSize(values.size);
  const opts: SynthRun = {
    out: path.resolve(positionals[0]),
    axis,
    width,
    height,
    n: wholeNumber(values.n, '--n'),
    classes: wholeNumber(values.classes, '--classes'),
    corrupt: fraction(values.corrupt),
    seed: wholeNumber(values.seed, '--seed', true),
  };
  try {
    validateSynthOptions(opts);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return opts;
}

function parseSize(text: string): [number, number] {
  const m = /^(\d+)(?:[x×](\d+))?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--size '${text}' is not S or WxH (e.g. 64 or 96x64)`);
  const width = Number(m[1]);
  return [width, m[2] === undefined ? width : Number(m[2])];
}

function wholeNumber(text: string, flag: string, allowNegative = false): number {
  const pattern = allowNegative ? /^-?\d+$/ : /^\d+$/;
  const value = Number(text);
  if (!pattern.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new UsageError(`${flag} '${text}' is not a whole number`);
  }
  return value;
}

function fraction(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`--corrupt '${text}' is not a fraction from 0 to 1 (e.g. 0.1)`);
  }
  return value;
}

/**
 * Creates the folder, or clears an earlier synth output there. Anything else that is not empty
 * is refused, so a typo in <out> can never overwrite a user's data.
 */
async function prepareOutFolder(out: string): Promise<void> {
  let names: string[];
  try {
    const info = await stat(out);
    if (!info.isDirectory()) throw new UserError(`${out} is a file; synth writes a folder`, out);
    names = await readdir(out);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      await mkdir(out, { recursive: true });
      return;
    }
    throw err;
  }
  if (names.length === 0) return;
  const problem = await whyNotSynthOutput(out, names);
  if (problem) {
    throw new UserError(
      `refusing to write into ${out}: it is not empty and not an earlier synth output (${problem})`,
      out,
    );
  }
  await rm(path.join(out, 'images'), { recursive: true, force: true });
  await rm(path.join(out, 'masks'), { recursive: true, force: true });
  await rm(path.join(out, CORRUPTED_LIST_FILE), { force: true });
}

async function whyNotSynthOutput(out: string, names: string[]): Promise<string | undefined> {
  const allowed = new Set([DATASET_CONFIG_FILE, CORRUPTED_LIST_FILE, 'images', 'masks']);
  const foreign = names.filter((n) => !allowed.has(n) && !isLeftoverTemp(n));
  if (foreign.length > 0) return `it holds ${describe(foreign)}`;
  if (!names.includes(DATASET_CONFIG_FILE))
    return `it has no ${DATASET_CONFIG_FILE} from an earlier synth`;
  try {
    const { config } = parseDatasetConfig(
      await readFile(path.join(out, DATASET_CONFIG_FILE), 'utf8'),
      DATASET_CONFIG_FILE,
    );
    if (config.synth?.generator !== SYNTH_GENERATOR)
      return `its ${DATASET_CONFIG_FILE} was not written by synth`;
  } catch {
    return `its ${DATASET_CONFIG_FILE} was not written by synth`;
  }
  for (const sub of ['images', 'masks']) {
    if (!names.includes(sub)) continue;
    let inside: string[];
    try {
      inside = await readdir(path.join(out, sub));
    } catch {
      return `${sub} is not a folder`;
    }
    const others = inside.filter((n) => !SAMPLE_FILE.test(n) && !isLeftoverTemp(n));
    if (others.length > 0) return `${sub}/ holds ${describe(others)}`;
  }
  return undefined;
}

/** Temporary files of an interrupted atomic write (".name.pid.random.tmp"). */
function isLeftoverTemp(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

function describe(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
