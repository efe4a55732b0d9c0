/** Flagged ground-truth masks as warnings in the Problems panel, source `symfold`. */
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
    const uris: vscode.Uri[] = [];
    for (const p of flagProblems(entry.state.report())) {
      const uri = vscode.Uri.file(p.file);
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 0),
        p.message,
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = 'symfold';
      diagnostic.code = p.sampleId;
      this.collection.set(uri, [diagnostic]);
      uris.push(uri);
    }
    this.published.set(entry.root, uris);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
