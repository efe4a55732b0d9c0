/** Makes a small synth dataset with the built CLI, in a fresh temporary folder. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const CLI = path.resolve(__dirname, '../../../cli.js');

export function makeSynth(args: string[]): { root: string; corrupted: Set<string> } {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'symfold-ds-')), 'data');
  execFileSync(process.execPath, [CLI, 'synth', root, ...args], { stdio: 'pipe' });
  const corrupted = new Set(
    readFileSync(path.join(root, 'corrupted.txt'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t')[0]),
  );
  return { root, corrupted };
}

export function cliScanCsv(root: string): string {
  return execFileSync(process.execPath, [CLI, 'scan', root, '--format', 'csv'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
