/**
 * The palette → CLI → disk path: "SymFold: Create Demo Dataset" run from the command palette in a
 * real workbench writes the dataset into the workspace folder and reveals it in the Explorer.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Workbench } from './support/workbench';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('SymFold: Create Demo Dataset, from the command palette', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await Workbench.open({ files: { 'README.txt': 'e2e workspace\n' } });
  });

  after(async () => {
    await workbench?.close();
  });

  it('writes 24 samples into symfold-demo and shows the folder in the Explorer', async () => {
    await workbench.runCommand('SymFold: Create Demo Dataset');
    await workbench.acceptInput('symfold-demo');
    await workbench.waitForQuickInputClosed();
    let outcome: string;
    try {
      outcome = await workbench.waitForNotification(
        /SymFold: (demo dataset created|could not create)/,
        60_000,
      );
    } finally {
      await workbench.screenshot('demo-dataset-created');
    }
    assert.match(
      outcome,
      /demo dataset created in symfold-demo/,
      `the command reported: ${outcome}`,
    );

    const images = filesUnder(join(workbench.workspace, 'symfold-demo')).filter((f) =>
      /\.(png|npy|tiff?)$/i.test(f),
    );
    // An image and a ground-truth mask for each of the 24 samples.
    assert.ok(
      images.length >= 48,
      `expected at least 48 image and mask files, found ${images.length}`,
    );

    const explorerRow = workbench.page.locator('.explorer-folders-view .monaco-list-row', {
      hasText: 'symfold-demo',
    });
    await explorerRow.first().waitFor({ state: 'visible', timeout: 15_000 });
  });
});
