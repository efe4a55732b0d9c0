/**
 * The .vsix works on its own: installed with `code-server --install-extension` into a fresh
 * extensions folder and loaded WITHOUT a development path, it activates from that folder and its
 * CLI (with the packaged sharp and tfjs) writes the demo dataset.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildVsix } from '../vscode/package';
import { installExtension } from '../vscode/server';
import { Workbench } from './support/workbench';

describe('the packaged extension (.vsix)', () => {
  let extensionsDir: string;
  let workbench: Workbench | undefined;

  before(() => {
    extensionsDir = mkdtempSync(join(tmpdir(), 'symfold-vsix-extensions-'));
  });

  after(async () => {
    await workbench?.close();
    rmSync(extensionsDir, { recursive: true, force: true });
  });

  it('installs into a fresh extensions folder, activates from it and runs its CLI', async () => {
    const vsix = await buildVsix();
    await installExtension(vsix, extensionsDir);
    const installed = readdirSync(extensionsDir).filter((name) =>
      name.startsWith('symfold.symfold-'),
    );
    assert.equal(installed.length, 1, `installed: ${readdirSync(extensionsDir).join(', ')}`);
    const extensionPath = join(extensionsDir, installed[0]);
    for (const part of [
      'out/extension.js',
      'out/cli.js',
      'node_modules/sharp',
      'node_modules/@img',
    ]) {
      assert.ok(
        existsSync(join(extensionPath, part)),
        `${part} is missing from the installed package`,
      );
    }

    // No development path: the only SymFold this workbench can load is the installed one.
    workbench = await Workbench.open({ extensionDevelopmentPath: null, extensionsDir });
    await workbench.runCommand('SymFold: Create Demo Dataset');
    await workbench.acceptInput('symfold-demo');
    await workbench.waitForQuickInputClosed();
    let outcome: string;
    try {
      outcome = await workbench.waitForNotification(
        /SymFold: (demo dataset created|could not create)/,
        90_000,
      );
    } finally {
      await workbench.screenshot('vsix-demo-dataset');
    }
    assert.match(outcome, /demo dataset created/, `the installed extension reported: ${outcome}`);
    assert.equal(readdirSync(join(workbench.workspace, 'symfold-demo', 'masks')).length, 24);
  });
});
