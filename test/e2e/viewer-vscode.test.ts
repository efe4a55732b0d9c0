/**
 * The mask viewer in a real VS Code (code-server + chromium): opening samples through "Reopen
 * Editor With…", Quick Open and editor associations, reading canvas pixels back, hotkeys and
 * opacity, a contact map, bad input, theme screenshots, and the open → first-paint time.
 * Run after a build: node --test out/test/e2e/viewer-vscode.test.js
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import sharp from 'sharp';
import { DEFAULT_LAYERS } from '../../src/protocol/viewer';
import { blendOver, parseHexColour, type Rgb } from '../../webview/viewer/colour';
import { repoRoot } from '../vscode/cache';
import { EXTENSION_ID, waitUntil, Workbench } from './support/workbench';

const CONTACT_MAPS = '/work/shared/data/contact-maps';
const SCREENSHOTS = join(repoRoot, 'media', 'screenshots');
const BIG = 4096;

interface View {
  scale: number;
  offsetX: number;
  offsetY: number;
}

interface Raw {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

async function readRaw(path: string): Promise<Raw> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data),
    width: info.width,
    height: info.height,
    channels: info.channels,
  };
}

function rgbAt(r: Raw, x: number, y: number): Rgb {
  const o = (y * r.width + x) * r.channels;
  return r.channels >= 3
    ? { r: r.data[o], g: r.data[o + 1], b: r.data[o + 2] }
    : { r: r.data[o], g: r.data[o], b: r.data[o] };
}

/** A pixel whose whole 5×5 neighbourhood has `inside` status, away from the lr axis at x = W/2. */
function findPoint(mask: Raw, inside: boolean): { x: number; y: number } {
  const fg = (x: number, y: number) => mask.data[(y * mask.width + x) * mask.channels] > 0;
  for (let y = 3; y < mask.height - 3; y++) {
    for (let x = 3; x < mask.width - 3; x++) {
      if (Math.abs(x - mask.width / 2) < 5) continue;
      let ok = true;
      for (let dy = -2; dy <= 2 && ok; dy++)
        for (let dx = -2; dx <= 2 && ok; dx++) ok = fg(x + dx, y + dy) === inside;
      if (ok) return { x, y };
    }
  }
  throw new Error(`no ${inside ? 'mask' : 'background'} point with a clear neighbourhood`);
}

function near(actual: Rgb, expected: Rgb, what: string, tolerance = 3): void {
  const ok = (['r', 'g', 'b'] as const).every(
    (k) => Math.abs(actual[k] - expected[k]) <= tolerance,
  );
  assert.ok(ok, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

describe('the mask viewer in a real VS Code', () => {
  let wb: Workbench;

  before(async () => {
    const scratch = Workbench.makeWorkspace({});
    execFileSync(process.execPath, [
      join(repoRoot, 'out/cli.js'),
      'synth',
      join(scratch, 'synth'),
      '--axis',
      'lr',
      '--n',
      '4',
      '--size',
      '96',
    ]);
    const synthFiles = [
      'images/sample-0001.png',
      'masks/sample-0001.png',
      'images/sample-0002.png',
      'masks/sample-0002.png',
    ];
    const files: Record<string, Uint8Array> = Object.fromEntries(
      synthFiles.map((f) => [
        `synth/${f}`,
        new Uint8Array(readFileSync(join(scratch, 'synth', f))),
      ]),
    );
    const grey = (w: number, h: number, v: number) =>
      sharp(Buffer.alloc(w * h, v), { raw: { width: w, height: h, channels: 1 } })
        .png()
        .toBuffer();
    files['mismatch/images/a.png'] = await grey(64, 48, 100);
    files['mismatch/masks/a.png'] = await grey(32, 32, 1);
    files['corrupt/broken.npy'] = new TextEncoder().encode('this is not a numpy array\n');
    wb = await Workbench.open({
      files,
      viewport: { width: 1400, height: 860 },
      settings: {
        'workbench.colorTheme': 'Default Dark Modern',
        'workbench.editorAssociations': {
          '**/big/**/*.png': 'symfold.maskViewer',
          '**/mismatch/**/*.png': 'symfold.maskViewer',
        },
      },
    });
    for (const dir of ['contact/images', 'contact/masks'])
      mkdirSync(join(wb.workspace, dir), { recursive: true });
    copyFileSync(
      `${CONTACT_MAPS}/images/1crn_A.npy`,
      join(wb.workspace, 'contact/images/1crn_A.npy'),
    );
    copyFileSync(
      `${CONTACT_MAPS}/masks/1crn_A.png`,
      join(wb.workspace, 'contact/masks/1crn_A.png'),
    );
  });

  after(async () => {
    await wb?.close();
  });

  async function quickOpen(relative: string): Promise<void> {
    await wb.runCommand('Go to File...');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(relative);
    const name = relative.split('/').pop() ?? relative;
    await wb.page
      .locator('.quick-input-list .monaco-list-row', { hasText: name })
      .first()
      .waitFor({ timeout: 30_000 });
    await input.press('Enter');
  }

  async function viewerFor(sampleId: string): Promise<Frame> {
    return wb.waitForWebview(
      EXTENSION_ID,
      `body[data-sample="${sampleId}"][data-painted-at]`,
      90_000,
    );
  }

  async function closeAll(): Promise<void> {
    await wb.runCommand('View: Close All Editors');
  }

  async function canvasRgb(frame: Frame, x: number, y: number): Promise<Rgb> {
    const view = JSON.parse(
      (await frame.getAttribute('#viewer-canvas', 'data-view')) ?? 'null',
    ) as View;
    const dpr = await frame.evaluate(() => window.devicePixelRatio || 1);
    const sx = Math.floor((view.offsetX + (x + 0.5) * view.scale) * dpr);
    const sy = Math.floor((view.offsetY + (y + 0.5) * view.scale) * dpr);
    const [r, g, b] = await wb.readCanvasPixel(frame, '#viewer-canvas', sx, sy);
    return { r, g, b };
  }

  /** Input reaches the page asynchronously: poll briefly, then fail with the last colour seen. */
  async function expectColour(
    frame: Frame,
    at: { x: number; y: number },
    expected: Rgb,
    what: string,
  ): Promise<void> {
    let last: Rgb = { r: -1, g: -1, b: -1 };
    try {
      await waitUntil(
        what,
        async () => {
          last = await canvasRgb(frame, at.x, at.y);
          return (['r', 'g', 'b'] as const).every((k) => Math.abs(last[k] - expected[k]) <= 3);
        },
        5_000,
      );
    } catch {
      near(last, expected, what);
    }
  }

  it('opens a synth sample with "Reopen Editor With…": overlay colours, hotkey toggle, opacity', async () => {
    await quickOpen('synth/images/sample-0001.png');
    await wb.page
      .locator('.tab.active', { hasText: 'sample-0001.png' })
      .waitFor({ timeout: 30_000 });
    await wb.runCommand('View: Reopen Editor With...');
    await wb.page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'SymFold Mask Viewer' })
      .first()
      .click();
    const frame = await viewerFor('sample-0001');

    const image = await readRaw(join(wb.workspace, 'synth/images/sample-0001.png'));
    const mask = await readRaw(join(wb.workspace, 'synth/masks/sample-0001.png'));
    const inside = findPoint(mask, true);
    const outside = findPoint(mask, false);
    const gt = parseHexColour(DEFAULT_LAYERS.gt.color);
    near(
      await canvasRgb(frame, outside.x, outside.y),
      rgbAt(image, outside.x, outside.y),
      'background shows the image',
    );
    near(
      await canvasRgb(frame, inside.x, inside.y),
      blendOver(rgbAt(image, inside.x, inside.y), gt, 0.5),
      'ground truth at 50 %',
    );

    await frame.click('#viewer-canvas');
    await wb.page.keyboard.press('2');
    await expectColour(
      frame,
      inside,
      rgbAt(image, inside.x, inside.y),
      'ground truth hidden by its hotkey',
    );
    await wb.page.keyboard.press('2');
    await expectColour(
      frame,
      inside,
      blendOver(rgbAt(image, inside.x, inside.y), gt, 0.5),
      'ground truth back',
    );
    await wb.page.keyboard.press(']');
    await wb.page.keyboard.press(']');
    await expectColour(
      frame,
      inside,
      blendOver(rgbAt(image, inside.x, inside.y), gt, 0.7),
      'ground truth at 70 % after ] ]',
    );
    assert.equal(
      await frame.textContent('[data-score="gt-asymmetry"]'),
      '0.0 %',
      'a synth lr sample is symmetric',
    );

    // Next sample with its key, in the same editor.
    await wb.page.keyboard.press('n');
    await waitUntil(
      'sample-0002',
      () => frame.evaluate(() => document.body.dataset.sample === 'sample-0002'),
      20_000,
    );
    await closeAll();
  });

  it('opens a contact map (.npy image, PNG mask) on axis diag with ground-truth asymmetry 0', async () => {
    await quickOpen('contact/images/1crn_A.npy');
    const frame = await viewerFor('1crn_A');
    await waitUntil(
      'the score',
      async () => (await frame.textContent('[data-score="gt-asymmetry"]')) === '0.0 %',
      20_000,
    );
    assert.equal(await frame.inputValue('#axis-select'), 'diag');
    await wb.page.waitForTimeout(300);
    // A 46² map fits at 1:1 and looks like a stamp: zoom in as a user would.
    await frame.click('#viewer-canvas');
    for (let i = 0; i < 5; i++) await wb.page.keyboard.press('+');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await wb.page.screenshot({ path: join(SCREENSHOTS, 'viewer-dark.png') });
    await wb.runCommand('Preferences: Color Theme');
    // The theme picker replaces the command palette; type only once its list is up.
    const rows = wb.page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Dark Modern' }).first().waitFor({ timeout: 15_000 });
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('Light Modern');
    await rows.filter({ hasText: 'Light Modern' }).first().waitFor({ timeout: 15_000 });
    await input.press('Enter');
    await waitUntil(
      'the light theme',
      async () => (await wb.page.locator('.monaco-workbench.vs').count()) > 0,
      20_000,
    );
    await wb.page.waitForTimeout(500);
    await wb.page.screenshot({ path: join(SCREENSHOTS, 'viewer-light.png') });
    await closeAll();
  });

  it('warns about a mask of another size and does not score it', async () => {
    await quickOpen('mismatch/images/a.png');
    const frame = await viewerFor('a');
    const warning = await frame.textContent('.warning');
    assert.match(warning ?? '', /a\.png is 32 × 32 but its image is 64 × 48/);
    assert.equal(await frame.textContent('[data-score="gt-asymmetry"]'), '—');
    await closeAll();
  });

  it('shows a corrupt file as an error in the editor, naming the file', async () => {
    await quickOpen('corrupt/broken.npy');
    const frame = await wb.waitForWebview(EXTENSION_ID, 'body[data-failed]', 60_000);
    const text = await frame.textContent('#error');
    assert.match(text ?? '', /broken\.npy/);
    assert.equal(await frame.isVisible('#error'), true);
    await closeAll();
  });

  it('first paint of a 4096×4096 image with two masks, from the open command (printed)', async () => {
    const noise = Buffer.alloc(BIG * BIG);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const gt = Buffer.alloc(BIG * BIG);
    const pred = Buffer.alloc(BIG * BIG);
    for (let y = 0; y < BIG; y++) {
      gt.fill(255, y * BIG + BIG / 4, y * BIG + BIG / 2);
      if (y >= BIG / 4) pred.fill(255, y * BIG + BIG / 4, y * BIG + (3 * BIG) / 4);
    }
    const png = (data: Buffer) =>
      sharp(data, { raw: { width: BIG, height: BIG, channels: 1 } })
        .png({ compressionLevel: 1 })
        .toBuffer();
    for (const [dir, data] of [
      ['images', noise],
      ['masks', gt],
      ['preds', pred],
    ] as const) {
      mkdirSync(join(wb.workspace, 'big', dir), { recursive: true });
      writeFileSync(join(wb.workspace, 'big', dir, 'big.png'), await png(data));
    }
    await wb.runCommand('Go to File...');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('big/images/big.png');
    await wb.page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'big.png' })
      .first()
      .waitFor({ timeout: 30_000 });
    const opened = Date.now();
    await input.press('Enter');
    const frame = await viewerFor('big');
    const paintedAt = Number(await frame.getAttribute('body', 'data-painted-at'));
    const inWebview = await frame.getAttribute('body', 'data-first-paint-ms');
    const phases = await frame.getAttribute('body', 'data-paint-phases');
    console.log(
      `viewer first paint in VS Code, 4096×4096 + 2 masks: ${paintedAt - opened} ms from the open command (${inWebview} ms in the webview after the sample arrived; ${phases ?? ''})`,
    );
    await closeAll();
  });
});
