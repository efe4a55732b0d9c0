/** Runs the built CLI (out/cli.js) as a subprocess, the way users and the extension do. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseEventLine, type SymfoldEvent } from '../../src/protocol/events';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO, 'out', 'cli.js');
export const SHARED = path.resolve(REPO, '..', 'shared');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  events: SymfoldEvent[];
}

export function runCli(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): CliRun {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? REPO,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  const events = r.stdout
    .split('\n')
    .map(parseEventLine)
    .filter((e): e is SymfoldEvent => e !== undefined);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, events };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `symfold-${prefix}-`));
}

export function sharedData(...parts: string[]): string {
  const p = path.join(SHARED, 'data', ...parts);
  if (!fs.existsSync(p)) {
    throw new Error(`${p} is missing: the tests need ../shared/data beside the repository`);
  }
  return p;
}
