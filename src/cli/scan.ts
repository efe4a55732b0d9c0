/** `symfold scan <folder>`: the asymmetry of every sample's ground truth (and prediction). */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseAxis, type Axis } from '../core/axis';
import { parseSwap } from '../core/asymmetry';
import { DEFAULT_FLAG_RULE, type FlagRule } from '../core/flags';

const DEFAULT_THRESHOLD =
  DEFAULT_FLAG_RULE.mode === 'threshold' ? DEFAULT_FLAG_RULE.threshold : 0.05;
import { reportToCsv, reportToJson, reportToTable, type ScanReport } from '../core/scan-report';
import { listDataset } from '../io/dataset-files';
import { assertSafeOutputFolder, writeFileAtomic } from '../io/atomic';
import { scanDataset } from '../scan/scanner';
import type { ScanOptions } from '../scan/scan-options';
import { UsageError, UserError, type Command } from './command';
import { ProgressBar } from './progress-bar';

const usage = `Usage: symfold scan <folder> [options]

Scores how far each ground-truth mask is from symmetric, and each prediction too.

Options:
  --axis lr|ud|diag|anti   the reflection (default: symfold.json's axis, else lr)
  --swap A:B[,C:D]         label pairs that swap under the reflection (left lung 1 ↔ right lung 2)
  --threshold X            flag ground truth with asymmetry above X (default ${DEFAULT_THRESHOLD})
  --mad K                  flag above median + K·MAD over the dataset instead (robust outliers)
  --mask-threshold T       integer masks count as foreground above T (default 0)
  --mode auto|binary|labels   how integer masks are read (default auto)
  --triangle auto|full|upper  maps stored as one triangle (diag/anti; default auto)
  --format table|csv|json  report format (default table)
  --out FILE               write the report to FILE (atomically) instead of stdout
  --fail-above X           exit 3 when any ground truth scores above X (a CI gate)
  --no-cache               ignore and do not update <folder>/.symfold/scan-cache.json
  --threads N              worker threads (default: one per core)
  --json                   JSON-lines events on stdout (start, progress, sample, warning, done)

Exit codes: 0 done; 1 nothing could be scored or an error; 2 bad arguments; 3 --fail-above exceeded.`;

function parseNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} needs a number, got '${value}'`);
  return n;
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'score the asymmetry of every ground-truth mask and prediction in a folder',
  usage,
  async run(argv, ctx) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          axis: { type: 'string' },
          swap: { type: 'string' },
          threshold: { type: 'string' },
          mad: { type: 'string' },
          'mask-threshold': { type: 'string' },
          mode: { type: 'string' },
          triangle: { type: 'string' },
          format: { type: 'string' },
          out: { type: 'string' },
          'fail-above': { type: 'string' },
          'no-cache': { type: 'boolean' },
          threads: { type: 'string' },
        },
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('scan takes one folder');
    const root = path.resolve(positionals[0]);
    const format = oneOf('format', values.format, ['table', 'csv', 'json'] as const) ?? 'table';
    const threshold = parseNumber('threshold', values.threshold);
    const madK = parseNumber('mad', values.mad);
    const failAbove = parseNumber('fail-above', values['fail-above']);
    const threads = parseNumber('threads', values.threads);
    if (threshold !== undefined && madK !== undefined) {
      throw new UsageError('--threshold and --mad choose different flag rules; give one');
    }

    const listing = await listDataset(root);
    for (const w of listing.warnings) ctx.warn(w);
    const config = listing.config ?? {};
    const samples = listing.pairing.samples;
    if (samples.length === 0) {
      throw new UserError(
        `${root}: no images or masks found (expected images/ and masks/ folders, *_mask files, or a symfold.json)`,
        root,
      );
    }
    for (const u of listing.pairing.unmatched) ctx.warn(`${u.path}: ${u.reason}`, u.path);

    let axis: Axis;
    if (values.axis) axis = parseAxis(values.axis);
    else if (config.axis) axis = config.axis;
    else {
      axis = 'lr';
      ctx.warn(`no --axis and no axis in ${path.join(root, 'symfold.json')}: using lr`);
    }
    const swapText = values.swap ?? config.swap;
    const options: ScanOptions = { axis };
    if (swapText) {
      try {
        options.swap = parseSwap(swapText);
      } catch (err) {
        throw new UsageError(`--swap: ${(err as Error).message}`);
      }
    }
    const maskThreshold =
      parseNumber('mask-threshold', values['mask-threshold']) ?? config.threshold;
    if (maskThreshold !== undefined) options.maskThreshold = maskThreshold;
    const mode = oneOf('mode', values.mode, ['auto', 'binary', 'labels'] as const);
    if (mode) options.mode = mode;
    const triangle = oneOf('triangle', values.triangle, ['auto', 'full', 'upper'] as const);
    if (triangle) options.triangle = triangle;

    let rule: FlagRule;
    if (madK !== undefined) rule = { mode: 'mad', k: madK };
    else if (threshold !== undefined) rule = { mode: 'threshold', threshold };
    else if (config.flag?.mode === 'mad') rule = { mode: 'mad', k: config.flag.madK ?? 3.5 };
    else
      rule = {
        mode: 'threshold',
        threshold: config.flag?.threshold ?? DEFAULT_THRESHOLD,
      };

    if (values.out) {
      const outDir = path.dirname(path.resolve(values.out));
      const protectedDirs = [
        ...new Set(
          samples.flatMap((s) =>
            [s.mask, s.image]
              .filter((p): p is string => !!p)
              .map((p) => path.dirname(path.join(root, p))),
          ),
        ),
      ].filter((d) => d !== root);
      assertSafeOutputFolder(outDir, protectedDirs);
    }

    ctx.emit({
      event: 'start',
      command: 'scan',
      config: { root, axis, rule, options, samples: samples.length, format },
    });
    const bar = new ProgressBar('scan', samples.length, ctx.tty && !ctx.json);
    let lastEmit = 0;
    const outcome = await scanDataset({
      root,
      options,
      rule,
      samples,
      unmatched: listing.pairing.unmatched,
      cache: !values['no-cache'],
      ...(threads ? { threads } : {}),
      signal: ctx.signal,
      onProgress: (done, total) => {
        bar.update(done);
        const now = Date.now();
        if (done === total || now - lastEmit > 200) {
          lastEmit = now;
          ctx.emit({ event: 'progress', done, total });
        }
      },
      onWarning: (m, f) => ctx.warn(m, f),
    });
    bar.finish();
    const report: ScanReport = outcome.report;

    const notes = report.samples.flatMap((s) => s.notes);
    for (const n of notes.slice(0, 20)) ctx.warn(n);
    if (notes.length > 20) ctx.warn(`… and ${notes.length - 20} more notes`);
    for (const s of report.samples) {
      for (const e of s.errors) ctx.warn(`${e.file}: ${e.message}`, e.file);
      ctx.emit({ event: 'sample', id: s.id, result: s });
    }

    const text =
      format === 'csv'
        ? reportToCsv(report.samples)
        : format === 'json'
          ? reportToJson(report)
          : reportToTable(report);
    if (values.out) {
      await writeFileAtomic(path.resolve(values.out), text);
      ctx.print(`wrote ${values.out}`);
    } else if (!ctx.json) {
      process.stdout.write(text);
    }

    const over =
      failAbove === undefined
        ? []
        : report.samples.filter((s) => (s.gt?.asymmetry ?? 0) > failAbove);
    ctx.emit({
      event: 'done',
      ...(values.out ? { path: path.resolve(values.out) } : {}),
      cancelled: outcome.cancelled,
      summary: { ...report.summary, fromCache: outcome.fromCache, elapsedMs: outcome.elapsedMs },
    });
    if (outcome.cancelled) {
      process.stderr.write(
        `symfold scan: cancelled after ${report.samples.length} of ${samples.length} samples\n`,
      );
      return 130;
    }
    if (report.summary.scored === 0) {
      process.stderr.write(`symfold scan: nothing could be scored in ${root}\n`);
      return 1;
    }
    if (over.length > 0) {
      process.stderr.write(
        `symfold scan: ${over.length} ground-truth masks score above ${failAbove}: ${over
          .slice(0, 5)
          .map((s) => s.id)
          .join(', ')}${over.length > 5 ? ', …' : ''}\n`,
      );
      return 3;
    }
    return 0;
  },
};
