/**
 * Wires the jobs feature into the extension: the train and predict commands, the dashboard, the
 * backend status-bar entry, the `symfold` task provider, and stopping every job on deactivate.
 */
import * as vscode from 'vscode';
import { BackendStatusBarEntry } from './backend-status-bar';
import { DashboardPanel } from './dashboard-panel';
import { JobCommands, type PredictCommandArgs, type TrainCommandArgs } from './job-commands';
import { JobLog } from './job-log';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';
import { stopAllProcesses } from './process-runner';
import { SymfoldTaskProvider, TASK_TYPE } from './task-provider';

export function registerJobs(context: vscode.ExtensionContext): void {
  const registry = new JobRegistry();
  const log = new JobLog();
  const backendEntry = new BackendStatusBarEntry(context.workspaceState);
  // The dashboard's Stop button reaches the runner, which is made next (called only on a click).
  const dashboard = new DashboardPanel(context.extensionUri, () => runner.stopDashboardJob());
  const runner = new JobRunner(registry, log, dashboard, backendEntry);
  const commands = new JobCommands(runner, log, context.workspaceState);

  context.subscriptions.push(
    log,
    backendEntry,
    dashboard,
    vscode.commands.registerCommand('symfold.train', (args?: TrainCommandArgs) =>
      commands.train(args),
    ),
    vscode.commands.registerCommand('symfold.predict', (args?: PredictCommandArgs) =>
      commands.predict(args),
    ),
    vscode.commands.registerCommand('symfold.showTrainingDashboard', () => dashboard.reveal()),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new SymfoldTaskProvider(runner)),
    // The CLI children stop through cli-runner's own disposal; external trainers through this one.
    // SIGTERM goes out at once, so a trainer saves its checkpoint even if the host exits next.
    { dispose: () => void stopAllProcesses() },
  );
}
