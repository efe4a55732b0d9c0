/**
 * The viewer's webview in a plain chromium page, with a stub acquireVsCodeApi that plays the
 * host: fast, and independent of the extension host. It checks real canvas pixels, hotkeys,
 * opacity, a contact map, takes screenshots and prints the first-paint time.
 * Run after a build: node --test out/test/e2e/viewer-webview.test.js
 */
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { scoreMask } from '../../src/core/asymmetry';
import { parseNpy, ndarrayToRaster } from '../../src/io/npy';
import { DEFAULT_LAYERS, type SampleView, type ViewerSettings } from '../../src/protocol/viewer';
import { blendOver, parseHexColour, type Rgb } from '../../webview/viewer/colour';

const repo = resolve(__dirname, '../../..');
const CONTACT_MAPS = '/work/shared/data/contact-maps';
const settings: ViewerSettings = { layers: DEFAULT_LAYERS, maskStyle: 'fill', colormap: 'viridis' };

const THEMES = {
  dark: {
    bg: '#1e1e1e',
    fg: '#cccccc',
    side: '#252526',
    input: '#3c3c3c',
    button: '#0e639c',
    button2: '#3a3d41',
  },
  light: {
    bg: '#ffffff',
    fg: '#3b3b3b',
    side: '#f3f3f3',
    input: '#ffffff',
    button: '#005fb8',
    button2: '#e5e5e5',
  },
};

function page(theme: keyof typeof THEMES): string {
  const t = THEMES[theme];
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="symfold-settings" data-settings='${JSON.stringify(settings)}'>
<link rel="stylesheet" href="/media/viewer.css">
<style>:root{--vscode-editor-background:${t.bg};--vscode-foreground:${t.fg};--vscode-sideBar-background:${t.side};
--vscode-input-background:${t.input};--vscode-input-foreground:${t.fg};--vscode-button-background:${t.button};--vscode-button-foreground:#fff;
--vscode-button-secondaryBackground:${t.button2};--vscode-button-secondaryForeground:${t.fg};--vscode-font-family:sans-serif;--vscode-font-size:13px;
--vscode-editorWarning-foreground:#cca700;--vscode-errorForeground:#f14c4c;--vscode-panel-border:#80808059}</style>
<script>
window.__posted = [];
window.__state = undefined;
window.acquireVsCodeApi = () => ({
  postMessage: (m) => { window.__posted.push(m); if (m.messageId && window.__answer) window.__answer(m); },
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
window.__host = (m) => window.dispatchEvent(new MessageEvent('message', { data: m }));
</script></head><body>
<div id="app"><main id="stage"><canvas id="viewer-canvas"></canvas><div id="readout"></div></main><div id="error" hidden></div></div>
<script src="/out/webview/viewer.js"></script></body></html>`;
}

let server: Server;
let base = '';
let browser: Browser;
const files = new Map<string, { type: string; body: Buffer }>();

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const hit = files.get(url.pathname);
    if (hit) {
      res.writeHead(200, { 'content-type': hit.type }).end(hit.body);
      return;
    }
    const theme = url.pathname.match(/^\/(light|dark)\.html$/)?.[1] as
      keyof typeof THEMES | undefined;
    if (theme) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page(theme));
      return;
    }
    try {
      const body = readFileSync(join(repo, url.pathname));
      res
        .writeHead(200, {
          'content-type': url.pathname.endsWith('.css') ? 'text/css' : 'text/javascript',
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(theme: keyof typeof THEMES = 'dark', width = 900, height = 600): Promise<Page> {
  const p = await browser.newPage({ viewport: { width, height } });
  p.on('pageerror', (e) => console.error('page error:', e.message));
  await p.goto(`${base}/${theme}.html`);
  await p.waitForFunction(() =>
    (window as unknown as { __posted: { type: string }[] }).__posted.some(
      (m) => m.type === 'ready',
    ),
  );
  return p;
}

/** Sends a sample as the host would, and waits for the frame with overlays. */
async function showSample(p: Page, sample: SampleView): Promise<void> {
  await p.evaluate(
    (s) => {
      const w = window as unknown as { __host(m: unknown): void; __posted: { type: string }[] };
      w.__posted.length = 0;
      const revive = (m?: { data: number[]; dtype: string }) => {
        if (!m) return;
        const ctor = {
          uint8: Uint8Array,
          uint16: Uint16Array,
          int32: Int32Array,
          float32: Float32Array,
        }[m.dtype]!;
        (m as unknown as { data: unknown }).data = ctor.from(m.data);
      };
      revive(s.gt as never);
      revive(s.pred as never);
      if (s.image.kind === 'raw') revive(s.image as never);
      w.__host({ type: 'sample', sample: s, keepView: false });
    },
    JSON.parse(
      JSON.stringify(sample, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v)),
    ) as SampleView,
  );
  await p.waitForFunction(() => document.body.dataset.firstPaintMs !== undefined);
}

/** The canvas colour at the centre of image pixel (x, y), fitted view. */
async function pixel(p: Page, x: number, y: number): Promise<Rgb> {
  const [r, g, b] = await p.evaluate(
    ([x, y]) => {
      const c = document.getElementById('viewer-canvas') as HTMLCanvasElement;
      const state = (window as unknown as { __imageSize: [number, number] }).__imageSize;
      const [w, h] = state;
      const scale = Math.min(1, c.clientWidth / w, c.clientHeight / h);
      const ox = (c.clientWidth - w * scale) / 2;
      const oy = (c.clientHeight - h * scale) / 2;
      const dpr = window.devicePixelRatio || 1;
      const sx = Math.floor((ox + (x + 0.5) * scale) * dpr);
      const sy = Math.floor((oy + (y + 0.5) * scale) * dpr);
      return Array.from(c.getContext('2d')!.getImageData(sx, sy, 1, 1).data);
    },
    [x, y],
  );
  return { r, g, b };
}

function near(actual: Rgb, expected: Rgb, what: string, tolerance = 2): void {
  const ok =
    Math.abs(actual.r - expected.r) <= tolerance &&
    Math.abs(actual.g - expected.g) <= tolerance &&
    Math.abs(actual.b - expected.b) <= tolerance;
  assert.ok(ok, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const W = 64;
const H = 48;
const GREY = { r: 128, g: 128, b: 128 };

function rectMask(x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const m = new Uint8Array(W * H);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m[y * W + x] = 1;
  return m;
}

async function synthSample(): Promise<SampleView> {
  const png = await sharp(Buffer.alloc(W * H, 128), { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toBuffer();
  files.set('/data/synth.png', { type: 'image/png', body: png });
  const gt = rectMask(8, 10, 20, 30);
  const pred = rectMask(36, 34, 42, 44);
  return {
    sampleId: 'synth',
    name: 'synth',
    position: { index: 0, total: 12 },
    image: { kind: 'uri', uri: `${base}/data/synth.png`, width: W, height: H },
    gt: {
      width: W,
      height: H,
      channels: 1,
      dtype: 'uint8',
      data: gt,
      name: 'synth.png',
      soft: false,
    },
    pred: {
      width: W,
      height: H,
      channels: 1,
      dtype: 'uint8',
      data: pred,
      name: 'synth_pred.png',
      soft: false,
    },
    axis: 'lr',
    scores: {
      axis: 'lr',
      gtAsymmetry: 1,
      predAsymmetry: 1,
      iou: 0,
      dice: 0,
      flagged: true,
      notes: [],
    },
    warnings: [],
    notices: [],
  };
}

test('overlay colours at known mask and background points, hotkey toggle, opacity step', async () => {
  const p = await open();
  await p.evaluate(
    ([w, h]) => ((window as unknown as { __imageSize: number[] }).__imageSize = [w, h]),
    [W, H],
  );
  await showSample(p, await synthSample());
  const gtColour = parseHexColour(DEFAULT_LAYERS.gt.color);
  const predColour = parseHexColour(DEFAULT_LAYERS.pred.color);
  near(await pixel(p, 5, 40), GREY, 'background');
  near(await pixel(p, 14, 20), blendOver(GREY, gtColour, 0.5), 'ground truth');
  near(await pixel(p, 39, 40), blendOver(GREY, predColour, 0.5), 'prediction');

  await p.keyboard.press('2'); // ground truth off
  near(await pixel(p, 14, 20), GREY, 'ground truth hidden by its hotkey');
  near(await pixel(p, 39, 40), blendOver(GREY, predColour, 0.5), 'prediction untouched');
  await p.keyboard.press('2');
  near(await pixel(p, 14, 20), blendOver(GREY, gtColour, 0.5), 'ground truth back');

  await p.keyboard.press(']');
  await p.keyboard.press(']');
  near(await pixel(p, 39, 40), blendOver(GREY, predColour, 0.7), 'prediction at opacity 0.7');

  await p.keyboard.press('o'); // outline: the interior loses its fill, the edge keeps it
  near(await pixel(p, 14, 20), GREY, 'outline mode leaves the inside clear');
  near(await pixel(p, 8, 20), blendOver(GREY, gtColour, 0.7), 'outline on the mask edge');
  const saved = await p.evaluate(
    () =>
      (window as unknown as { __state: { maskStyle: string; layers: { gt: { opacity: number } } } })
        .__state,
  );
  assert.equal(saved.maskStyle, 'outline', 'choices persist in the webview state');
  assert.equal(saved.layers.gt.opacity, 0.7);
  assert.equal(await p.textContent('[data-score="gt-asymmetry"]'), '100.0 %');
  await p.close();
});

test('a contact map (.npy image, PNG mask, axis diag) shows ground-truth asymmetry 0', async () => {
  const image = ndarrayToRaster(parseNpy(readFileSync(`${CONTACT_MAPS}/images/1crn_A.npy`)));
  const maskPng = await sharp(`${CONTACT_MAPS}/masks/1crn_A.png`)
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const mask = {
    width: maskPng.info.width,
    height: maskPng.info.height,
    channels: 1,
    data: new Uint8Array(maskPng.data),
  };
  const gtAsymmetry = scoreMask(mask, { axis: 'diag' }).asymmetry;
  assert.equal(gtAsymmetry, 0);
  for (const theme of ['light', 'dark'] as const) {
    const p = await open(theme, 1000, 560);
    await p.evaluate(
      ([w, h]) => ((window as unknown as { __imageSize: number[] }).__imageSize = [w, h]),
      [image.width, image.height],
    );
    await showSample(p, {
      sampleId: '1crn_A',
      name: '1crn_A',
      position: { index: 9, total: 12 },
      image: {
        kind: 'raw',
        width: image.width,
        height: image.height,
        channels: 1,
        dtype: 'float32',
        data: image.data as Float32Array,
      },
      gt: { ...mask, dtype: 'uint8', name: '1crn_A.png', soft: false },
      axis: 'diag',
      scores: { axis: 'diag', gtAsymmetry, flagged: false, notes: ['no prediction'] },
      warnings: [],
      notices: [],
    });
    assert.equal(await p.textContent('[data-score="gt-asymmetry"]'), '0.0 %');
    assert.equal(await p.inputValue('#axis-select'), 'diag');
    await p.keyboard.press('+');
    await p.keyboard.press('+');
    await p.keyboard.press('+');
    await p.keyboard.press('o');
    await p.keyboard.press('o');
    // The README's screenshots come from the real VS Code (viewer-vscode.test); these are for review.
    mkdirSync(join(repo, 'test-results'), { recursive: true });
    await p.screenshot({ path: join(repo, `test-results/viewer-webview-${theme}.png`) });
    await p.close();
  }
});

test('first paint with overlays: 4096×4096 image and two masks (printed, not asserted)', async () => {
  const N = 4096;
  const noise = Buffer.alloc(N * N);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  files.set('/data/big.png', {
    type: 'image/png',
    body: await sharp(noise, { raw: { width: N, height: N, channels: 1 } })
      .png({ compressionLevel: 1 })
      .toBuffer(),
  });
  const p = await open('dark', 1200, 800);
  const millis = await p.evaluate(
    async ([n, uri]) => {
      // The masks are built in the page, as the host's message would deliver them.
      const gt = new Uint8Array(n * n);
      const pred = new Uint8Array(n * n);
      for (let y = 0; y < n; y++) for (let x = n / 4; x < n / 2; x++) gt[y * n + x] = 1;
      for (let y = n / 4; y < n; y++) for (let x = n / 4; x < (3 * n) / 4; x++) pred[y * n + x] = 1;
      const w = window as unknown as { __host(m: unknown): void };
      const t0 = performance.now();
      w.__host({
        type: 'sample',
        keepView: false,
        sample: {
          sampleId: 'big',
          name: 'big',
          image: { kind: 'uri', uri, width: n, height: n },
          gt: {
            width: n,
            height: n,
            channels: 1,
            dtype: 'uint8',
            data: gt,
            name: 'gt',
            soft: false,
          },
          pred: {
            width: n,
            height: n,
            channels: 1,
            dtype: 'uint8',
            data: pred,
            name: 'pred',
            soft: false,
          },
          axis: 'lr',
          scores: { axis: 'lr', flagged: false, notes: [] },
          warnings: [],
          notices: [],
        },
      });
      while (document.body.dataset.firstPaintMs === undefined)
        await new Promise((r) => setTimeout(r, 5));
      return {
        sinceMessage: performance.now() - t0,
        reported: Number(document.body.dataset.firstPaintMs),
        phases: document.body.dataset.paintPhases,
      };
    },
    [N, `${base}/data/big.png`] as const,
  );
  console.log(
    `viewer first paint, 4096×4096 + 2 masks: ${millis.sinceMessage.toFixed(0)} ms from the sample message (webview's own count ${millis.reported.toFixed(0)} ms: ${millis.phases})`,
  );
  const t0 = Date.now();
  await p.keyboard.press('3');
  await p.keyboard.press(']');
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  console.log(`toggle + opacity step on 4096×4096, no decode: ${Date.now() - t0} ms`);
  await p.close();
});
