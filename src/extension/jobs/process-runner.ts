/**
 * Runs an external trainer (symfold.engine.command) as a child process that speaks the same
 * JSON-lines events as `symfold train --json`. The CLI itself goes through cli-runner.ts; this is
 * its sibling for arbitrary programs, with the same stop rule: SIGTERM first so the trainer can
 * save a checkpoint, SIGKILL after a grace period. No vscode import, so it is tested in plain Node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { parseEventLine, type SymfoldEvent } from '../../protocol/events';

/** The part of vscode.CancellationToken this module needs. */
export interface CancelSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface ProcessRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onEvent?(event: SymfoldEvent): void;
  /** Lines on stdout that are not events (a trainer's own prints). */
  onOutputLine?(line: string): void;
  onStderr?(text: string): void;
  token?: CancelSignal;
  /** How long SIGTERM may take before SIGKILL. */
  killGraceMs?: number;
}

export interface ProcessRunResult {
  code: number | null;
  signal: string | null;
  stderrTail: string;
  events: SymfoldEvent[];
}

const DEFAULT_GRACE_MS = 10_000;
const STDERR_TAIL_CHARS = 4000;
const running = new Map<ChildProcess, number>();

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function terminate(child: ChildProcess, graceMs: number): void {
  if (hasExited(child)) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!hasExited(child)) child.kill('SIGKILL');
  }, graceMs);
  timer.unref();
  child.once('exit', () => clearTimeout(timer));
}

export function runProcess(
  command: string,
  args: readonly string[],
  opts: ProcessRunOptions = {},
): Promise<ProcessRunResult> {
  const grace = opts.killGraceMs ?? DEFAULT_GRACE_MS;
  return new Promise((resolve, reject) => {
    if (opts.token?.isCancellationRequested) {
      reject(new Error('cancelled before the trainer started'));
      return;
    }
    const child = spawn(command, [...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.set(child, grace);
    const events: SymfoldEvent[] = [];
    let stderrTail = '';
    let pending = '';
    const onLine = (line: string) => {
      const event = parseEventLine(line);
      if (event) {
        events.push(event);
        opts.onEvent?.(event);
      } else if (line.trim()) {
        opts.onOutputLine?.(line);
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
      opts.onStderr?.(chunk);
    });
    const cancellation = opts.token?.onCancellationRequested(() => terminate(child, grace));
    child.on('error', (error) => {
      running.delete(child);
      cancellation?.dispose();
      reject(new Error(`cannot start the trainer '${command}': ${error.message}`));
    });
    // 'close' waits until stdout is drained, so the last events are not lost.
    child.on('close', (code, signal) => {
      running.delete(child);
      cancellation?.dispose();
      if (pending) onLine(pending);
      resolve({ code, signal, stderrTail, events });
    });
  });
}

/** Stops every external trainer (the editor is closing) and waits until they are gone. */
export function stopAllProcesses(): Promise<void> {
  return Promise.all(
    [...running].map(
      ([child, grace]) =>
        new Promise<void>((resolve) => {
          // 'close', not 'exit': the child leaves the running set only once its output is drained.
          if (!running.has(child)) return resolve();
          child.once('close', () => resolve());
          terminate(child, grace);
        }),
    ),
  ).then(() => undefined);
}

export function runningProcessCount(): number {
  return running.size;
}
