/**
 * Activation entry. Each feature lives in its own module and registers itself here with one
 * `registerXxx(context)` line, so this file stays a table of contents.
 */
import type * as vscode from 'vscode';
import { registerDatasetViews } from './dataset/register';
import { registerDemoDataset } from './demo';
import { registerCliRunner, stopAllCliRuns } from './jobs/cli-runner';
import { registerJobs } from './jobs/register-jobs';
import { registerMaskViewer } from './viewer/preview-manager';

export function activate(context: vscode.ExtensionContext): void {
  registerMaskViewer(context);
  registerCliRunner(context);
  registerJobs(context);
  registerDemoDataset(context);
  registerDatasetViews(context);
}

/** A training run must not outlive the editor window that started it. */
export function deactivate(): Promise<void> {
  return stopAllCliRuns();
}
