/**
 * "SymFold: Create Demo Dataset": writes a small synthetic left-right dataset (with some
 * deliberately corrupted masks to find) into the workspace, through the CLI's `synth` command.
 */
import { existsSync, readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SymfoldEvent } from '../protocol/events';
import { runCli } from './jobs/cli-runner';

export const CREATE_DEMO_DATASET_COMMAND = 'symfold.createDemoDataset';
export const DEFAULT_DEMO_FOLDER = 'symfold-demo';

/** The synth arguments of the demo: small enough to make in seconds, big enough to show flags. */
export function demoSynthArgs(targetDir: string): string[] {
  return [
    'synth',
    targetDir,
    '--n',
    '24',
    '--size',
    '96',
    '--axis',
    'lr',
    '--corrupt',
    '0.15',
    '--json',
  ];
}

/** A single folder name inside the workspace folder: no separators, no way out of it. */
export function validateDemoFolderName(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return vscode.l10n.t('Enter a folder name.');
  if (/[\\/]/.test(trimmed) || trimmed === '.' || trimmed === '..') {
    return vscode.l10n.t(
      'Enter a single folder name inside the workspace folder, without slashes.',
    );
  }
  return undefined;
}

function describeFailure(
  code: number | null,
  signal: string | null,
  events: SymfoldEvent[],
  stderrTail: string,
): string {
  const error = events.find((e) => e.event === 'error');
  if (error && error.event === 'error') return error.message;
  const lastLines = stderrTail.trim().split('\n').slice(-3).join(' ');
  const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
  return lastLines ? `symfold synth ${how}: ${lastLines}` : `symfold synth ${how}`;
}

async function createDemoDataset(): Promise<vscode.Uri | undefined> {
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0];
  if (!workspaceFolder || workspaceFolder.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('SymFold: open a folder on disk first; the demo dataset is written into it.'),
    );
    return undefined;
  }
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('SymFold: Create Demo Dataset'),
    prompt: vscode.l10n.t('Folder for the demo dataset, inside {0}', workspaceFolder.name),
    value: DEFAULT_DEMO_FOLDER,
    validateInput: validateDemoFolderName,
  });
  if (name === undefined) return undefined;
  const target = vscode.Uri.joinPath(workspaceFolder.uri, name.trim());
  if (existsSync(target.fsPath) && readdirSync(target.fsPath).length > 0) {
    const overwrite = vscode.l10n.t('Write Into It');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} already exists and is not empty.', name.trim()),
      { modal: true },
      overwrite,
    );
    if (answer !== overwrite) return undefined;
  }

  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('SymFold: creating the demo dataset'),
      cancellable: true,
    },
    async (progress, token) => {
      let reported = 0;
      const run = await runCli(demoSynthArgs(target.fsPath), {
        cwd: workspaceFolder.uri.fsPath,
        token,
        onEvent(event) {
          if (event.event !== 'progress' || event.total <= 0) return;
          // withProgress adds up increments, so report only the growth since the last event.
          const percent = (100 * event.done) / event.total;
          progress.report({
            increment: percent - reported,
            message: `${event.done}/${event.total}`,
          });
          reported = percent;
        },
      });
      return { ...run, cancelled: token.isCancellationRequested };
    },
  );

  if (result.cancelled) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('SymFold: the demo dataset was cancelled.'),
    );
    return undefined;
  }
  if (result.code !== 0) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'SymFold: could not create the demo dataset. {0}',
        describeFailure(result.code, result.signal, result.events, result.stderrTail),
      ),
    );
    return undefined;
  }
  await vscode.commands.executeCommand('revealInExplorer', target);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('SymFold: demo dataset created in {0}.', name.trim()),
  );
  return target;
}

/** Failures become a message that says what went wrong, not VS Code's generic "command failed". */
async function createDemoDatasetCommand(): Promise<vscode.Uri | undefined> {
  try {
    return await createDemoDataset();
  } catch (error) {
    if (error instanceof vscode.CancellationError) return undefined;
    void vscode.window.showErrorMessage(
      vscode.l10n.t('SymFold: could not create the demo dataset. {0}', (error as Error).message),
    );
    return undefined;
  }
}

export function registerDemoDataset(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CREATE_DEMO_DATASET_COMMAND, createDemoDatasetCommand),
  );
}
