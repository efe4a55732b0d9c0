/**
 * Tasks of type `symfold` (train, predict, scan), so jobs can live in tasks.json:
 *
 *   { "type": "symfold", "command": "train", "dataset": "${workspaceFolder}/demo", "axis": "lr", "epochs": 5 }
 *
 * A task runs through the same JobRunner as the palette (dashboard, output-folder guard,
 * graceful stop) inside a pseudo-terminal that prints the events; closing the terminal stops it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isAxis } from '../../core/axis';
import { findDatasets } from './dataset-picker';
import { predictSpec, trainSpec } from './job-commands';
import { describeEvent } from './job-messages';
import type { JobRunner, JobSpec } from './job-runner';
import { BACKENDS, FOLD_MODES, type BackendSetting } from './train-options';
import { UNTRUSTED_MESSAGE } from './workspace-trust';

export const TASK_TYPE = 'symfold';

export interface SymfoldTaskDefinition extends vscode.TaskDefinition {
  command: 'train' | 'predict' | 'scan';
  dataset: string;
  axis?: string;
  fold?: string;
  epochs?: number;
  size?: number;
  loss?: string;
  backend?: string;
  resume?: boolean;
  /** predict: the model folder. */
  model?: string;
}

/** Checks a definition from tasks.json and turns it into a job; throws with a clear message. */
export async function specFromDefinition(
  definition: SymfoldTaskDefinition,
  base: string | undefined,
): Promise<JobSpec> {
  if (typeof definition.dataset !== 'string' || definition.dataset === '') {
    throw new Error('a symfold task needs "dataset": the dataset folder');
  }
  const dataset = path.resolve(base ?? '/', definition.dataset);
  if (definition.axis !== undefined && !isAxis(definition.axis)) {
    throw new Error(`"axis" must be lr, ud, diag or anti, got '${definition.axis}'`);
  }
  switch (definition.command) {
    case 'train': {
      if (
        definition.fold !== undefined &&
        !(FOLD_MODES as readonly string[]).includes(definition.fold)
      ) {
        throw new Error(`"fold" must be one of ${FOLD_MODES.join(', ')}, got '${definition.fold}'`);
      }
      if (
        definition.backend !== undefined &&
        !(BACKENDS as readonly string[]).includes(definition.backend)
      ) {
        throw new Error(
          `"backend" must be one of ${BACKENDS.join(', ')}, got '${definition.backend}'`,
        );
      }
      return trainSpec(
        {
          dataset,
          axis: definition.axis as never,
          fold: definition.fold as never,
          epochs: definition.epochs,
          size: definition.size,
          loss: definition.loss,
          backend: definition.backend as BackendSetting | undefined,
        },
        definition.resume ?? false,
      );
    }
    case 'predict':
      if (typeof definition.model !== 'string' || definition.model === '') {
        throw new Error('a symfold predict task needs "model": the model folder');
      }
      return predictSpec({ model: path.resolve(base ?? '/', definition.model), dataset });
    case 'scan':
      return {
        kind: 'Scan',
        label: path.basename(dataset),
        // Scan writes only its cache inside the dataset; two scans of one dataset would race on it.
        outputFolder: path.join(dataset, '.symfold'),
        launch: {
          type: 'cli',
          args: [
            'scan',
            dataset,
            ...(definition.axis ? ['--axis', definition.axis] : []),
            '--json',
          ],
        },
        dashboard: false,
        requestedBackend: 'auto',
      };
    default:
      throw new Error(
        `"command" must be train, predict or scan, got '${String(definition.command)}'`,
      );
  }
}

/** A pseudo-terminal that runs one job and prints its events. */
class JobTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  private readonly cancel = new vscode.CancellationTokenSource();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;

  constructor(
    private readonly runner: JobRunner,
    private readonly definition: SymfoldTaskDefinition,
    private readonly base: string | undefined,
  ) {}

  open(): void {
    void this.start();
  }

  close(): void {
    this.cancel.cancel();
  }

  private write(text: string): void {
    this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  private async start(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.write(`${UNTRUSTED_MESSAGE}\n`);
      this.closeEmitter.fire(1);
      return;
    }
    try {
      const spec = await specFromDefinition(this.definition, this.base);
      this.write(`SymFold ${spec.kind.toLowerCase()}: ${spec.label}\n`);
      const outcome = await this.runner.run(spec, this.cancel.token, {
        onEvent: (e) => {
          if (e.event !== 'batch' && e.event !== 'sample') this.write(`${describeEvent(e)}\n`);
        },
        onText: (text) => this.write(text),
      });
      this.write(`\n${outcome.message}\n`);
      this.closeEmitter.fire(outcome.status === 'done' ? 0 : 1);
    } catch (error) {
      this.write(`\x1b[31m${error instanceof Error ? error.message : String(error)}\x1b[0m\n`);
      this.closeEmitter.fire(1);
    }
  }
}

export class SymfoldTaskProvider implements vscode.TaskProvider {
  constructor(private readonly runner: JobRunner) {}

  async provideTasks(): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    const datasets = (await findDatasets()).slice(0, 5);
    const tasks: vscode.Task[] = [];
    for (const dataset of datasets) {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dataset));
      const relative = folder ? path.relative(folder.uri.fsPath, dataset) || '.' : dataset;
      for (const command of ['train', 'scan'] as const) {
        tasks.push(
          this.task(
            { type: TASK_TYPE, command, dataset: relative },
            folder ?? vscode.TaskScope.Workspace,
          ),
        );
      }
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as SymfoldTaskDefinition;
    if (definition.type !== TASK_TYPE) return undefined;
    return this.task(definition, task.scope ?? vscode.TaskScope.Workspace);
  }

  private task(
    definition: SymfoldTaskDefinition,
    scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace | vscode.TaskScope.Global,
  ): vscode.Task {
    const base =
      typeof scope === 'object'
        ? scope.uri.fsPath
        : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const task = new vscode.Task(
      definition,
      scope,
      `${definition.command} ${definition.dataset}`,
      TASK_TYPE,
      // VS Code hands the definition over with ${workspaceFolder} and friends already resolved.
      new vscode.CustomExecution(
        async (resolved) => new JobTerminal(this.runner, resolved as SymfoldTaskDefinition, base),
      ),
    );
    if (definition.command === 'train') task.group = vscode.TaskGroup.Build;
    return task;
  }
}
