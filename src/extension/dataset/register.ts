/**
 * The dataset features' one entry point: registry, Problems, tree, status bar, gallery and the
 * commands that tie them together.
 */
import { existsSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { AXES, AXIS_LABELS, type Axis } from '../../core/axis';
import { DEFAULT_MAD_K } from '../../core/flags';
import type { ReviewState } from '../../core/scan-report';
import { ReviewStore } from '../review-store';
import { DatasetRegistry, type DatasetEntry } from './dataset-registry';
import { FlagDiagnostics } from './flag-diagnostics';
import { FlaggedStatusBarEntry } from './flagged-status-bar';
import { GALLERY_VIEW_TYPE, GalleryPanels } from './gallery-panel';
import { defaultReportFolder, exportReports } from './report-export';
import { SampleTree, type TreeNode } from './sample-tree';

export const DATASET_VIEW_ID = 'symfold.datasets';

export function registerDatasetViews(context: vscode.ExtensionContext): DatasetRegistry {
  const log = vscode.window.createOutputChannel('SymFold Datasets', { log: true });
  const registry = new DatasetRegistry(context.workspaceState, log);
  const galleries = new GalleryPanels(registry, context.extensionUri);
  const tree = new SampleTree(registry);
  const treeView = vscode.window.createTreeView(DATASET_VIEW_ID, {
    treeDataProvider: tree,
    showCollapseAll: true,
  });

  const pickDataset = async (arg: unknown): Promise<DatasetEntry | undefined> => {
    const root = rootOf(arg);
    if (root) return registry.open(root);
    const open = registry.all();
    if (open.length === 1) return open[0];
    if (open.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'SymFold: open a folder as a dataset first (Explorer context menu, or "SymFold: Open Folder as Dataset").',
        ),
      );
      return undefined;
    }
    const choice = await vscode.window.showQuickPick(
      open.map((e) => ({ label: e.state.name, description: e.root, entry: e })),
      { placeHolder: vscode.l10n.t('Which dataset?') },
    );
    return choice?.entry;
  };

  const withErrors =
    <A extends unknown[]>(run: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<void> => {
      try {
        await run(...args);
      } catch (err) {
        log.error((err as Error).message);
        void vscode.window.showErrorMessage(`SymFold: ${(err as Error).message}`);
      }
    };

  const review = (state: ReviewState | undefined) =>
    withErrors(async (node?: TreeNode) => {
      const target = node ?? selectedSample(treeView);
      if (target?.kind !== 'sample') return;
      await ReviewStore.for(target.root).set(target.id, state);
    });

  context.subscriptions.push(
    log,
    registry,
    galleries,
    tree,
    treeView,
    new FlagDiagnostics(registry),
    new FlaggedStatusBarEntry(registry),
    vscode.window.registerWebviewPanelSerializer(GALLERY_VIEW_TYPE, galleries),
    vscode.commands.registerCommand(
      'symfold.openDataset',
      withErrors(async (arg?: unknown) => {
        const root = rootOf(arg) ?? (await askForFolder());
        if (root) await galleries.open(root);
      }),
    ),
    vscode.commands.registerCommand(
      'symfold.scan',
      withErrors(async (arg?: unknown) => {
        const entry = await pickDataset(arg);
        if (entry) await registry.scan(entry.root);
      }),
    ),
    vscode.commands.registerCommand(
      'symfold.setAxis',
      withErrors(() => setAxis(registry)),
    ),
    vscode.commands.registerCommand(
      'symfold.setFlagRule',
      withErrors(() => setFlagRule(registry)),
    ),
    vscode.commands.registerCommand(
      'symfold.exportReport',
      withErrors(async (arg?: unknown) => {
        const entry = await pickDataset(arg);
        if (entry) await exportReport(entry);
      }),
    ),
    vscode.commands.registerCommand(
      'symfold.dataset.openGallery',
      withErrors(async (node?: TreeNode) => {
        const entry = await pickDataset(node);
        if (entry) await galleries.open(entry.root);
      }),
    ),
    vscode.commands.registerCommand(
      'symfold.dataset.close',
      withErrors(async (node?: TreeNode) => {
        const entry = await pickDataset(node);
        if (!entry) return;
        galleries.get(entry.root)?.panel.dispose();
        await registry.close(entry.root);
      }),
    ),
    vscode.commands.registerCommand(
      'symfold.dataset.openInViewer',
      withErrors(async (node?: TreeNode) => {
        const target = node ?? selectedSample(treeView);
        if (target?.kind !== 'sample') return;
        const order = tree
          .getChildren({ kind: 'dataset', root: target.root })
          .flatMap((n) => (n.kind === 'sample' ? [n.id] : []));
        await vscode.commands.executeCommand('symfold.openSample', target.root, target.id, order);
      }),
    ),
    vscode.commands.registerCommand('symfold.dataset.markLooksFine', review('ok')),
    vscode.commands.registerCommand('symfold.dataset.markNeedsFix', review('needs-fix')),
    vscode.commands.registerCommand('symfold.dataset.markIgnore', review('ignore')),
    vscode.commands.registerCommand('symfold.dataset.clearReview', review(undefined)),
    vscode.commands.registerCommand(
      'symfold.dataset.revealInExplorer',
      withErrors(async (node?: TreeNode) => {
        const target = node ?? selectedSample(treeView);
        if (!target) return;
        const entry = registry.get(target.root);
        const ref = target.kind === 'sample' ? entry?.state.sampleRef(target.id) : undefined;
        const rel = ref ? (ref.mask ?? ref.image ?? ref.pred) : undefined;
        const uri = vscode.Uri.file(rel ? `${target.root}/${rel}` : target.root);
        await vscode.commands.executeCommand('revealInExplorer', uri);
      }),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('symfold')) void registry.settingsChanged();
    }),
  );

  // Datasets open when the window closed come back (scores from the scan cache), galleries with them.
  void (async () => {
    for (const root of registry.rememberedRoots()) {
      if (!existsSync(root)) continue;
      await registry
        .open(root)
        .catch((err: Error) => log.warn(`not reopening ${root}: ${err.message}`));
    }
  })();
  return registry;
}

/** A dataset root from a command argument: an Explorer folder Uri, a tree node, or a path. */
function rootOf(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === 'file' ? arg.fsPath : undefined;
  if (typeof arg === 'string') return arg;
  if (
    arg &&
    typeof arg === 'object' &&
    'root' in arg &&
    typeof (arg as TreeNode).root === 'string'
  ) {
    return (arg as TreeNode).root;
  }
  return undefined;
}

function selectedSample(view: vscode.TreeView<TreeNode>): TreeNode | undefined {
  return view.selection[0];
}

async function askForFolder(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Open as Dataset'),
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  const folder = picked?.[0];
  if (!folder) return undefined;
  if (!statSync(folder.fsPath).isDirectory()) throw new Error(`${folder.fsPath} is not a folder`);
  return folder.fsPath;
}

function settingsTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
}

async function setAxis(registry: DatasetRegistry): Promise<void> {
  const current = vscode.workspace.getConfiguration('symfold').get<string>('axis', 'lr');
  const choice = await vscode.window.showQuickPick(
    AXES.map((axis) => ({
      label: axis,
      description: AXIS_LABELS[axis],
      picked: axis === current,
      axis,
    })),
    { placeHolder: vscode.l10n.t('Symmetry axis of the masks') },
  );
  if (!choice) return;
  await vscode.workspace
    .getConfiguration('symfold')
    .update('axis', choice.axis satisfies Axis, settingsTarget());
  const pinned = registry.all().filter((e) => e.state.settings.axisSource === 'symfold.json');
  if (pinned.length) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'SymFold: {0} keep the axis set in their symfold.json.',
        pinned.map((e) => e.state.name).join(', '),
      ),
    );
  }
}

async function setFlagRule(registry: DatasetRegistry): Promise<void> {
  const config = vscode.workspace.getConfiguration('symfold');
  const mode = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('Absolute threshold'),
        description: 'asymmetry > T',
        mode: 'threshold' as const,
      },
      {
        label: vscode.l10n.t('Robust outliers'),
        description: 'asymmetry > median + k·MAD',
        mode: 'mad' as const,
      },
    ],
    { placeHolder: vscode.l10n.t('How to flag asymmetric ground truth') },
  );
  if (!mode) return;
  const isThreshold = mode.mode === 'threshold';
  const current = isThreshold
    ? config.get<number>('flag.threshold', 0.05)
    : config.get<number>('flag.madK', DEFAULT_MAD_K);
  const text = await vscode.window.showInputBox({
    prompt: isThreshold
      ? vscode.l10n.t('Flag above this asymmetry (0 to 1)')
      : vscode.l10n.t('k in median + k·MAD (above 0)'),
    value: String(current),
    validateInput: (v) => {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) return vscode.l10n.t('Enter a number.');
      if (isThreshold && (n < 0 || n > 1))
        return vscode.l10n.t('The threshold is an asymmetry between 0 and 1.');
      if (!isThreshold && n <= 0) return vscode.l10n.t('k must be above 0.');
      return undefined;
    },
  });
  if (text === undefined) return;
  // The setting is the one rule now: forget what the galleries' sliders set on single datasets.
  for (const e of registry.all()) e.state.setRule(undefined);
  await config.update('flag.mode', mode.mode, settingsTarget());
  await config.update(isThreshold ? 'flag.threshold' : 'flag.madK', Number(text), settingsTarget());
}

async function exportReport(entry: DatasetEntry): Promise<void> {
  const here = defaultReportFolder(entry.root);
  const choice = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Into the dataset'), description: here, folder: here },
      { label: vscode.l10n.t('Choose a folder…'), folder: undefined },
    ],
    { placeHolder: vscode.l10n.t('Where to write report.csv, report.json and report.html') },
  );
  if (!choice) return;
  let folder = choice.folder;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: vscode.l10n.t('Export Here'),
    });
    folder = picked?.[0]?.fsPath;
    if (!folder) return;
  }
  const files = await exportReports(entry.state.report(), entry.state.sampleRefs, folder, (s) =>
    entry.thumbs.get(s),
  );
  const open = vscode.l10n.t('Open CSV');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('SymFold: wrote {0}, report.json and report.html', files.csv),
    open,
  );
  if (answer === open) await vscode.window.showTextDocument(vscode.Uri.file(files.csv));
}
