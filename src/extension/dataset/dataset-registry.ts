/**
 * The datasets open in this window: each one's state, background scan, file watcher and
 * thumbnail cache. Views (gallery, tree, Problems, status bar) listen to `onDidChange` and read
 * the state; nothing else scans or watches.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlagRule } from '../../core/flags';
import { ReviewStore } from '../review-store';
import { DatasetState } from './dataset-state';
import { ThumbnailCache } from './thumbnails';
import { readThumbStyle, readUserSettings } from './user-settings';

const OPEN_DATASETS_KEY = 'symfold.openDatasets';
/** Editors save in bursts (format on save, a tool writing many masks); wait for the burst to end. */
const WATCH_DEBOUNCE_MS = 150;
/** Above this many changed samples a watcher batch goes to the worker pool instead. */
const IN_PROCESS_RESCORE_LIMIT = 16;

export interface ScanStatus {
  done: number;
  total: number;
}

export class DatasetEntry implements vscode.Disposable {
  readonly thumbs: ThumbnailCache;
  scanning: AbortController | undefined;
  progress: ScanStatus | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private pendingChanged = new Set<string>();
  private pendingStructure = false;
  private timer: NodeJS.Timeout | undefined;
  /** The last watcher batch: when it started and how long until the views had it. */
  lastUpdateMs: number | undefined;

  constructor(
    readonly state: DatasetState,
    private readonly registry: DatasetRegistry,
  ) {
    this.thumbs = new ThumbnailCache(state.root, readThumbStyle(undefined));
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(state.root), '**/*'),
    );
    this.disposables.push(
      watcher,
      watcher.onDidChange((uri) => this.onFile(uri, false)),
      watcher.onDidCreate((uri) => this.onFile(uri, true)),
      watcher.onDidDelete((uri) => this.onFile(uri, true)),
      ReviewStore.for(state.root).onDidChange(() => void this.state.reviewsChanged()),
    );
  }

  get root(): string {
    return this.state.root;
  }

  private onFile(uri: vscode.Uri, structural: boolean): void {
    const rel = path.relative(this.root, uri.fsPath).split(path.sep).join('/');
    if (rel.startsWith('..')) return;
    if (rel.startsWith('.symfold/')) {
      // Our own cache writes; only a review file edited by hand or by `symfold` matters.
      if (rel === '.symfold/review.json') void this.state.reviewsChanged();
      return;
    }
    if (rel === 'symfold.json' || structural) this.pendingStructure = true;
    else this.pendingChanged.add(rel);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), WATCH_DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    const started = Date.now();
    const changed = [...this.pendingChanged];
    const structural = this.pendingStructure;
    this.pendingChanged.clear();
    this.pendingStructure = false;
    try {
      if (structural) {
        const samplesChanged = await this.state.list();
        if (samplesChanged || changed.length) await this.registry.scan(this.root, { quiet: true });
      } else {
        const ids = this.state.samplesOwning(changed);
        if (ids.length > IN_PROCESS_RESCORE_LIMIT)
          await this.registry.scan(this.root, { quiet: true });
        else if (ids.length) await this.state.rescore(ids);
      }
      this.lastUpdateMs = Date.now() - started;
      this.registry.log.info(
        `${this.state.name}: ${changed.length} changed file(s)${structural ? ' and a new listing' : ''} applied in ${this.lastUpdateMs} ms`,
      );
    } catch (err) {
      this.registry.log.error(`${this.root}: ${(err as Error).message}`);
    }
  }

  dispose(): void {
    this.scanning?.abort();
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

export class DatasetRegistry implements vscode.Disposable {
  private readonly entries = new Map<string, DatasetEntry>();
  /** Opens still listing: a restored gallery and the remembered datasets ask at the same time. */
  private readonly opening = new Map<string, Promise<DatasetEntry>>();
  private readonly changeEmitter = new vscode.EventEmitter<DatasetEntry | undefined>();
  private readonly progressEmitter = new vscode.EventEmitter<DatasetEntry>();
  /** Fires with the dataset whose samples, scores, reviews or rule changed; undefined for the list. */
  readonly onDidChange = this.changeEmitter.event;
  /** Fires while a scan runs, for progress bars. */
  readonly onDidProgress = this.progressEmitter.event;

  constructor(
    private readonly memento: vscode.Memento,
    readonly log: vscode.LogOutputChannel,
  ) {}

  all(): DatasetEntry[] {
    return [...this.entries.values()];
  }

  get(root: string): DatasetEntry | undefined {
    return this.entries.get(path.resolve(root));
  }

  /** Opens (or returns) a dataset; the first open lists it and scans it in the background. */
  async open(root: string): Promise<DatasetEntry> {
    const key = path.resolve(root);
    const existing = this.entries.get(key);
    if (existing) return existing;
    let pending = this.opening.get(key);
    if (!pending) {
      pending = this.load(key).finally(() => this.opening.delete(key));
      this.opening.set(key, pending);
    }
    return pending;
  }

  private async load(key: string): Promise<DatasetEntry> {
    const state = new DatasetState(key, readUserSettings(key));
    await state.list();
    // Cached scores first, so the views open sorted; the scan below checks them against the files.
    const primed = await state.primeFromCache();
    if (primed) this.log.info(`${state.name}: ${primed} scores from the scan cache, checking them`);
    const entry = new DatasetEntry(state, this);
    entry.thumbs.setStyle(readThumbStyle(state.settings.options.maskThreshold));
    state.onDidChange(() => this.changeEmitter.fire(entry));
    this.entries.set(key, entry);
    for (const w of state.warnings) this.log.warn(`${state.name}: ${w}`);
    await this.remember();
    this.changeEmitter.fire(undefined);
    void this.scan(key, { quiet: true });
    return entry;
  }

  async close(root: string): Promise<void> {
    const entry = this.get(root);
    if (!entry) return;
    this.entries.delete(entry.root);
    entry.dispose();
    await this.remember();
    this.changeEmitter.fire(undefined);
  }

  /** The datasets open when the window last closed. */
  rememberedRoots(): string[] {
    return this.memento.get<string[]>(OPEN_DATASETS_KEY, []);
  }

  private remember(): Thenable<void> {
    return this.memento.update(OPEN_DATASETS_KEY, [...this.entries.keys()]);
  }

  /**
   * Scores the dataset on the scan workers with a cancellable progress notification (or, when
   * quiet, in the status bar). A scan already running for it is cancelled first.
   */
  async scan(root: string, how: { quiet?: boolean } = {}): Promise<void> {
    const entry = this.get(root);
    if (!entry) throw new Error(`${root} is not open as a dataset`);
    entry.scanning?.abort();
    const controller = new AbortController();
    entry.scanning = controller;
    const location = how.quiet
      ? vscode.ProgressLocation.Window
      : vscode.ProgressLocation.Notification;
    await vscode.window
      .withProgress(
        {
          location,
          title: vscode.l10n.t('SymFold: scanning {0}', entry.state.name),
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          const outcome = await entry.state.scan({
            signal: controller.signal,
            onProgress: (done, total) => {
              entry.progress = { done, total };
              this.progressEmitter.fire(entry);
              const percent = total ? (done / total) * 100 : 100;
              progress.report({ increment: percent - reported, message: `${done}/${total}` });
              reported = percent;
            },
          });
          this.log.info(
            `${entry.state.name}: ${outcome.scored} scored, ${outcome.fromCache} from cache in ${outcome.elapsedMs} ms${outcome.cancelled ? ' (cancelled)' : ''}`,
          );
        },
      )
      .then(
        () => undefined,
        (err: Error) => {
          this.log.error(`${root}: ${err.message}`);
          void vscode.window.showErrorMessage(
            vscode.l10n.t('SymFold: scanning {0} failed: {1}', root, err.message),
          );
        },
      );
    if (entry.scanning === controller) {
      entry.scanning = undefined;
      entry.progress = undefined;
      this.progressEmitter.fire(entry);
    }
  }

  setRule(root: string, rule: FlagRule | undefined): void {
    this.get(root)?.state.setRule(rule);
  }

  /** Settings changed: every dataset re-reads them, relists (folder names) and rescans from cache. */
  async settingsChanged(): Promise<void> {
    for (const entry of this.entries.values()) {
      entry.state.setUserSettings(readUserSettings(entry.root));
      await entry.state.list();
      entry.thumbs.setStyle(readThumbStyle(entry.state.settings.options.maskThreshold));
      void this.scan(entry.root, { quiet: true });
    }
  }

  dispose(): void {
    for (const e of this.entries.values()) e.dispose();
    this.entries.clear();
    this.changeEmitter.dispose();
    this.progressEmitter.dispose();
  }
}
