/**
 * The dataset gallery panel: one per dataset, restored after a reload by a serializer whose
 * state is the dataset root. It sends the tiles once per change and thumbnails on request.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MessageHandler } from '../../protocol/messaging';
import type { FromGalleryMessage, GallerySettings, ToGalleryMessage } from '../../protocol/gallery';
import { ReviewStore } from '../review-store';
import { webviewHtml, webviewOptions } from '../webview-html';
import type { DatasetEntry, DatasetRegistry } from './dataset-registry';
import { GALLERY_BODY } from './gallery-markup';
import { summaryFrom, tilesFrom } from './gallery-tiles';
import { thumbsFolder } from './thumbnails';
import { THUMB_SIZE } from './user-settings';

export const GALLERY_VIEW_TYPE = 'symfold.gallery';
/** Tiles are re-sent at most this often while a scan streams in results. */
const UPDATE_INTERVAL_MS = 250;

export class GalleryPanel implements vscode.Disposable {
  private readonly handler: MessageHandler<ToGalleryMessage, FromGalleryMessage>;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly opened = Date.now();
  /** Open → first screen with thumbnails, in ms; measured by the page, for the log and tests. */
  firstPaintMs: number | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly root: string,
    private readonly registry: DatasetRegistry,
    extensionUri: vscode.Uri,
    /** The dataset's open (listing, cached scores); the panel exists before it settles. */
    private readonly opening: Promise<unknown>,
    private readonly onDispose: () => void,
  ) {
    panel.webview.options = webviewOptions(extensionUri, [vscode.Uri.file(thumbsFolder(root))]);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'symfold-activity.svg');
    this.handler = new MessageHandler<ToGalleryMessage, FromGalleryMessage>(
      (m) => panel.webview.postMessage(m),
      (m) => this.onMessage(m),
    );
    const settings: GallerySettings = { root, name: panel.title, thumbSize: THUMB_SIZE };
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      extensionUri,
      title: panel.title,
      script: 'gallery',
      style: 'gallery.css',
      settings,
      body: GALLERY_BODY,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => void this.handler.handleMessage(m)),
      registry.onDidChange((entry) => {
        if (entry?.root === this.root) this.scheduleUpdate();
        // "Close Dataset" closes its gallery too, so opening the folder again starts afresh.
        else if (this.ready && !registry.get(this.root)) panel.dispose();
      }),
      registry.onDidProgress((entry) => {
        if (entry.root !== this.root || !this.ready) return;
        if (entry.progress) this.handler.sendEvent({ type: 'progress', ...entry.progress });
        else this.handler.sendEvent({ type: 'scanFinished' });
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private get entry(): DatasetEntry | undefined {
    return this.registry.get(this.root);
  }

  private scheduleUpdate(): void {
    if (!this.ready || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sendDataset();
    }, UPDATE_INTERVAL_MS);
  }

  private sendDataset(): void {
    const entry = this.entry;
    if (!entry) {
      this.handler.sendEvent({
        type: 'error',
        message: `${this.root} is no longer open as a dataset`,
      });
      return;
    }
    const report = entry.state.report();
    this.handler.sendEvent({
      type: 'dataset',
      tiles: tilesFrom(
        report,
        entry.state.sampleRefs.map((s) => s.id),
      ),
      summary: summaryFrom(report, entry.state.settings.rule),
    });
  }

  private async onMessage(m: FromGalleryMessage): Promise<ToGalleryMessage | undefined> {
    const entry = this.entry;
    switch (m.type) {
      case 'ready': {
        // The page loads while the dataset is listed; it gets tiles as soon as both are done.
        const opened = await this.opening.then(
          () => true,
          () => false,
        );
        if (!opened) return undefined;
        this.ready = true;
        this.sendDataset();
        // Read again: before the open settled there was no entry to read.
        const progress = this.entry?.progress;
        if (progress) this.handler.sendEvent({ type: 'progress', ...progress });
        return undefined;
      }
      case 'thumbs': {
        if (!entry) throw new Error(`${this.root} is no longer open as a dataset`);
        const thumbs = await Promise.all(
          m.ids.map(async (id) => {
            const sample = entry.state.sampleRef(id);
            if (!sample) return { id, error: `no sample '${id}'` };
            try {
              const file = await entry.thumbs.get(sample);
              return { id, uri: this.panel.webview.asWebviewUri(vscode.Uri.file(file)).toString() };
            } catch (err) {
              return { id, error: (err as Error).message };
            }
          }),
        );
        return { type: 'thumbs', thumbs };
      }
      case 'open':
        await vscode.commands.executeCommand('symfold.openSample', this.root, m.id, m.order);
        return undefined;
      case 'setRule':
        this.registry.setRule(this.root, m.rule);
        return undefined;
      case 'setReview':
        await ReviewStore.for(this.root).set(m.id, m.review);
        return undefined;
      case 'scan':
        await this.registry.scan(this.root);
        return undefined;
      case 'export':
        await vscode.commands.executeCommand('symfold.exportReport', this.root);
        return undefined;
      case 'painted':
        this.firstPaintMs = Date.now() - this.opened;
        this.registry.log.info(
          `gallery ${this.panel.title}: first screen (${m.tiles} tiles) painted ${this.firstPaintMs} ms after opening (page ${Math.round(m.millis)} ms)`,
        );
        return undefined;
      default:
        return undefined;
    }
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.handler.dispose();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
    this.onDispose();
  }
}

/** One gallery per dataset; the serializer brings them back after a reload. */
export class GalleryPanels
  implements vscode.WebviewPanelSerializer<{ root?: unknown }>, vscode.Disposable
{
  private readonly panels = new Map<string, GalleryPanel>();

  constructor(
    private readonly registry: DatasetRegistry,
    private readonly extensionUri: vscode.Uri,
  ) {}

  get(root: string): GalleryPanel | undefined {
    return this.panels.get(root);
  }

  /**
   * Shows the dataset's gallery. The panel is made at once and its page loads while the folder
   * is listed, which on 10,000 samples is most of the time to the first paint.
   */
  async open(root: string): Promise<GalleryPanel> {
    const key = path.resolve(root);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const opening = this.registry.open(key);
    const panel = vscode.window.createWebviewPanel(
      GALLERY_VIEW_TYPE,
      path.basename(key),
      vscode.ViewColumn.Active,
      webviewOptions(this.extensionUri, [vscode.Uri.file(thumbsFolder(key))]),
    );
    const gallery = this.adopt(panel, key, opening);
    try {
      await opening;
    } catch (err) {
      panel.dispose();
      throw err;
    }
    return gallery;
  }

  async deserializeWebviewPanel(
    panel: vscode.WebviewPanel,
    state: { root?: unknown } | undefined,
  ): Promise<void> {
    const root = typeof state?.root === 'string' ? state.root : undefined;
    if (!root) {
      panel.dispose();
      return;
    }
    const key = path.resolve(root);
    const opening = this.registry.open(key);
    this.adopt(panel, key, opening);
    try {
      await opening;
    } catch (err) {
      panel.dispose();
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'SymFold: could not reopen the gallery of {0}: {1}',
          root,
          (err as Error).message,
        ),
      );
    }
  }

  private adopt(panel: vscode.WebviewPanel, root: string, opening: Promise<unknown>): GalleryPanel {
    const gallery = new GalleryPanel(panel, root, this.registry, this.extensionUri, opening, () => {
      if (this.panels.get(root) === gallery) this.panels.delete(root);
    });
    this.panels.set(root, gallery);
    return gallery;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
  }
}
