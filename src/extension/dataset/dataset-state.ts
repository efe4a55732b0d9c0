/**
 * Everything known about one open dataset: its samples, their scores, the review states and the
 * flag rule, and the report they make together. Free of `vscode`: the registry drives it from
 * commands, file watchers and the gallery, and the tests drive it directly.
 */
import * as path from 'node:path';
import type { FlagRule } from '../../core/flags';
import type { Pairing, SampleRef } from '../../core/pairing';
import type { ReviewState, SampleReport, SampleScan, ScanReport } from '../../core/scan-report';
import { readReviews } from '../../scan/reviews';
import { loadCache } from '../../scan/scan-cache';
import { optionsKey } from '../../scan/scan-options';
import { buildReport, scanDataset } from '../../scan/scanner';
import { scoreSample } from '../../scan/score-sample';
import {
  resolveDatasetSettings,
  type ResolvedDatasetSettings,
  type UserDatasetSettings,
} from './dataset-settings';
import { listSamples } from './dataset-listing';

export interface ScanProgress {
  signal?: AbortSignal;
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ScanSummaryLine {
  fromCache: number;
  scored: number;
  cancelled: boolean;
  elapsedMs: number;
}

type Listener = () => void;

/** A flagged, failed or unscored sample keeps only what the worker computed, never stale flags. */
function scanOnly(report: SampleReport): SampleScan {
  const { flagged: _f, reason: _r, review: _v, ...scan } = report;
  return scan;
}

export class DatasetState {
  private samples: SampleRef[] = [];
  private unmatched: Pairing['unmatched'] = [];
  private readonly byFile = new Map<string, string>();
  private readonly refs = new Map<string, SampleRef>();
  private readonly scans = new Map<string, SampleScan>();
  /** Scores taken from the scan cache unchecked, until a scan confirms or replaces them. */
  private readonly primed = new Set<string>();
  private reviews = new Map<string, ReviewState>();
  private ruleOverride: FlagRule | undefined;
  private resolved: ResolvedDatasetSettings | undefined;
  private cached: ScanReport | undefined;
  private cachedById: Map<string, SampleReport> | undefined;
  private readonly listeners = new Set<Listener>();
  readonly warnings: string[] = [];

  constructor(
    readonly root: string,
    private user: UserDatasetSettings,
  ) {}

  get name(): string {
    return path.basename(this.root);
  }

  get settings(): ResolvedDatasetSettings {
    if (!this.resolved) throw new Error(`${this.root}: the dataset has not been listed yet`);
    return this.ruleOverride ? { ...this.resolved, rule: this.ruleOverride } : this.resolved;
  }

  get sampleRefs(): readonly SampleRef[] {
    return this.samples;
  }

  get scannedCount(): number {
    return this.scans.size;
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    this.cached = undefined;
    this.cachedById = undefined;
    for (const l of this.listeners) l();
  }

  /** Lists the folder and reads symfold.json; returns true when the set of samples changed. */
  async list(): Promise<boolean> {
    const listing = await listSamples(this.root, (config) =>
      resolveDatasetSettings(this.user, config),
    );
    this.warnings.splice(
      0,
      this.warnings.length,
      ...listing.warnings,
      ...listing.settings.warnings,
    );
    this.resolved = listing.settings;
    const before = this.samples.map((s) => `${s.id}|${s.image}|${s.mask}|${s.pred}`).join('\n');
    this.samples = listing.pairing.samples;
    this.unmatched = listing.pairing.unmatched;
    this.byFile.clear();
    this.refs.clear();
    for (const s of this.samples) {
      this.refs.set(s.id, s);
      for (const file of [s.image, s.mask, s.pred]) if (file) this.byFile.set(file, s.id);
    }
    const ids = new Set(this.samples.map((s) => s.id));
    for (const id of [...this.scans.keys()]) if (!ids.has(id)) this.scans.delete(id);
    for (const id of [...this.primed]) if (!ids.has(id)) this.primed.delete(id);
    await this.reloadReviews();
    const after = this.samples.map((s) => `${s.id}|${s.image}|${s.mask}|${s.pred}`).join('\n');
    this.changed();
    return before !== after;
  }

  setUserSettings(user: UserDatasetSettings): void {
    this.user = user;
  }

  /**
   * Takes scores from <root>/.symfold/scan-cache.json without statting the files, so a gallery
   * opens in the right order at once; checking 10,000 samples' stamps costs about half a second.
   * Only entries for the same files and score options are taken. The next scan() confirms or
   * replaces every one of them. Returns how many were taken.
   */
  async primeFromCache(): Promise<number> {
    const cache = await loadCache(this.root);
    const prefix = `${optionsKey(this.settings.options)}#`;
    let taken = 0;
    for (const s of this.samples) {
      const hit = cache.get(s.id);
      if (this.scans.has(s.id) || !hit || !hit.key.startsWith(prefix)) continue;
      const scan = hit.scan;
      if (scan.image !== s.image || scan.mask !== s.mask || scan.pred !== s.pred) continue;
      this.scans.set(s.id, scan);
      this.primed.add(s.id);
      taken++;
    }
    if (taken) this.changed();
    return taken;
  }

  /** Scores every sample, reusing <root>/.symfold/scan-cache.json like `symfold scan` does. */
  async scan(progress: ScanProgress = {}): Promise<ScanSummaryLine> {
    const outcome = await scanDataset({
      root: this.root,
      options: this.settings.options,
      rule: this.settings.rule,
      samples: this.samples,
      unmatched: this.unmatched,
      ...(progress.threads ? { threads: progress.threads } : {}),
      ...(progress.signal ? { signal: progress.signal } : {}),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      onWarning: (message) => this.warnings.push(message),
    });
    for (const s of outcome.report.samples) {
      this.scans.set(s.id, scanOnly(s));
      this.primed.delete(s.id);
    }
    // A cancelled scan leaves unchecked cache scores behind: unscored is honest, stale is not.
    for (const id of this.primed) this.scans.delete(id);
    this.primed.clear();
    await this.reloadReviews();
    this.changed();
    return {
      fromCache: outcome.fromCache,
      scored: outcome.scored,
      cancelled: outcome.cancelled,
      elapsedMs: outcome.elapsedMs,
    };
  }

  /** The ids of the samples that own these dataset-relative files (POSIX separators). */
  samplesOwning(files: Iterable<string>): string[] {
    const ids = new Set<string>();
    for (const f of files) {
      const id = this.byFile.get(f);
      if (id !== undefined) ids.add(id);
    }
    return [...ids];
  }

  /** Rescores only these samples, in this process: for the few files a watcher saw change. */
  async rescore(ids: readonly string[]): Promise<void> {
    const wanted = new Set(ids);
    const refs = this.samples.filter((s) => wanted.has(s.id));
    const fresh = await Promise.all(
      refs.map((s) => scoreSample(this.root, s, this.settings.options)),
    );
    for (const scan of fresh) {
      this.scans.set(scan.id, scan);
      this.primed.delete(scan.id);
    }
    if (fresh.length) this.changed();
  }

  async reloadReviews(): Promise<void> {
    try {
      this.reviews = await readReviews(this.root);
    } catch (err) {
      this.warnings.push(
        `ignoring ${path.join(this.root, '.symfold', 'review.json')}: ${(err as Error).message}`,
      );
      this.reviews = new Map();
    }
    this.cached = undefined;
    this.cachedById = undefined;
  }

  async reviewsChanged(): Promise<void> {
    await this.reloadReviews();
    this.changed();
  }

  /** A rule set on this dataset in this window (slider, Set Flag Rule); undefined goes back to the settings. */
  setRule(rule: FlagRule | undefined): void {
    this.ruleOverride = rule;
    this.changed();
  }

  get hasRuleOverride(): boolean {
    return this.ruleOverride !== undefined;
  }

  /** One sample of the current report, by id. */
  reportedSample(id: string): SampleReport | undefined {
    this.cachedById ??= new Map(this.report().samples.map((s) => [s.id, s]));
    return this.cachedById.get(id);
  }

  sampleRef(id: string): SampleRef | undefined {
    return this.refs.get(id);
  }

  /** The report over the samples scored so far, in dataset order, flagged under the current rule. */
  report(): ScanReport {
    if (this.cached) return this.cached;
    const scans = this.samples.flatMap((s) => {
      const scan = this.scans.get(s.id);
      return scan ? [scan] : [];
    });
    this.cached = buildReport({
      root: this.root,
      axis: this.settings.options.axis,
      rule: this.settings.rule,
      scans,
      total: this.samples.length,
      reviews: this.reviews,
      unmatched: this.unmatched,
    });
    return this.cached;
  }
}
