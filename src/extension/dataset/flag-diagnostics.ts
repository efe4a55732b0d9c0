/**
 * Flagged ground-truth masks (warnings) and files that could not be scored (errors) in the
 * Problems panel, source `symfold`.
 */
import * as vscode from 'vscode';
import type { DatasetEntry, DatasetRegistry } from './dataset-registry';
import { flagProblems } from './flag-problems';

export class FlagDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('symfold');
  /** The mask files each dataset last published, so a closed or fixed one is cleared. */
  private readonly published = new Map<string, vscode.Uri[]>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly registry: DatasetRegistry) {
    this.subscription = registry.onDidChange((entry) => this.refresh(entry));
  }

  private refresh(entry: DatasetEntry | undefined): void {
    if (entry) {
      this.publish(entry);
      return;
    }
    const open = new Set(this.registry.all().map((e) => e.root));
    for (const root of [...this.published.keys()]) {
      if (!open.has(root)) this.clear(root);
    }
    for (const e of this.registry.all()) this.publish(e);
  }

  private clear(root: string): void {
    for (const uri of this.published.get(root) ?? []) this.collection.delete(uri);
    this.published.delete(root);
  }

  private publish(entry: DatasetEntry): void {
    this.clear(entry.root);
    // One file can carry several problems (a size mismatch and a flag), so group before setting.
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of flagProblems(entry.state.report())) {
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 0),
        p.message,
        p.severity === 'error'
          ? vscode.DiagnosticSeverity.Error
          : vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = 'symfold';
      diagnostic.code = p.sampleId;
      const list = byFile.get(p.file);
      if (list) list.push(diagnostic);
      else byFile.set(p.file, [diagnostic]);
    }
    const uris: vscode.Uri[] = [];
    for (const [file, diagnostics] of byFile) {
      const uri = vscode.Uri.file(file);
      this.collection.set(uri, diagnostics);
      uris.push(uri);
    }
    this.published.set(entry.root, uris);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
