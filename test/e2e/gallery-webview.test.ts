/**
 * The gallery's webview in a plain chromium page, with a stub acquireVsCodeApi that plays the
 * host with a real scanned synth dataset and real cached thumbnails. It checks the order, the
 * click → open message, filters, search and the slider; saves media/screenshots/gallery-webview.png;
 * and measures the first paint with 10,000 tiles. Run after a build:
 *   node --test out/test/e2e/gallery-webview.test.js
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DatasetState } from '../../src/extension/dataset/dataset-state';
import { GALLERY_BODY } from '../../src/extension/dataset/gallery-markup';
import { summaryFrom, tilesFrom } from '../../src/extension/dataset/gallery-tiles';
import { ThumbnailCache } from '../../src/extension/dataset/thumbnails';
import { DEFAULT_QUERY, type GallerySummary, type GalleryTile } from '../../src/protocol/gallery';
import { orderTiles } from '../../webview/gallery/tile-order';
import { makeSynth } from '../unit/dataset/synth-dataset';

const repo = path.resolve(__dirname, '../../..');
const THEME = `:root{--vscode-editor-background:#1e1e1e;--vscode-foreground:#cccccc;--vscode-sideBar-background:#252526;
--vscode-input-background:#3c3c3c;--vscode-input-foreground:#cccccc;--vscode-button-background:#0e639c;--vscode-button-foreground:#fff;
--vscode-font-family:sans-serif;--vscode-font-size:13px;--vscode-editorWarning-foreground:#cca700;--vscode-focusBorder:#007fd4;
--vscode-badge-background:#4d4d4d;--vscode-badge-foreground:#fff;--vscode-testing-iconPassed:#73c991;--vscode-panel-border:#80808059}`;

function html(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="symfold-settings" data-settings='${JSON.stringify({ root: '/data', name: 'synth', thumbSize: 128 })}'>
<link rel="stylesheet" href="/media/gallery.css"><style>${THEME}</style>
<script>
window.__posted = [];
window.__state = undefined;
window.__host = (m) => window.dispatchEvent(new MessageEvent('message', { data: m }));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => {
    window.__posted.push(m);
    if (m.type === 'ready') window.__host({ type: 'dataset', tiles: window.__tiles, summary: window.__summary });
    if (m.type === 'thumbs') window.__host({ type: 'thumbs', inReplyTo: m.messageId,
      thumbs: m.ids.map((id) => ({ id, uri: window.__thumbs[id % window.__thumbCount] ?? window.__thumbs[id] })) });
  },
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
</script></head><body>${GALLERY_BODY}<script src="/out/webview/gallery.js"></script></body></html>`;
}

let server: Server;
let base = '';
let browser: Browser;
let tiles: GalleryTile[] = [];
let summary: GallerySummary;
let corrupted = new Set<string>();
const thumbFiles = new Map<string, string>();

before(async () => {
  const synth = makeSynth([
    '--axis',
    'lr',
    '--n',
    '500',
    '--size',
    '48',
    '--corrupt',
    '0.1',
    '--seed',
    '11',
  ]);
  corrupted = synth.corrupted;
  const state = new DatasetState(synth.root, {});
  await state.list();
  await state.scan({ threads: 2 });
  const report = state.report();
  tiles = tilesFrom(
    report,
    state.sampleRefs.map((s) => s.id),
  );
  summary = summaryFrom(report, state.settings.rule);
  // "Thumbnails cached": the first screens' thumbnails exist on disk before the page opens.
  const cache = new ThumbnailCache(synth.root, { size: 128, color: '#ff3b30', opacity: 0.55 });
  for (const t of orderTiles(tiles, DEFAULT_QUERY).slice(0, 120)) {
    const file = await cache.get(state.sampleRef(t.id)!);
    thumbFiles.set(`/thumbs/${path.basename(file)}`, file);
  }

  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/gallery.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html());
      return;
    }
    const thumb = thumbFiles.get(url.pathname);
    try {
      const body = readFileSync(thumb ?? path.join(repo, url.pathname));
      const type = thumb
        ? 'image/webp'
        : url.pathname.endsWith('.css')
          ? 'text/css'
          : 'text/javascript';
      res.writeHead(200, { 'content-type': type }).end(body);
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

type Posted = { type: string; [key: string]: unknown };

/** Opens the page with these tiles; thumbnails map tile ids (or tile index modulo) to cached files. */
async function open(pageTiles: GalleryTile[], byIndex = false): Promise<Page> {
  const p = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  p.on('pageerror', (e) => console.error('page error:', e.message));
  const urls = [...thumbFiles.keys()];
  const ordered = orderTiles(tiles, DEFAULT_QUERY).slice(0, urls.length);
  await p.addInitScript(
    ({ t, s, thumbs, count }) => {
      const w = window as unknown as Record<string, unknown>;
      w.__tiles = t;
      w.__summary = s;
      w.__thumbs = thumbs;
      w.__thumbCount = count;
    },
    {
      t: pageTiles,
      s: { ...summary, samples: pageTiles.length },
      thumbs: byIndex
        ? Object.fromEntries(urls.map((u, i) => [i, `${base}${u}`]))
        : Object.fromEntries(ordered.map((t, i) => [t.id, `${base}${urls[i]}`])),
      count: byIndex ? urls.length : Number.NaN,
    },
  );
  await p.goto(`${base}/gallery.html`);
  return p;
}

async function painted(p: Page): Promise<Posted> {
  await p.waitForFunction(
    () => (window as unknown as { __posted: Posted[] }).__posted.some((m) => m.type === 'painted'),
    undefined,
    { timeout: 20_000 },
  );
  return (await p.evaluate(() =>
    (window as unknown as { __posted: Posted[] }).__posted.find((m) => m.type === 'painted'),
  )) as Posted;
}

const tileIds = (p: Page): Promise<string[]> =>
  p.$$eval('.tile', (els) =>
    els
      .map((e) => ({
        id: (e as HTMLElement).dataset.id!,
        at: Number((e as HTMLElement).dataset.position),
      }))
      .sort((a, b) => a.at - b.at)
      .map((e) => e.id),
  );

test('the first tile is a corrupted sample, and clicking it asks to open it in gallery order', async () => {
  const p = await open(tiles);
  await painted(p);
  const ids = await tileIds(p);
  assert.ok(corrupted.has(ids[0]), `${ids[0]} should be one of the corrupted samples`);
  assert.ok(ids.length < 200, `only the tiles near the viewport exist (${ids.length})`);
  const loaded = await p.$$eval(
    '.tile img',
    (imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length,
  );
  assert.ok(loaded >= 20, `thumbnails are on screen (${loaded})`);

  await p.click(`.tile[data-id="${ids[0]}"]`);
  const opened = (await p.evaluate(() =>
    (window as unknown as { __posted: Posted[] }).__posted.find((m) => m.type === 'open'),
  )) as unknown as {
    id: string;
    order: string[];
  };
  assert.equal(opened.id, ids[0]);
  assert.equal(opened.order.length, tiles.length);
  assert.deepEqual(
    opened.order,
    orderTiles(tiles, DEFAULT_QUERY).map((t) => t.id),
  );

  mkdirSync(path.join(repo, 'media', 'screenshots'), { recursive: true });
  await p.screenshot({ path: path.join(repo, 'media', 'screenshots', 'gallery-webview.png') });
  await p.close();
});

test('filters, search and the slider', async () => {
  const p = await open(tiles);
  await painted(p);
  await p.check('#filter-flagged');
  const flaggedIds = await tileIds(p);
  assert.ok(flaggedIds.length > 0 && flaggedIds.every((id) => corrupted.has(id)));
  const height = await p.$eval('#tiles', (e) => (e as HTMLElement).style.height);
  assert.ok(parseInt(height) < 2000, `the grid shrinks to the flagged rows (${height})`);

  await p.uncheck('#filter-flagged');
  await p.fill('#search', 'sample-0042');
  await p.waitForFunction(() => document.querySelectorAll('.tile').length === 1);
  assert.deepEqual(await tileIds(p), ['sample-0042']);

  await p.$eval('#rule-slider', (el) => {
    const input = el as HTMLInputElement;
    input.value = '0.3';
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('change'));
  });
  assert.equal(await p.textContent('#rule-value'), '0.300');
  const rule = await p.evaluate(() =>
    (window as unknown as { __posted: Posted[] }).__posted.find((m) => m.type === 'setRule'),
  );
  assert.deepEqual(rule, { type: 'setRule', rule: { mode: 'threshold', threshold: 0.3 } });
  const state = (await p.evaluate(() => (window as unknown as { __state: unknown }).__state)) as {
    root: string;
    search: string;
  };
  assert.equal(
    state.root,
    '/data',
    'the webview state carries the dataset root for the serializer',
  );
  assert.equal(state.search, 'sample-0042');
  await p.close();
});

test('first paint with 10,000 tiles and cached thumbnails', async () => {
  const many: GalleryTile[] = Array.from({ length: 10_000 }, (_, i) => {
    const t = tiles[i % tiles.length];
    return { ...t, id: `${i}`, index: i };
  });
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const p = await open(many, true);
    const m = await painted(p);
    runs.push(m.millis as number);
    // Scrolling to the end must not create more than a few screens of tiles.
    await p.$eval('#grid', (g) => (g.scrollTop = g.scrollHeight));
    await p.waitForTimeout(100);
    assert.ok((await p.$$('.tile')).length < 200);
    await p.close();
  }
  runs.sort((a, b) => a - b);
  console.log(
    `gallery first paint, 10,000 tiles, thumbnails cached: median ${runs[1].toFixed(0)} ms (runs ${runs.map((r) => r.toFixed(0)).join(', ')})`,
  );
  assert.ok(runs[1] < 1000, `first paint ${runs[1].toFixed(0)} ms`);
});
