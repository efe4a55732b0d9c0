/**
 * The external-trainer path in a real VS Code: with symfold.engine.command pointing at this
 * test's own trainer script (test/fixtures/fake-trainer.js, which speaks the JSON-lines events),
 * "SymFold: Train Folding Network…" from the palette draws its curves on the dashboard; Stop
 * cancels it with the checkpoint kept; training again offers to resume and continues from it.
 * Run after a build: node --test out/test/e2e/train-external.test.js
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../vscode/cache';
import { waitUntil, Workbench } from './support/workbench';

const TRAINER = join(repoRoot, 'test', 'fixtures', 'fake-trainer.js');

describe('Train with an external trainer (symfold.engine.command), from the palette', () => {
  let workbench: Workbench;
  let dataset: string;
  let out: string;

  before(async () => {
    const template = `"${process.execPath}" "${TRAINER}" \${dataset} --axis \${axis} --out \${out} --epochs \${epochs} --delay-ms 150`;
    workbench = await Workbench.open();
    // The setting is machine-overridable: in code-server (a remote) it is read from the remote
    // machine's settings, not the browser's user settings, so it goes there and the page reloads.
    const machine = join(workbench.server.scratchDir, 'user-data', 'Machine');
    mkdirSync(machine, { recursive: true });
    writeFileSync(
      join(machine, 'settings.json'),
      JSON.stringify({ 'symfold.engine.command': template }),
    );
    await workbench.openFolder(workbench.workspace);
    dataset = join(workbench.workspace, 'lungs');
    out = join(dataset, '.symfold', 'models', 'lr-external');
    execFileSync(process.execPath, [
      join(repoRoot, 'out', 'cli.js'),
      'synth',
      dataset,
      '--axis',
      'lr',
      '--n',
      '8',
      '--size',
      '32',
    ]);
  });

  after(async () => {
    await workbench?.close();
  });

  /** Palette → dataset (first found) → axis (Enter) → epochs. */
  async function startTraining(epochs: number, resumeChoice?: RegExp): Promise<void> {
    // Earlier runs' notifications must not answer for this one.
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.runCommand('SymFold: Train Folding Network…');
    const page = workbench.page;
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const step = (n: number) =>
      waitUntil(
        `step ${n}/3 of Train`,
        async () =>
          new RegExp(`Train \\(external trainer\\) \\(${n}/3\\)`).test(
            (await page.locator('.quick-input-title').textContent()) ?? '',
          ) &&
          (n === 3 || (await rows.first().isVisible())),
        30_000,
      );
    await step(1);
    assert.match((await rows.first().textContent()) ?? '', /lungs/);
    await page.keyboard.press('Enter'); // the dataset
    await step(2);
    await page.keyboard.press('Enter'); // lr, from symfold.json
    await step(3);
    await workbench.acceptInput(undefined, String(epochs));
    if (resumeChoice) {
      const row = rows.filter({ hasText: resumeChoice }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      await row.click();
    }
    // The next step opens the palette (to read notifications): it must not cancel the last answer.
    await workbench.waitForQuickInputClosed();
  }

  /** The "SymFold Jobs" output channel, which VS Code also writes to a log file: for failures. */
  function jobLog(): string {
    const logs = join(workbench.server.scratchDir, 'user-data', 'logs');
    const found = execFileSync('find', [logs, '-name', '*SymFold Jobs*'], {
      encoding: 'utf8',
    }).trim();
    return found
      ? found
          .split('\n')
          .map((f) => readFileSync(f, 'utf8'))
          .join('\n')
      : `no job log under ${logs}`;
  }

  async function dashboard(): Promise<Frame> {
    return workbench.waitForWebview(undefined, '#chart-loss', 60_000);
  }

  it('draws the curves of a 2-epoch run and leaves the model files', async () => {
    await startTraining(2);
    const message = await workbench
      .waitForNotification(/finished|failed/, 90_000)
      .catch(async (error: Error) => {
        await workbench.screenshot('train-external-failed');
        assert.fail(`${error.message}\n${jobLog()}`);
      });
    assert.match(message, /Training "lungs · lr · external" finished/, jobLog());
    assert.ok(existsSync(join(out, 'model.json')), 'the trainer wrote its model');
    const frame = await dashboard();
    await waitUntil(
      'two epoch points',
      async () => (await frame.getAttribute('#chart-loss', 'data-points')) === '2',
      15_000,
    );
    assert.equal(await frame.getAttribute('#chart-iou', 'data-points'), '2');
    assert.equal(await frame.getAttribute('#chart-asym', 'data-points'), '2');
    assert.equal(await frame.locator('#epochs tbody tr').count(), 2);
    assert.equal(await frame.textContent('#backend'), 'fake');
    // The loss curve is drawn in the theme's chart colour: some pixel of the canvas is not background.
    const painted = await frame.evaluate(() => {
      const c = document.querySelector('#chart-loss') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i + 2] > d[i] + 80) n++;
      return n;
    });
    assert.ok(painted > 50, `blue loss pixels: ${painted}`);
    const shot = await workbench.screenshot('dashboard-external');
    mkdirSync(join(repoRoot, 'media', 'screenshots'), { recursive: true });
    copyFileSync(shot, join(repoRoot, 'media', 'screenshots', 'dashboard.png'));
  });

  it('Stop cancels with the checkpoint kept, and training again resumes from it', async () => {
    await startTraining(40, /Start over/);
    const frame = await dashboard();
    await waitUntil(
      'a first epoch of the new run',
      async () => Number(await frame.getAttribute('#chart-loss', 'data-points')) >= 2,
      60_000,
    );
    await frame.click('#stop');
    const cancelled = await workbench.waitForNotification(/was cancelled/, 60_000);
    const epoch = Number(/checkpoint of epoch (\d+) is kept/.exec(cancelled)?.[1]);
    assert.ok(epoch >= 2, cancelled);
    const saved = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')) as {
      epoch: number;
    };
    assert.equal(saved.epoch, epoch);

    await startTraining(epoch + 2, /Resume from the checkpoint/);
    await workbench.waitForNotification(/lungs · lr · external" finished/, 60_000);
    const rows = await (
      await dashboard()
    )
      .locator('#epochs tbody tr td:first-child')
      .allTextContents();
    assert.deepEqual(rows, [String(epoch + 1), String(epoch + 2)]);
  });
});
