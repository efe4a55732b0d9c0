/**
 * The one way the extension runs the `symfold` CLI (synth, scan, train, predict): as a child
 * process speaking JSON lines, so a crash or a long step never freezes the editor and the native
 * TensorFlow binding never loads inside the extension host (see DESIGN.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseEventLine, type SymfoldEvent } from '../../protocol/events';

export interface CliRunOptions {
  cwd?: string;
  onEvent?(event: SymfoldEvent): void;
  onStderr?(text: string): void;
  token?: vscode.CancellationToken;
  env?: NodeJS.ProcessEnv;
}

export interface CliRunResult {
  code: number | null;
  signal: string | null;
  stderrTail: string;
  events: SymfoldEvent[];
}

/** How long a child gets to finish its current step after SIGTERM before SIGKILL. */
export const KILL_GRACE_MS = 5000;
const STDERR_TAIL_CHARS = 4000;

interface RunnerState {
  extensionPath: string;
  output?: vscode.OutputChannel;
}

let state: RunnerState | undefined;
const running = new Set<ChildProcess>();

/**
 * Tells the runner where out/cli.js lives and stops every child when the extension goes away.
 * Takes only the two fields it needs, so tests can give it a plain object.
 */
export function registerCliRunner(
  context: Pick<vscode.ExtensionContext, 'extensionPath' | 'subscriptions'>,
): void {
  // One channel per extension host, even when registered again (tests point it elsewhere).
  const output = state?.output ?? vscode.window.createOutputChannel('SymFold');
  if (!state?.output) context.subscriptions.push(output);
  state = { extensionPath: context.extensionPath, output };
  context.subscriptions.push({ dispose: () => void stopAllCliRuns() });
}

/** The CLI's bundle inside the extension. */
export function cliScriptPath(): string {
  if (!state) throw new Error('the SymFold CLI runner is used before registerCliRunner()');
  return join(state.extensionPath, 'out', 'cli.js');
}

/** An Electron editor runs its own binary as Node with ELECTRON_RUN_AS_NODE; the setting overrides it. */
function nodeCommand(): { command: string; env: NodeJS.ProcessEnv } {
  const configured = vscode.workspace
    .getConfiguration('symfold.engine')
    .get<string>('nodePath')
    ?.trim();
  if (configured) return { command: configured, env: {} };
  return { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } };
}

/** Splits a byte stream into lines, keeping a partial last line until its newline arrives. */
function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; end(): void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    },
    end() {
      if (pending) onLine(pending);
      pending = '';
    },
  };
}

/** SIGTERM lets the CLI stop at a safe point and save what it has; SIGKILL follows if it does not. */
function terminate(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, KILL_GRACE_MS);
  child.once('exit', () => clearTimeout(timer));
}

export function runCli(args: string[], opts: CliRunOptions = {}): Promise<CliRunResult> {
  const script = cliScriptPath();
  if (!existsSync(script)) {
    return Promise.reject(
      new Error(`the SymFold CLI is missing at ${script}; build the extension (npm run build)`),
    );
  }
  if (opts.token?.isCancellationRequested) return Promise.reject(new vscode.CancellationError());
  const node = nodeCommand();
  state?.output?.appendLine(`$ symfold ${args.join(' ')}`);

  return new Promise((resolve, reject) => {
    const child = spawn(node.command, [script, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env, ...node.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const events: SymfoldEvent[] = [];
    let stderrTail = '';
    const stdoutLines = lineSplitter((line) => {
      const event = parseEventLine(line);
      if (!event) {
        if (line.trim()) state?.output?.appendLine(line);
        return;
      }
      events.push(event);
      opts.onEvent?.(event);
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdoutLines.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
      state?.output?.append(chunk);
      opts.onStderr?.(chunk);
    });
    const cancellation = opts.token?.onCancellationRequested(() => terminate(child));

    child.on('error', (error) => {
      running.delete(child);
      cancellation?.dispose();
      reject(
        new Error(
          `cannot start the SymFold CLI with ${node.command}: ${error.message}` +
            (node.env.ELECTRON_RUN_AS_NODE ? '' : ' (check the setting symfold.engine.nodePath)'),
        ),
      );
    });
    // 'close' rather than 'exit': it waits until stdout is drained, so no event is lost.
    child.on('close', (code, signal) => {
      running.delete(child);
      cancellation?.dispose();
      stdoutLines.end();
      state?.output?.appendLine(
        `symfold ${args[0] ?? ''} finished: ${signal ?? `exit code ${code}`}`,
      );
      resolve({ code, signal, stderrTail, events });
    });
  });
}

/** Stops every running CLI child and waits until they are gone (SIGKILL after the grace period). */
export function stopAllCliRuns(): Promise<void> {
  const children = [...running];
  return Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          terminate(child);
        }),
    ),
  ).then(() => undefined);
}

/** How many CLI children are running now (for tests and status displays). */
export function runningCliCount(): number {
  return running.size;
}
