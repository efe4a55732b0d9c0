/**
 * Runs one job (training, prediction, scan) as a child process and reports it: the output
 * channel, the dashboard, the backend status bar, and an outcome the caller turns into a
 * notification or a terminal line. The built-in CLI goes through cli-runner.ts; an external
 * trainer (symfold.engine.command) through process-runner.ts; both speak the same events.
 */
import * as vscode from 'vscode';
import {
  applyEvent,
  finishState,
  initialDashboardState,
  type DashboardState,
} from '../../protocol/dashboard';
import type { StartEvent, SymfoldEvent } from '../../protocol/events';
import type { BackendStatusBarEntry } from './backend-status-bar';
import { runCli } from './cli-runner';
import { quoteForDisplay } from './command-template';
import type { DashboardPanel } from './dashboard-panel';
import type { JobLog } from './job-log';
import { backendNotice, failureMessage } from './job-messages';
import type { JobRegistry } from './job-registry';
import { runProcess, type ProcessRunResult } from './process-runner';

export type JobKind = 'Training' | 'Prediction' | 'Scan';

export type Launch =
  | { type: 'cli'; args: string[] }
  | { type: 'external'; command: string; args: string[]; env: NodeJS.ProcessEnv };

export interface JobSpec {
  kind: JobKind;
  /** Short name for notifications and the dashboard title. */
  label: string;
  /** The folder the job writes to; a second job on it is refused. */
  outputFolder: string;
  launch: Launch;
  cwd?: string;
  /** Draw this job on the training dashboard. */
  dashboard: boolean;
  /** The backend the user asked for, to notice a fallback ('auto' when not a training job). */
  requestedBackend: string;
}

export type JobStatus = 'done' | 'cancelled' | 'failed';

export interface JobOutcome {
  status: JobStatus;
  /** A sentence for the notification. */
  message: string;
  events: SymfoldEvent[];
  /** The result path of the done event (model folder, prediction folder). */
  resultPath?: string;
  lastCheckpoint?: { epoch: number; path: string };
}

export interface JobHooks {
  onEvent?(event: SymfoldEvent): void;
  /** Stderr and stray stdout, for a task's terminal. */
  onText?(text: string): void;
}

export class JobRunner {
  constructor(
    private readonly registry: JobRegistry,
    private readonly log: JobLog,
    private readonly dashboard: DashboardPanel,
    private readonly backendEntry: BackendStatusBarEntry,
  ) {}

  /** The job the dashboard shows, for its Stop button. */
  private dashboardJob: vscode.CancellationTokenSource | undefined;

  stopDashboardJob(): void {
    this.dashboardJob?.cancel();
  }

  /**
   * Runs the job to its end. Throws only when it cannot start (folder taken, program missing);
   * a child that fails is an outcome with status 'failed'.
   */
  async run(
    spec: JobSpec,
    token: vscode.CancellationToken,
    hooks: JobHooks = {},
  ): Promise<JobOutcome> {
    const source = new vscode.CancellationTokenSource();
    const outer = token.onCancellationRequested(() => source.cancel());
    const claim = this.registry.claim({
      kind: spec.kind,
      outputFolder: spec.outputFolder,
      label: spec.label,
      cancel: () => source.cancel(),
    });
    const commandLine =
      spec.launch.type === 'cli'
        ? `symfold ${quoteForDisplay(spec.launch.args)}`
        : `${spec.launch.env.SYMFOLD_RESUME ? 'SYMFOLD_RESUME=1 ' : ''}${quoteForDisplay([spec.launch.command, ...spec.launch.args])}`;
    let state: DashboardState = initialDashboardState(spec.label, commandLine);
    if (spec.dashboard) {
      this.dashboardJob = source;
      this.dashboard.reveal();
      this.dashboard.update(state);
    }
    this.log.line(`── ${spec.kind}: ${spec.label} (${new Date().toLocaleString()})`);
    this.log.line(`$ ${commandLine}`);

    const onEvent = (event: SymfoldEvent) => {
      this.log.event(event);
      if (event.event === 'start') this.noticeBackend(spec, event);
      if (spec.dashboard) {
        state = applyEvent(state, event);
        this.dashboard.update(state);
      }
      hooks.onEvent?.(event);
    };
    const onStderr = (text: string) => {
      this.log.stderr(text);
      hooks.onText?.(text);
    };
    try {
      let result: ProcessRunResult;
      try {
        result =
          spec.launch.type === 'cli'
            ? await runCli(spec.launch.args, {
                cwd: spec.cwd,
                token: source.token,
                onEvent,
                onStderr,
              })
            : await runProcess(spec.launch.command, spec.launch.args, {
                cwd: spec.cwd,
                env: spec.launch.env,
                token: source.token,
                onEvent,
                onStderr,
                onOutputLine: (line) => onStderr(`${line}\n`),
              });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.log.line(`${spec.kind} could not start: ${message}`);
        if (spec.dashboard)
          this.dashboard.update(finishState(state, { status: 'failed', error: message }));
        throw error;
      }
      const outcome = this.outcome(spec, result, source.token.isCancellationRequested);
      this.log.line(`${spec.kind} ${outcome.status}: ${outcome.message}`);
      if (spec.dashboard) {
        state = finishState(state, {
          status: outcome.status,
          error: outcome.status === 'failed' ? outcome.message : undefined,
        });
        this.dashboard.update(state);
      }
      return outcome;
    } finally {
      claim.release();
      outer.dispose();
      if (this.dashboardJob === source) this.dashboardJob = undefined;
      source.dispose();
    }
  }

  private noticeBackend(spec: JobSpec, start: StartEvent): void {
    if (!start.backend) return;
    this.backendEntry.update(start.backend, spec.requestedBackend, start.fallbacks ?? []);
    const doing = { Training: 'training', Prediction: 'predicting', Scan: 'scanning' }[spec.kind];
    const notice = backendNotice(spec.requestedBackend, start, doing);
    if (notice) {
      this.log.line(notice);
      void vscode.window.showWarningMessage(notice);
    }
  }

  private outcome(spec: JobSpec, result: ProcessRunResult, cancelRequested: boolean): JobOutcome {
    const done = [...result.events].reverse().find((e) => e.event === 'done');
    const checkpoints = result.events.filter((e) => e.event === 'checkpoint');
    const last = checkpoints.at(-1);
    const base = {
      events: result.events,
      resultPath: done?.event === 'done' ? done.path : undefined,
      lastCheckpoint:
        last?.event === 'checkpoint' ? { epoch: last.epoch, path: last.path } : undefined,
    };
    const finishedNormally = result.code === 0 && done?.event === 'done' && !done.cancelled;
    // A child stopped on request did its part when it saved and left, whatever its exit code.
    const cancelled =
      (done?.event === 'done' && done.cancelled === true) || (cancelRequested && !finishedNormally);
    if (cancelled) {
      const kept =
        spec.kind === 'Training' && base.lastCheckpoint
          ? ` The checkpoint of epoch ${base.lastCheckpoint.epoch} is kept in ${spec.outputFolder}; train again to resume.`
          : '';
      return {
        ...base,
        status: 'cancelled',
        message: `${spec.kind} "${spec.label}" was cancelled.${kept}`,
      };
    }
    if (result.code === 0) {
      return { ...base, status: 'done', message: `${spec.kind} "${spec.label}" finished.` };
    }
    return { ...base, status: 'failed', message: failureMessage(spec.kind, result) };
  }
}
