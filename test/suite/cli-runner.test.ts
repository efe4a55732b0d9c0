import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { registerCliRunner, runCli, runningCliCount } from '../../src/extension/jobs/cli-runner';

// out/test/suite → the repository root, which holds out/cli.js.
const extensionPath = resolve(__dirname, '..', '..', '..');

describe('runCli: the extension runs the symfold CLI as a child process', () => {
  const subscriptions: vscode.Disposable[] = [];
  let scratch: string;

  before(() => {
    registerCliRunner({ extensionPath, subscriptions });
    scratch = mkdtempSync(join(tmpdir(), 'symfold-cli-runner-'));
  });

  after(() => {
    for (const d of subscriptions.splice(0)) d.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs synth with the editor runtime and delivers its JSON-lines events in order', async () => {
    const seen: string[] = [];
    const out = join(scratch, 'small');
    const result = await runCli(['synth', out, '--n', '4', '--size', '32', '--json'], {
      onEvent: (e) => seen.push(e.event),
    });
    assert.equal(result.code, 0, result.stderrTail);
    assert.equal(result.signal, null);
    assert.deepEqual(
      result.events.map((e) => e.event),
      seen,
    );
    assert.equal(seen[0], 'start');
    assert.equal(seen.at(-1), 'done');
    assert.equal(readdirSync(join(out, 'masks')).length, 4);
  });

  it('stops a run when its token is cancelled, and leaves no child behind', async () => {
    const source = new vscode.CancellationTokenSource();
    const started = Date.now();
    const result = await runCli(
      ['synth', join(scratch, 'big'), '--n', '5000', '--size', '256', '--json'],
      {
        token: source.token,
        onEvent: (e) => {
          if (e.event === 'progress') source.cancel();
        },
      },
    );
    assert.ok(
      Date.now() - started < 30_000,
      'cancellation took longer than the grace period allows',
    );
    assert.ok(
      result.code !== 0 || result.signal !== null,
      'a cancelled run must not report plain success',
    );
    assert.equal(runningCliCount(), 0);
  });

  it('reports a clear error when the configured Node cannot be started', async () => {
    const config = vscode.workspace.getConfiguration('symfold.engine');
    await config.update(
      'nodePath',
      join(scratch, 'no-such-node'),
      vscode.ConfigurationTarget.Global,
    );
    try {
      await assert.rejects(
        runCli(['--help']),
        /cannot start the SymFold CLI .*symfold\.engine\.nodePath/,
      );
    } finally {
      await config.update('nodePath', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('says to build when out/cli.js is missing', async () => {
    const empty = join(scratch, 'no-extension');
    registerCliRunner({ extensionPath: empty, subscriptions });
    try {
      assert.equal(existsSync(join(empty, 'out', 'cli.js')), false);
      await assert.rejects(runCli(['--help']), /npm run build/);
    } finally {
      registerCliRunner({ extensionPath, subscriptions });
    }
  });
});
