/** "SymFold: N flagged" in the status bar; a click opens the SymFold view. */
import * as vscode from 'vscode';
import { isSettled } from './flag-problems';
import type { DatasetRegistry } from './dataset-registry';

export const SHOW_VIEW_COMMAND = 'workbench.view.extension.symfold';

export class FlaggedStatusBarEntry implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'symfold.flagged',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly subscription: vscode.Disposable;

  constructor(private readonly registry: DatasetRegistry) {
    this.item.name = vscode.l10n.t('SymFold flagged samples');
    this.item.command = SHOW_VIEW_COMMAND;
    this.subscription = registry.onDidChange(() => this.update());
    this.update();
  }

  /** Counts what still needs a look: flagged and not settled by a review. */
  private update(): void {
    const entries = this.registry.all();
    if (!entries.length) {
      this.item.hide();
      return;
    }
    let open = 0;
    for (const e of entries) {
      for (const s of e.state.report().samples) if (s.flagged && !isSettled(s)) open++;
    }
    this.item.text = `$(${open ? 'warning' : 'pass'}) ${vscode.l10n.t('SymFold: {0} flagged', open)}`;
    this.item.tooltip = vscode.l10n.t(
      'Flagged ground truth not yet reviewed as fine, in {0} dataset(s)',
      entries.length,
    );
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
