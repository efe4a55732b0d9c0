import { dirname, extname, resolve } from 'node:path';
import * as vscode from 'vscode';
import { findDatasetRoot, listDataset } from '../../io/dataset-files';
import type { ZoomCommand } from '../../protocol/viewer';
import { MaskPreview } from './mask-preview';
import { locateSample } from './sample-order';
import { SizeStatusBarEntry, ZoomStatusBarEntry } from './status-bar-entries';

/** Images, where the built-in preview stays the default and SymFold is an option. */
export const MASK_VIEWER = 'symfold.maskViewer';
/** .npy/.npz, which VS Code cannot show at all, so SymFold is their default editor. */
export const ARRAY_VIEWER = 'symfold.maskViewer.array';

class ViewerDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

/**
 * The provider behind both view types. It keeps every open preview and knows the active one,
 * so that commands (zoom, next sample) reach the editor the user is looking at.
 */
export class PreviewManager implements vscode.CustomReadonlyEditorProvider<ViewerDocument> {
  private readonly previews = new Set<MaskPreview>();
  private active: MaskPreview | undefined;
  /** The sample the next opened editor should show, set by `symfold.openSample`. */
  private readonly requestedSamples = new Map<string, { id: string; order?: readonly string[] }>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sizeEntry: SizeStatusBarEntry,
    private readonly zoomEntry: ZoomStatusBarEntry,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get activePreview(): MaskPreview | undefined {
    return this.active;
  }

  openCustomDocument(uri: vscode.Uri): ViewerDocument {
    return new ViewerDocument(uri);
  }

  async resolveCustomEditor(document: ViewerDocument, panel: vscode.WebviewPanel): Promise<void> {
    const file = document.uri.fsPath;
    const root = (await findDatasetRoot(file).catch(() => undefined)) ?? dirname(file);
    const requested = this.requestedSamples.get(file);
    this.requestedSamples.delete(file);
    const preview = new MaskPreview(
      this.extensionUri,
      document.uri,
      panel,
      this.sizeEntry,
      this.zoomEntry,
      this.log,
      root,
      requested?.id,
      requested?.order,
    );
    this.previews.add(preview);
    this.active = preview;
    preview.onDidChangeActive((isActive) => {
      if (isActive) this.active = preview;
      else if (this.active === preview) this.active = undefined;
    });
    preview.onDispose(() => {
      this.previews.delete(preview);
      if (this.active === preview) this.active = undefined;
    });
  }

  async refreshDataset(root: string): Promise<void> {
    await Promise.all([...this.previews].map((p) => p.refreshIfIn(root)));
  }

  zoom(command: ZoomCommand): void {
    this.active?.zoom(command);
  }

  /**
   * Opens the viewer on one sample of a dataset (the gallery's and the tree's entry point);
   * `order` is the caller's list of sample ids, which next/previous then follow.
   */
  async openSample(
    datasetRoot: string,
    sampleId: string,
    order?: readonly string[],
  ): Promise<void> {
    const listing = await listDataset(datasetRoot);
    const at = locateSample(listing.pairing, sampleId);
    if (!at) throw new Error(`no sample '${sampleId}' in ${datasetRoot}`);
    const path = at.sample.image ?? at.sample.mask ?? at.sample.pred;
    if (!path) throw new Error(`sample '${sampleId}' has no files`);
    const file = resolve(datasetRoot, path);
    const ext = extname(file).toLowerCase();
    this.requestedSamples.set(file, { id: sampleId, ...(order ? { order } : {}) });
    await vscode.commands.executeCommand(
      'vscode.openWith',
      vscode.Uri.file(file),
      ext === '.npy' || ext === '.npz' ? ARRAY_VIEWER : MASK_VIEWER,
    );
  }
}

export function registerMaskViewer(context: vscode.ExtensionContext): PreviewManager {
  const log = vscode.window.createOutputChannel('SymFold Viewer', { log: true });
  const sizeEntry = new SizeStatusBarEntry();
  const zoomEntry = new ZoomStatusBarEntry();
  const manager = new PreviewManager(context.extensionUri, sizeEntry, zoomEntry, log);
  const options = { supportsMultipleEditorsPerDocument: true, webviewOptions: {} };
  const zoom = (command: ZoomCommand) => () => manager.zoom(command);
  context.subscriptions.push(
    log,
    sizeEntry,
    zoomEntry,
    vscode.window.registerCustomEditorProvider(MASK_VIEWER, manager, options),
    vscode.window.registerCustomEditorProvider(ARRAY_VIEWER, manager, options),
    vscode.commands.registerCommand('symfold.viewer.zoomIn', zoom('in')),
    vscode.commands.registerCommand('symfold.viewer.zoomOut', zoom('out')),
    vscode.commands.registerCommand('symfold.viewer.zoomFit', zoom('fit')),
    vscode.commands.registerCommand('symfold.viewer.zoomActual', zoom('actual')),
    vscode.commands.registerCommand('symfold.viewer.nextSample', () =>
      manager.activePreview?.navigate('next'),
    ),
    vscode.commands.registerCommand('symfold.viewer.previousSample', () =>
      manager.activePreview?.navigate('previous'),
    ),
    // Internal (not in the palette): a job that wrote into a dataset asks its viewers to re-pair.
    vscode.commands.registerCommand('symfold.viewer.refreshDataset', async (root: unknown) => {
      if (typeof root === 'string') await manager.refreshDataset(root);
    }),
    vscode.commands.registerCommand(
      'symfold.openSample',
      async (datasetRoot: unknown, sampleId: unknown, order?: unknown) => {
        if (typeof datasetRoot !== 'string' || typeof sampleId !== 'string') {
          throw new Error('symfold.openSample needs a dataset root and a sample id');
        }
        const ids =
          Array.isArray(order) && order.every((id) => typeof id === 'string')
            ? (order as string[])
            : undefined;
        await manager.openSample(datasetRoot, sampleId, ids);
      },
    ),
  );
  return manager;
}
