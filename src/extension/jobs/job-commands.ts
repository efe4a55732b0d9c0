/**
 * "Train Folding Network…" and "Predict Masks…": from the answers to a JobSpec, run with a
 * cancellable progress notification, then the follow-up (Predict now, Show Log, Resume).
 * Tasks reuse trainSpec/predictSpec so a job in tasks.json is the same job as from the palette.
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Axis } from '../../core/axis';
import type { FoldMode } from '../../protocol/events';
import { expandCommandTemplate } from './command-template';
import { readDatasetConfig, workspaceLabel } from './dataset-picker';
import {
  askPredictAnswers,
  askResume,
  askTrainAnswers,
  rememberModel,
  trainSettings,
  type TrainAnswers,
} from './job-prompts';
import { epochProgressMessage, progressIncrement } from './job-messages';
import type { JobLog } from './job-log';
import type { JobOutcome, JobRunner, JobSpec } from './job-runner';
import {
  checkPredictOptions,
  checkTrainOptions,
  defaultModelFolder,
  predictArgs,
  predictionFolder,
  trainArgs,
  type TrainOptions,
} from './train-options';
import { requireTrust } from './workspace-trust';

/** Arguments a caller (a test, a task, another command) may pass to skip the questions. */
export interface TrainCommandArgs extends Partial<TrainAnswers> {
  dataset: string;
  resume?: boolean;
  out?: string;
}

export interface PredictCommandArgs {
  model: string;
  dataset: string;
  probs?: boolean;
}

/** The external trainer template, or undefined for the built-in CLI. */
export function externalTrainerTemplate(): string | undefined {
  const template = vscode.workspace
    .getConfiguration('symfold.engine')
    .get<string>('command')
    ?.trim();
  return template ? template : undefined;
}

/** A model folder that a previous run left a checkpoint in (files other than the final model). */
export function hasCheckpoint(folder: string): boolean {
  if (!existsSync(folder)) return false;
  return readdirSync(folder).some((name) => /checkpoint|ckpt/i.test(name));
}

export function trainSpec(answers: TrainCommandArgs, resume: boolean): JobSpec {
  const settings = trainSettings();
  const axis: Axis = answers.axis ?? settings.axis;
  const template = externalTrainerTemplate();
  const fold: FoldMode = answers.fold ?? settings.fold;
  const out =
    answers.out ?? defaultModelFolder(answers.dataset, axis, template ? 'external' : fold);
  // A task's or a caller's missing fields must not hide the settings behind undefined.
  const given = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined));
  const options: TrainOptions = {
    ...settings,
    ...given,
    dataset: answers.dataset,
    axis,
    fold,
    out,
    resume,
  };
  const problem = checkTrainOptions(options);
  if (problem) throw new Error(problem);
  const label = `${path.basename(options.dataset)} · ${axis} · ${template ? 'external' : fold}`;
  if (template) {
    const { command, args } = expandCommandTemplate(template, {
      dataset: options.dataset,
      axis,
      out,
      epochs: String(options.epochs),
    });
    return {
      kind: 'Training',
      label,
      outputFolder: out,
      // Resuming is asked in the environment, so every template works with and without it.
      launch: { type: 'external', command, args, env: resume ? { SYMFOLD_RESUME: '1' } : {} },
      cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? options.dataset,
      dashboard: true,
      requestedBackend: 'auto',
    };
  }
  return {
    kind: 'Training',
    label,
    outputFolder: out,
    launch: { type: 'cli', args: trainArgs(options) },
    dashboard: true,
    requestedBackend: options.backend,
  };
}

/** symfold.json's preds folder, else the dataset views' setting, else preds/. */
function predsFolderSetting(dataset: string, fromConfig: string | undefined): string | undefined {
  if (fromConfig) return fromConfig;
  const setting = vscode.workspace
    .getConfiguration('symfold', vscode.Uri.file(dataset))
    .get<string>('folders.predictions')
    ?.trim();
  return setting ? setting : undefined;
}

export async function predictSpec(args: PredictCommandArgs): Promise<JobSpec> {
  const config = await readDatasetConfig(args.dataset);
  const options = {
    model: args.model,
    dataset: args.dataset,
    predsFolder: predsFolderSetting(args.dataset, config.preds),
    probs: args.probs ?? false,
    backend: trainSettings().backend,
  };
  const problem = checkPredictOptions(options);
  if (problem) throw new Error(problem);
  return {
    kind: 'Prediction',
    label: `${path.basename(args.dataset)} with ${path.basename(args.model)}`,
    outputFolder: predictionFolder(args.dataset, options.predsFolder),
    launch: { type: 'cli', args: predictArgs(options) },
    dashboard: false,
    requestedBackend: options.backend,
  };
}

export class JobCommands {
  constructor(
    private readonly runner: JobRunner,
    private readonly log: JobLog,
    private readonly memento: vscode.Memento,
  ) {}

  /** The palette command; with arguments it asks nothing (tests, walkthrough links, tasks). */
  async train(args?: TrainCommandArgs): Promise<JobOutcome | undefined> {
    if (!requireTrust('Training')) return undefined;
    const external = externalTrainerTemplate() !== undefined;
    const answers: TrainCommandArgs | undefined =
      args && typeof args.dataset === 'string'
        ? args
        : await askTrainAnswers(this.memento, external);
    if (!answers) return undefined;
    let spec: JobSpec;
    try {
      spec = trainSpec(answers, false);
      let resume = answers.resume ?? false;
      if (answers.resume === undefined && hasCheckpoint(spec.outputFolder)) {
        const choice = await askResume(spec.outputFolder);
        if (!choice) return undefined;
        resume = choice === 'resume';
      }
      if (resume) spec = trainSpec(answers, true);
    } catch (error) {
      void vscode.window.showErrorMessage(`SymFold cannot train: ${messageOf(error)}`);
      return undefined;
    }
    const outcome = await this.withProgress(spec);
    if (!outcome) return undefined;
    const model = outcome.resultPath ?? spec.outputFolder;
    if (outcome.status === 'done') {
      await rememberModel(this.memento, model, answers.dataset);
      const predict = 'Predict now';
      void vscode.window
        .showInformationMessage(
          `${outcome.message} The model is in ${workspaceLabel(model)}.`,
          predict,
          'Open Dashboard',
        )
        .then((choice) => {
          if (choice === predict) void this.predict({ model, dataset: answers.dataset });
          else if (choice) void vscode.commands.executeCommand('symfold.showTrainingDashboard');
        });
    } else if (outcome.status === 'cancelled') {
      const resume = 'Resume';
      void vscode.window
        .showInformationMessage(outcome.message, ...(outcome.lastCheckpoint ? [resume] : []))
        .then((choice) => {
          if (choice === resume) void this.train({ ...answers, resume: true });
        });
    }
    return outcome;
  }

  async predict(args?: PredictCommandArgs): Promise<JobOutcome | undefined> {
    if (!requireTrust('Prediction')) return undefined;
    const answers =
      args && typeof args.model === 'string' ? args : await askPredictAnswers(this.memento);
    if (!answers) return undefined;
    let spec: JobSpec;
    try {
      spec = await predictSpec(answers);
    } catch (error) {
      void vscode.window.showErrorMessage(`SymFold cannot predict: ${messageOf(error)}`);
      return undefined;
    }
    const outcome = await this.withProgress(spec);
    if (outcome?.status === 'done') {
      // File watchers would get there too, but late on a busy machine: tell open viewers now.
      await vscode.commands
        .executeCommand('symfold.viewer.refreshDataset', spec.outputFolder)
        .then(undefined, () => undefined);
      const written = outcome.events.filter((e) => e.event === 'output').length;
      void vscode.window.showInformationMessage(
        `${outcome.message} ${written} prediction file(s) in ${workspaceLabel(spec.outputFolder)}; open viewers and the gallery update by themselves.`,
      );
    }
    return outcome;
  }

  /** Runs a job under a cancellable notification; failures become an error with "Show Log". */
  private async withProgress(spec: JobSpec): Promise<JobOutcome | undefined> {
    try {
      const outcome = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `SymFold ${spec.kind.toLowerCase()}: ${spec.label}`,
          cancellable: true,
        },
        (progress, token) => {
          let shown = 0;
          return this.runner.run(spec, token, {
            onEvent: (e) => {
              if (e.event === 'start')
                progress.report({ message: `starting on ${e.backend ?? 'its backend'}…` });
              else if (e.event === 'epoch') {
                const increment = progressIncrement(shown, e);
                shown += increment;
                progress.report({ message: epochProgressMessage(e), increment });
              } else if (e.event === 'progress' && e.total > 0) {
                const target = (100 * e.done) / e.total;
                progress.report({
                  message: `${e.done}/${e.total}`,
                  increment: Math.max(0, target - shown),
                });
                shown = Math.max(shown, target);
              }
            },
          });
        },
      );
      if (outcome.status === 'failed') this.showFailure(outcome.message);
      return outcome;
    } catch (error) {
      this.showFailure(`SymFold ${spec.kind.toLowerCase()} could not start: ${messageOf(error)}`);
      return undefined;
    }
  }

  private showFailure(message: string): void {
    const showLog = 'Show Log';
    void vscode.window.showErrorMessage(message, showLog).then((choice) => {
      if (choice === showLog) this.log.show();
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
