/**
 * The built-in trainer from the command palette in a real VS Code (code-server + chromium), on a
 * tiny synth dataset: "Train Folding Network…" finishes with the model files and two epoch points
 * on the dashboard; "Predict Masks…" writes preds/ and the mask viewer already open on a sample
 * picks the prediction up; Stop on the dashboard keeps a checkpoint, and training again with
 * "Resume from the checkpoint" continues after it instead of starting at epoch 1.
 * Run after a build: node --test out/test/e2e/train-palette.test.js
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../vscode/cache';
import { EXTENSION_ID, waitUntil, Workbench } from './support/workbench';

const LABEL = 'lungs · lr · fold';

describe('Train and predict with the built-in trainer, from the palette', () => {
  let workbench: Workbench;
  let dataset: string;
  let model: string;

  before(async () => {
    workbench = await Workbench.open({
      viewport: { width: 1400, height: 860 },
      // Images open in the mask viewer straight from Quick Open.
      settings: { 'workbench.editorAssociations': { '**/images/*.png': 'symfold.maskViewer' } },
    });
    dataset = join(workbench.workspace, 'lungs');
    model = join(dataset, '.symfold', 'models', 'lr-fold');
    execFileSync(process.execPath, [
      join(repoRoot, 'out', 'cli.js'),
      'synth',
      dataset,
      '--axis',
      'lr',
      '--n',
      '24',
      '--size',
      '32',
      '--seed',
      '1',
    ]);
  });

  after(async () => {
    await workbench?.close();
  });

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

  /** Waits for a notification, or fails with a screenshot and the job log. */
  async function notification(text: RegExp, timeoutMs: number, shot: string): Promise<string> {
    return workbench.waitForNotification(text, timeoutMs).catch(async (error: Error) => {
      await workbench.screenshot(shot);
      return assert.fail(`${error.message}\n${jobLog()}`);
    });
  }

  /** The quick-pick step `n` of `total` under `title`, with its rows listed. */
  async function step(title: string, n: number, total: number, input = false): Promise<void> {
    const page = workbench.page;
    await waitUntil(
      `step ${n}/${total} of ${title}`,
      async () =>
        ((await page.locator('.quick-input-title').textContent()) ?? '').includes(
          `${title} (${n}/${total})`,
        ) &&
        (input || (await page.locator('.quick-input-list .monaco-list-row').first().isVisible())),
      30_000,
    );
  }

  /** Clicks the quick-pick row whose label is exactly `label`. */
  async function pickRow(label: string | RegExp): Promise<void> {
    const page = workbench.page;
    const row = page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: label }) })
      .first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
  }

  /**
   * Palette → dataset (first found) → axis (Enter: symfold.json's lr) → fold (Enter) → epochs →
   * size → loss (Enter) → wasm, and the resume question when the model folder has a checkpoint.
   */
  async function startTraining(
    epochs: number,
    size: number,
    resume?: 'Resume from the checkpoint' | 'Start over',
  ): Promise<void> {
    const page = workbench.page;
    const title = 'SymFold: Train';
    // Earlier runs' notifications must not answer for this one.
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.runCommand('SymFold: Train Folding Network…');
    await step(title, 1, 7);
    assert.match(
      (await page.locator('.quick-input-list .monaco-list-row').first().textContent()) ?? '',
      /lungs/,
    );
    await page.keyboard.press('Enter');
    await step(title, 2, 7);
    await page.keyboard.press('Enter');
    await step(title, 3, 7);
    await page.keyboard.press('Enter');
    await step(title, 4, 7, true);
    await workbench.acceptInput(undefined, String(epochs));
    await step(title, 5, 7, true);
    await workbench.acceptInput(undefined, String(size));
    await step(title, 6, 7);
    await page.keyboard.press('Enter');
    await step(title, 7, 7);
    // wasm: the same backend everywhere, so the timings do not depend on what auto finds here.
    await pickRow(/^wasm$/);
    if (resume) await pickRow(new RegExp(`^${resume}$`));
    // The next step opens the palette (to read notifications): it must not cancel an answer.
    await workbench.waitForQuickInputClosed();
  }

  async function dashboard(): Promise<Frame> {
    return workbench.waitForWebview(EXTENSION_ID, '#chart-loss', 60_000);
  }

  async function epochRows(frame: Frame): Promise<string[]> {
    return frame.locator('#epochs tbody tr td:first-child').allTextContents();
  }

  it('trains 2 epochs at size 32: progress finishes, model files, two epoch points', async () => {
    const started = Date.now();
    await startTraining(2, 32);
    const message = await notification(/finished|failed/, 180_000, 'train-palette-failed');
    assert.match(message, new RegExp(`Training "${LABEL}" finished`), jobLog());
    for (const file of ['model.json', 'weights.bin', 'symfold-model.json'])
      assert.ok(existsSync(join(model, file)), `${file} in ${readdirSync(model).join(', ')}`);
    const frame = await dashboard();
    await waitUntil(
      'two epoch points',
      async () => (await frame.getAttribute('#chart-loss', 'data-points')) === '2',
      15_000,
    );
    assert.equal(await frame.getAttribute('#chart-iou', 'data-points'), '2');
    assert.deepEqual(await epochRows(frame), ['1', '2']);
    assert.equal(await frame.textContent('#backend'), 'wasm');
    console.log(`train from the palette: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('predicts from the palette into preds/, and the open viewer shows the prediction', async () => {
    const started = Date.now();
    // The viewer is open before the predictions exist: it must notice them by itself.
    await workbench.runCommand('Go to File...');
    const input = workbench.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('lungs/images/sample-0001.png');
    await workbench.page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'sample-0001.png' })
      .first()
      .waitFor({ timeout: 30_000 });
    await input.press('Enter');
    const viewer = await workbench.waitForWebview(
      EXTENSION_ID,
      'body[data-sample="sample-0001"][data-painted-at]',
      90_000,
    );
    assert.doesNotMatch((await viewer.textContent('body')) ?? '', /prediction: /);

    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.runCommand('SymFold: Predict Masks…');
    await step('SymFold: Predict', 1, 2);
    assert.match(
      (await workbench.page.locator('.quick-input-list .monaco-list-row').first().textContent()) ??
        '',
      /lr-fold/,
    );
    // A click, not Enter: right after the list shows, a key can arrive before the pick has an
    // active row and be lost.
    await workbench.page.locator('.quick-input-list .monaco-list-row').first().click();
    await step('SymFold: Predict', 2, 2);
    await workbench.page.keyboard.press('Enter');
    await workbench.waitForQuickInputClosed();
    const message = await notification(
      /Prediction .* (finished|failed)|cannot predict/,
      120_000,
      'predict-palette-failed',
    );
    assert.match(message, /finished\. 24 prediction file\(s\)/, jobLog());
    const preds = join(dataset, 'preds');
    assert.ok(existsSync(join(preds, 'sample-0001.png')), `preds/: ${readdirSync(preds).join()}`);
    assert.equal(readdirSync(preds).filter((f) => f.endsWith('.png')).length, 24);

    await waitUntil(
      'the viewer to show the prediction and its score',
      async () =>
        ((await viewer.textContent('body')) ?? '').includes('prediction: sample-0001.png') &&
        /%$/.test((await viewer.textContent('dd[data-score="pred-asymmetry"]')) ?? ''),
      60_000,
    ).catch(async (error: Error) => {
      await workbench.screenshot('predict-viewer-failed');
      throw error;
    });
    console.log(`predict from the palette: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('Stop keeps a checkpoint, and Resume continues after it', async () => {
    const started = Date.now();
    await workbench.runCommand('View: Close All Editors');
    // The finished run left its checkpoint, so this run starts over; size 64 and many epochs
    // make it long enough to stop after its first epoch.
    assert.ok(existsSync(join(model, 'checkpoint.json')));
    await startTraining(60, 64, 'Start over');
    const frame = await dashboard();
    await waitUntil(
      'a first epoch of the new run',
      async () => Number(await frame.getAttribute('#chart-loss', 'data-points')) >= 1,
      120_000,
    );
    await frame.click('#stop');
    const cancelled = await notification(/was cancelled|finished|failed/, 60_000, 'stop-failed');
    const epoch = Number(/checkpoint of epoch (\d+) is kept/.exec(cancelled)?.[1]);
    assert.ok(epoch >= 1, cancelled);
    const saved = JSON.parse(readFileSync(join(model, 'checkpoint.json'), 'utf8')) as {
      epoch: number;
    };
    assert.equal(saved.epoch, epoch);

    await startTraining(epoch + 1, 64, 'Resume from the checkpoint');
    const message = await notification(/finished|failed/, 120_000, 'resume-failed');
    assert.match(message, new RegExp(`Training "${LABEL}" finished`), jobLog());
    assert.deepEqual(await epochRows(await dashboard()), [String(epoch + 1)]);
    console.log(`stop and resume: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
