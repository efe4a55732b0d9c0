/**
 * The SymFold view: open datasets, and under each its samples, worst ground truth first, with
 * flag and review icons. Context actions live in package.json menus keyed by contextValue.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SampleReport } from '../../core/scan-report';
import type { DatasetRegistry } from './dataset-registry';

export type TreeNode =
  { kind: 'dataset'; root: string } | { kind: 'sample'; root: string; id: string };

export function sampleIcon(s: SampleReport): vscode.ThemeIcon {
  if (s.review === 'ok')
    return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (s.review === 'ignore') return new vscode.ThemeIcon('circle-slash');
  if (s.review === 'needs-fix')
    return new vscode.ThemeIcon('tools', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (s.flagged)
    return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  if (s.errors.length && !s.gt) return new vscode.ThemeIcon('error');
  return new vscode.ThemeIcon('circle-outline');
}

export class SampleTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly registry: DatasetRegistry) {
    // A scan changes thousands of samples; one refresh per burst keeps the tree responsive.
    this.subscription = registry.onDidChange(() => {
      if (this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.emitter.fire(undefined);
      }, 200);
    });
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.registry.all().map((e) => ({ kind: 'dataset', root: e.root }));
    if (node.kind !== 'dataset') return [];
    const entry = this.registry.get(node.root);
    if (!entry) return [];
    return [...entry.state.report().samples]
      .sort((a, b) => (b.gt?.asymmetry ?? -1) - (a.gt?.asymmetry ?? -1))
      .map((s) => ({ kind: 'sample', root: node.root, id: s.id }));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const entry = this.registry.get(node.root);
    if (node.kind === 'dataset') {
      const item = new vscode.TreeItem(
        path.basename(node.root),
        vscode.TreeItemCollapsibleState.Collapsed,
      );
      const summary = entry?.state.report().summary;
      item.description = summary
        ? vscode.l10n.t('{0} flagged of {1}', summary.flagged, summary.samples)
        : '';
      item.tooltip = node.root;
      item.iconPath = new vscode.ThemeIcon('database');
      item.contextValue = 'symfold.dataset';
      item.id = `dataset:${node.root}`;
      return item;
    }
    const sample = entry?.state.reportedSample(node.id);
    const item = new vscode.TreeItem(node.id, vscode.TreeItemCollapsibleState.None);
    item.id = `sample:${node.root}:${node.id}`;
    item.contextValue = 'symfold.sample';
    if (sample) {
      item.description = sample.gt
        ? sample.gt.asymmetry.toFixed(4)
        : (sample.errors[0]?.message ?? '');
      item.iconPath = sampleIcon(sample);
      item.tooltip = [
        sample.mask ?? sample.image,
        sample.reason,
        sample.review && `reviewed: ${sample.review}`,
      ]
        .filter(Boolean)
        .join('\n');
    }
    item.command = {
      command: 'symfold.dataset.openInViewer',
      title: 'Open in Viewer',
      arguments: [node],
    };
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'sample' ? { kind: 'dataset', root: node.root } : undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
