/**
 * Scans a dataset folder: pairs its files, reuses cached scores for unchanged samples, scores the
 * rest on the worker pool, applies the flag rule over the whole dataset, and adds review states.
 */
import type { Axis } from '../core/axis';
import type { FlagRule } from '../core/flags';
import { flagScores } from '../core/flags';
import type { SampleRef } from '../core/pairing';
import type { SampleReport, SampleScan, ScanReport } from '../core/scan-report';
import { listDataset } from '../io/dataset-files';
import { loadCache, sampleKeys, saveCache } from './scan-cache';
import type { ScanOptions } from './scan-options';
import { readReviews } from './reviews';
import { scoreAll } from './worker-pool';

export interface ScanRequest {
  root: string;
  options: ScanOptions;
  rule: FlagRule;
  /** Reuse and update <root>/.symfold/scan-cache.json (default true). */
  cache?: boolean;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  onWarning?: (message: string, file?: string) => void;
  /** Pre-listed samples (the extension already has them); otherwise the folder is listed. */
  samples?: readonly SampleRef[];
  unmatched?: { path: string; reason: string }[];
}

export interface ScanOutcome {
  report: ScanReport;
  fromCache: number;
  scored: number;
  cancelled: boolean;
  elapsedMs: number;
}

export function describeRule(rule: FlagRule): string {
  return rule.mode === 'threshold' ? `asymmetry > ${rule.threshold}` : `median + ${rule.k}·MAD`;
}

/** Flags from the rule over the samples' ground-truth scores, and their review states. */
export function applyFlags(
  scans: readonly SampleScan[],
  rule: FlagRule,
  reviews: ReadonlyMap<string, SampleReport['review']> = new Map(),
): { samples: SampleReport[]; cutoff: number } {
  const { flagged, reasons, cutoff } = flagScores(
    scans.map((s) => s.gt?.asymmetry),
    rule,
  );
  const samples = scans.map((s, i): SampleReport => {
    const review = reviews.get(s.id);
    return {
      ...s,
      flagged: flagged[i],
      ...(reasons[i] ? { reason: reasons[i] } : {}),
      ...(review ? { review } : {}),
    };
  });
  return { samples, cutoff };
}

/**
 * The report over scored samples: flags under the rule, review states and the summary. The CLI's
 * scan and the extension's incremental rescoring both build their reports here.
 */
export function buildReport(input: {
  root: string;
  axis: Axis;
  rule: FlagRule;
  scans: readonly SampleScan[];
  /** Samples in the dataset, scored or not. */
  total: number;
  reviews?: ReadonlyMap<string, SampleReport['review']>;
  unmatched?: { path: string; reason: string }[];
}): ScanReport {
  const unmatched = input.unmatched ?? [];
  const { samples, cutoff } = applyFlags(input.scans, input.rule, input.reviews);
  const gtScores = samples.flatMap((r) => (r.gt ? [r.gt.asymmetry] : []));
  return {
    summary: {
      root: input.root,
      axis: input.axis,
      samples: input.total,
      scored: gtScores.length,
      flagged: samples.filter((r) => r.flagged).length,
      failed: samples.filter((r) => r.errors.length > 0).length,
      rule: describeRule(input.rule),
      cutoff,
      meanAsymmetry: gtScores.length ? gtScores.reduce((a, b) => a + b, 0) / gtScores.length : 0,
      unmatched: unmatched.length,
    },
    samples,
    unmatched,
  };
}

export async function scanDataset(req: ScanRequest): Promise<ScanOutcome> {
  const started = Date.now();
  let unmatched = req.unmatched ?? [];
  let listed: readonly SampleRef[] | undefined = req.samples;
  if (!listed) {
    const listing = await listDataset(req.root);
    for (const w of listing.warnings) req.onWarning?.(w);
    listed = listing.pairing.samples;
    unmatched = listing.pairing.unmatched;
  }
  const samples: readonly SampleRef[] = listed;
  const useCache = req.cache !== false;
  const cache = useCache ? await loadCache(req.root) : new Map();
  const keys = useCache ? await sampleKeys(req.root, samples, req.options) : [];

  const scans: (SampleScan | undefined)[] = new Array(samples.length);
  const todo: number[] = [];
  samples.forEach((s, i) => {
    const hit = useCache ? cache.get(s.id) : undefined;
    if (hit && hit.key === keys[i]) scans[i] = hit.scan;
    else todo.push(i);
  });
  const fromCache = samples.length - todo.length;
  let done = fromCache;
  req.onProgress?.(done, samples.length);

  const fresh = await scoreAll(
    req.root,
    todo.map((i) => samples[i]),
    req.options,
    {
      ...(req.threads ? { threads: req.threads } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
      onResult: () => req.onProgress?.(++done, samples.length),
    },
  );
  todo.forEach((i, k) => {
    if (fresh[k]) scans[i] = fresh[k];
  });
  const cancelled = Boolean(req.signal?.aborted);

  if (useCache && todo.length > 0) {
    const entries = new Map<string, { key: string; scan: SampleScan }>();
    samples.forEach((s, i) => {
      if (scans[i]) entries.set(s.id, { key: keys[i], scan: scans[i]! });
    });
    try {
      await saveCache(req.root, entries);
    } catch (err) {
      req.onWarning?.(`could not write the scan cache: ${(err as Error).message}`);
    }
  }

  const complete = scans.filter((s): s is SampleScan => s !== undefined);
  let reviews = new Map<string, SampleReport['review']>();
  try {
    reviews = await readReviews(req.root);
  } catch (err) {
    req.onWarning?.(`ignoring ${req.root}/.symfold/review.json: ${(err as Error).message}`);
  }
  const report = buildReport({
    root: req.root,
    axis: req.options.axis,
    rule: req.rule,
    scans: complete,
    total: samples.length,
    reviews,
    unmatched,
  });
  return { report, fromCache, scored: todo.length, cancelled, elapsedMs: Date.now() - started };
}
