/**
 * The training dashboard's webview in a plain chromium page, with a stub acquireVsCodeApi that
 * plays the host. The state comes from real events: the fake external trainer's output folded by
 * the same reducer the extension uses. Checks the epoch points on the canvases (DOM and pixels),
 * the side panel, the Stop button's message, and a theme change; saves a screenshot.
 * Run after a build: node --test out/test/e2e/train-dashboard-webview.test.js
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DASHBOARD_BODY } from '../../src/extension/jobs/dashboard-markup';
import { runProcess } from '../../src/extension/jobs/process-runner';
import {
  applyEvent,
  initialDashboardState,
  type DashboardState,
} from '../../src/protocol/dashboard';
import { launchChromium } from '../vscode/browser';

const repo = resolve(__dirname, '../../..');
const RESULTS = join(repo, 'test-results');

/** VS Code Dark Modern's values of the variables the dashboard reads. */
const DARK = `--vscode-editor-background:#1f1f1f;--vscode-foreground:#cccccc;--vscode-font-family:system-ui,sans-serif;
--vscode-font-size:13px;--vscode-editorWidget-border:#454545;--vscode-charts-blue:#3794ff;--vscode-charts-orange:#d18616;
--vscode-charts-green:#89d185;--vscode-charts-purple:#b180d7;--vscode-charts-red:#f14c4c;--vscode-button-background:#0078d4;
--vscode-button-foreground:#ffffff;--vscode-errorForeground:#f85149`;

const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="symfold-settings" data-settings='{"state":null}'>
<link rel="stylesheet" href="/media/dashboard.css">
<style>:root{${DARK}}</style>
<script>
window.__posted = [];
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(m),
  getState: () => undefined,
  setState: () => undefined,
});
window.__host = (m) => window.dispatchEvent(new MessageEvent('message', { data: m }));
</script></head><body>${DASHBOARD_BODY}
<script src="/out/webview/dashboard.js"></script></body></html>`;

let server: Server;
let base = '';
let browser: Browser;

/** Runs the fake trainer and folds its events into a dashboard state, as the extension does. */
async function trainedState(epochs: number): Promise<DashboardState> {
  const out = mkdtempSync(join(tmpdir(), 'symfold-dash-'));
  try {
    const result = await runProcess(process.execPath, [
      join(repo, 'test', 'fixtures', 'fake-trainer.js'),
      '/data/lungs',
      '--out',
      out,
      '--epochs',
      String(epochs),
      '--delay-ms',
      '1',
    ]);
    assert.equal(result.code, 0, result.stderrTail);
    return result.events.reduce(
      applyEvent,
      initialDashboardState('lungs · lr · external', 'node fake-trainer.js /data/lungs'),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/dashboard.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    try {
      const body = readFileSync(join(repo, path));
      const type = path.endsWith('.css') ? 'text/css' : 'text/javascript';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/dashboard.html`);
  await page.waitForFunction(
    () => (window as unknown as { __posted: unknown[] }).__posted.length > 0,
  );
  assert.deepEqual(errors, []);
  return page;
}

/** Counts canvas pixels close to an RGB colour (the series colour of a chart). */
function countColour(page: Page, selector: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(
    ({ selector, rgb }) => {
      const canvas = document.querySelector(selector) as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        const d =
          Math.abs(data[i] - rgb[0]) +
          Math.abs(data[i + 1] - rgb[1]) +
          Math.abs(data[i + 2] - rgb[2]);
        if (d < 30 && data[i + 3] > 200) n++;
      }
      return n;
    },
    { selector, rgb },
  );
}

test('the page says ready, then draws two epochs as two points on each chart', async () => {
  const page = await open();
  assert.deepEqual(
    await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    [{ type: 'ready' }],
  );
  assert.equal(await countColour(page, '#chart-loss', [0x37, 0x94, 0xff]), 0);

  const state = await trainedState(2);
  await page.evaluate(
    (s) => (window as unknown as { __host(m: unknown): void }).__host({ type: 'state', state: s }),
    state,
  );
  for (const id of ['chart-loss', 'chart-iou', 'chart-asym']) {
    assert.equal(await page.getAttribute(`#${id}`, 'data-points'), '2', id);
  }
  assert.ok(
    (await countColour(page, '#chart-loss', [0x37, 0x94, 0xff])) > 50,
    'loss curve in the theme blue',
  );
  assert.ok(
    (await countColour(page, '#chart-iou', [0x89, 0xd1, 0x85])) > 50,
    'IoU curve in the theme green',
  );
  assert.ok(
    (await countColour(page, '#chart-asym', [0xf1, 0x4c, 0x4c])) > 30,
    'asymmetry curve in the theme red',
  );
  assert.equal(await page.locator('#epochs tbody tr').count(), 2);
  assert.equal(await page.textContent('#backend'), 'fake');
  assert.match((await page.textContent('#status')) ?? '', /^Finished · 2\/2 epochs/);
  assert.match((await page.textContent('#config')) ?? '', /trainer\s*fake-trainer\.js/);
  assert.equal(await page.isHidden('#stop'), true);
  await page.close();
});

test('a running state shows Stop, which asks the host to cancel; a theme change redraws', async () => {
  const page = await open();
  const state = await trainedState(3);
  const running: DashboardState = { ...state, status: 'running', points: state.points.slice(0, 1) };
  await page.evaluate(
    (s) => (window as unknown as { __host(m: unknown): void }).__host({ type: 'state', state: s }),
    running,
  );
  assert.equal(await page.getAttribute('#chart-loss', 'data-points'), '1');
  await page.click('#stop');
  const posted = await page.evaluate(
    () => (window as unknown as { __posted: Array<{ type: string }> }).__posted,
  );
  assert.deepEqual(posted.at(-1), { type: 'cancel' });

  // VS Code swaps the variables and the body class on a theme change.
  await page.evaluate(() => {
    document.documentElement.style.setProperty('--vscode-charts-blue', '#005fb8');
    document.body.className = 'vscode-light';
  });
  await page.waitForFunction(() => true);
  assert.ok(
    (await countColour(page, '#chart-loss', [0x00, 0x5f, 0xb8])) > 5,
    'loss redrawn in the new blue',
  );
  await page.close();
});

test('screenshot of a 12-epoch run with a fallback and a warning', async () => {
  const page = await open();
  const state = await trainedState(12);
  const shown: DashboardState = {
    ...state,
    backend: 'wasm',
    fallbacks: ['tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed', 'webgpu: no adapter'],
    warnings: ['3 samples have no mask and were skipped'],
  };
  await page.evaluate(
    (s) => (window as unknown as { __host(m: unknown): void }).__host({ type: 'state', state: s }),
    shown,
  );
  assert.equal(await page.locator('#fallbacks li').count(), 2);
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, 'dashboard-webview.png') });
  await page.close();
});
