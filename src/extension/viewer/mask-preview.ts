import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { Axis } from '../../core/axis';
import type { DatasetConfig } from '../../core/dataset-config';
import type { Pairing } from '../../core/pairing';
import { findDatasetRoot, listDataset } from '../../io/dataset-files';
import { MessageHandler } from '../../protocol/messaging';
import {
  encodeRuns,
  type FromViewerMessage,
  type SampleView,
  type ToViewerMessage,
  type ZoomCommand,
} from '../../protocol/viewer';
import { ReviewStore } from '../review-store';
import { webviewHtml, webviewOptions } from '../webview-html';
import { defaultAxis, loadSample, scoreSample, type LoadedSample } from './sample-loader';
import {
  locateFile,
  locateSample,
  neighbourSample,
  orderSamples,
  type SamplePosition,
} from './sample-order';
import type { SizeStatusBarEntry, ZoomStatusBarEntry } from './status-bar-entries';
import { readViewerSettings } from './viewer-settings';

const BODY = `<div id="app">
  <main id="stage"><canvas id="viewer-canvas" aria-label="Image with mask overlays"></canvas><div id="readout" aria-live="polite"></div></main>
  <div id="error" role="alert" hidden></div>
</div>`;

interface DatasetContext {
  root: string;
  config?: DatasetConfig;
  pairing?: Pairing;
}

/**
 * One open viewer: owns its webview panel, the sample on show, the file watchers that reload
 * it, and its share of the status bar while active. Dies with its panel.
 */
export class MaskPreview implements vscode.Disposable {
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly messages: MessageHandler<ToViewerMessage, FromViewerMessage>;
  private readonly settings = readViewerSettings();
  private dataset: DatasetContext | undefined;
  private position: SamplePosition | undefined;
  private sample: LoadedSample | undefined;
  private axis: Axis = 'lr';
  private watchers: vscode.Disposable[] = [];
  private ready = false;
  private readonly pendingSampleId: string | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private repairTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly openedAt = Date.now();
  private readyAt = Date.now();
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDispose = this.onDisposeEmitter.event;
  private readonly onActiveEmitter = new vscode.EventEmitter<boolean>();
  /** Fires with the panel's `active` state whenever it changes. */
  readonly onDidChangeActive = this.onActiveEmitter.event;
  private scale = 1;
  private fit = true;

  constructor(
    extensionUri: vscode.Uri,
    readonly resource: vscode.Uri,
    private readonly panel: vscode.WebviewPanel,
    private readonly sizeEntry: SizeStatusBarEntry,
    private readonly zoomEntry: ZoomStatusBarEntry,
    private readonly log: vscode.LogOutputChannel,
    /** The dataset root (or the file's folder): the only data the page may load. */
    dataRoot: string,
    initialSampleId?: string,
    /** The caller's sample order (the gallery's), for next/previous. */
    private readonly order?: readonly string[],
  ) {
    this.messages = new MessageHandler(
      (m) => panel.webview.postMessage(m),
      (m) => this.onMessage(m),
    );
    panel.webview.options = webviewOptions(extensionUri, [vscode.Uri.file(dataRoot)]);
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      extensionUri,
      title: basename(resource.fsPath),
      script: 'viewer',
      style: 'viewer.css',
      settings: {
        layers: this.settings.layers,
        maskStyle: this.settings.maskStyle,
        colormap: this.settings.colormap,
      },
      body: BODY,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => void this.messages.handleMessage(m)),
      panel.onDidChangeViewState(() => this.updateStatus()),
      panel.onDidDispose(() => this.dispose()),
    );
    this.pendingSampleId = initialSampleId;
  }

  get isActive(): boolean {
    return !this.disposed && this.panel.active;
  }

  zoom(command: ZoomCommand): void {
    this.messages.sendEvent({ type: 'zoom', command });
  }

  async navigate(direction: 'previous' | 'next'): Promise<void> {
    if (!this.dataset?.pairing || !this.position) return;
    const next = neighbourSample(this.dataset.pairing, this.position.index, direction);
    if (next) await this.show(next, false);
  }

  /** Shows another sample of the same dataset in this editor (from the gallery or prev/next). */
  async showSampleId(sampleId: string): Promise<void> {
    if (!this.dataset?.pairing) return;
    const at = locateSample(this.dataset.pairing, sampleId);
    if (!at) throw new Error(`no sample '${sampleId}' in ${this.dataset.root}`);
    await this.show(at, false);
  }

  private async onMessage(m: FromViewerMessage): Promise<ToViewerMessage | undefined> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.readyAt = Date.now();
        await this.openDataset();
        return undefined;
      case 'zoomChanged':
        this.scale = m.scale;
        this.fit = m.fit;
        this.updateStatus();
        return undefined;
      case 'setAxis':
        if (!this.sample) throw new Error('no sample is open');
        this.axis = m.axis;
        return { type: 'scores', scores: scoreSample(this.sample, m.axis, this.dataset?.config) };
      case 'setReview': {
        if (!this.sample || !this.dataset?.pairing)
          throw new Error('reviews need a dataset folder');
        await ReviewStore.for(this.dataset.root).set(this.sample.ref.id, m.review);
        return { type: 'reviewSaved', review: m.review };
      }
      case 'navigate':
        await this.navigate(m.direction);
        return undefined;
      case 'painted':
        this.log.info(
          `first paint of ${basename(this.resource.fsPath)}: ${m.millis.toFixed(0)} ms in the webview, ${Date.now() - this.openedAt} ms since open`,
        );
        return undefined;
      case 'error':
        this.log.error(`viewer: ${m.message}`);
        return undefined;
      default:
        return undefined;
    }
  }

  private async openDataset(): Promise<void> {
    const file = this.resource.fsPath;
    try {
      const root = await findDatasetRoot(file);
      if (root) {
        const listing = await listDataset(root);
        for (const w of listing.warnings) this.log.warn(`${root}: ${w}`);
        const pairing = orderSamples(listing.pairing, this.order);
        this.dataset = { root, config: listing.config, pairing };
        const at = this.pendingSampleId
          ? locateSample(pairing, this.pendingSampleId)
          : locateFile(pairing, root, file);
        if (at) return await this.show(at, false);
      }
      // A file outside any dataset, or one the pairing left out, is shown on its own.
      this.dataset = { root: dirname(file) };
      const sample = { id: basename(file), image: file };
      await this.show({ sample, index: 0, total: 1, role: 'image' }, false);
    } catch (error) {
      this.fail(error);
    }
  }

  private async show(at: SamplePosition, keepView: boolean): Promise<void> {
    const root = this.dataset?.root ?? dirname(this.resource.fsPath);
    const loadStarted = Date.now();
    try {
      const loaded = await loadSample(at.sample, root, {
        maxPixels: this.settings.maxPixels,
        toWebviewUri: (p) => this.panel.webview.asWebviewUri(vscode.Uri.file(p)).toString(),
      });
      if (this.disposed) return;
      if (!keepView || at.sample.id !== this.sample?.ref.id) {
        this.axis = defaultAxis(this.dataset?.config, loaded, this.settings.defaultAxis);
      }
      this.position = at;
      this.sample = loaded;
      this.panel.title = at.sample.id;
      this.watch(loaded);
      const review = this.dataset?.pairing
        ? await ReviewStore.for(root)
            .get(at.sample.id)
            .catch((e: unknown) => {
              loaded.warnings.push(e instanceof Error ? e.message : String(e));
              return undefined;
            })
        : undefined;
      const view: SampleView = {
        sampleId: at.sample.id,
        name: at.sample.id,
        datasetRoot: this.dataset?.pairing ? root : undefined,
        position: at.total > 1 ? { index: at.index, total: at.total } : undefined,
        image: loaded.image,
        gt: loaded.gtLayer && encodeRuns(loaded.gtLayer),
        pred: loaded.predLayer && encodeRuns(loaded.predLayer),
        axis: this.axis,
        review,
        warnings: loaded.warnings,
        notices: loaded.notices,
      };
      const sentAt = Date.now();
      const timing = {
        readyMs: this.readyAt - this.openedAt,
        loadMs: sentAt - Math.max(loadStarted, this.readyAt),
        sentAt,
      };
      this.messages.sendEvent({ type: 'sample', sample: view, keepView, timing });
      this.updateStatus();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.log.error(message);
    this.messages.sendEvent({ type: 'loadFailed', message });
  }

  /** Live update: any change to the sample's files reloads it, keeping zoom, pan and choices. */
  private watch(sample: LoadedSample): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const path of [sample.ref.image, sample.ref.mask, sample.ref.pred]) {
      if (!path) continue;
      const full = resolve(sample.root, path);
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(dirname(full)), basename(full)),
      );
      const reload = (): void => this.scheduleReload();
      watcher.onDidChange(reload);
      watcher.onDidCreate(reload);
      watcher.onDidDelete(reload);
      this.watchers.push(watcher);
    }
    // A prediction written after the viewer opened (Predict from the palette, an external job) is
    // a new file the pairing has not seen: watch for files named like the sample, then re-pair.
    const dataset = this.dataset;
    if (dataset?.pairing && !sample.ref.pred) {
      const stem = sample.ref.id.split('/').pop() ?? sample.ref.id;
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(dataset.root), `**/${globEscape(stem)}*`),
        false,
        true,
        true,
      );
      watcher.onDidCreate(() => this.scheduleRepair());
      this.watchers.push(watcher);
    }
  }

  private scheduleRepair(): void {
    if (this.repairTimer) clearTimeout(this.repairTimer);
    this.repairTimer = setTimeout(() => void this.repair(), 300);
  }

  /**
   * Called when a job has just written into `root` (predictions): re-pairs at once instead of
   * waiting for file events, which can come late or coalesced on a busy machine.
   */
  async refreshIfIn(root: string): Promise<void> {
    const mine = this.dataset?.root;
    if (!mine) return;
    // The written folder is this dataset or inside it (its preds/, say).
    const inside = relative(resolve(mine), resolve(root));
    if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) await this.repair();
  }

  /** Lists the dataset again and shows this sample with whatever files it has now. */
  private async repair(): Promise<void> {
    const dataset = this.dataset;
    const position = this.position;
    if (!dataset?.pairing || !position || this.disposed) return;
    try {
      const listing = await listDataset(dataset.root);
      const pairing = orderSamples(listing.pairing, this.order);
      this.dataset = { root: dataset.root, config: listing.config, pairing };
      const at = locateSample(pairing, position.sample.id);
      if (at && at.sample.pred && this.ready && !this.disposed) await this.show(at, true);
    } catch (error) {
      this.log.warn(`viewer: could not re-read ${dataset.root}: ${String(error)}`);
    }
  }

  private scheduleReload(): void {
    // Writers often touch a file twice (truncate, write); one reload is enough.
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      if (this.position && this.ready && !this.disposed) void this.show(this.position, true);
    }, 150);
  }

  private updateStatus(): void {
    if (this.isActive && this.sample) {
      this.sizeEntry.show(this, this.sample.image.width, this.sample.image.height);
      this.zoomEntry.show(this, this.scale, this.fit);
    } else {
      this.sizeEntry.hide(this);
      this.zoomEntry.hide(this);
    }
    this.onActiveEmitter.fire(this.isActive);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    if (this.repairTimer) clearTimeout(this.repairTimer);
    this.sizeEntry.hide(this);
    this.zoomEntry.hide(this);
    this.messages.dispose();
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
    this.onDisposeEmitter.fire();
    this.onDisposeEmitter.dispose();
    this.onActiveEmitter.dispose();
  }
}

/** A file name as a literal glob: VS Code patterns treat these characters as syntax. */
function globEscape(name: string): string {
  return name.replace(/[[\]{}*?!]/g, (c) => `[${c}]`);
}
