import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { reportToCsv } from '../../../src/core/scan-report';
import { DatasetState } from '../../../src/extension/dataset/dataset-state';
import { flagProblems } from '../../../src/extension/dataset/flag-problems';
import { tilesFrom } from '../../../src/extension/dataset/gallery-tiles';
import { exportReports } from '../../../src/extension/dataset/report-export';
import { ThumbnailCache } from '../../../src/extension/dataset/thumbnails';
import { ReviewStore } from '../../../src/extension/review-store';
import { DEFAULT_QUERY } from '../../../src/protocol/gallery';
import { orderTiles } from '../../../webview/gallery/tile-order';
import { cliScanCsv, makeSynth } from './synth-dataset';

test('a scanned dataset: flags, gallery order, reviews, exports equal to `symfold scan --format csv`', async () => {
  const { root, corrupted } = makeSynth([
    '--axis',
    'ud',
    '--n',
    '60',
    '--size',
    '40',
    '--corrupt',
    '0.1',
    '--seed',
    '3',
  ]);
  const state = new DatasetState(root, {});
  await state.list();
  const outcome = await state.scan({ threads: 2 });
  assert.equal(outcome.cancelled, false);
  const report = state.report();
  assert.equal(report.summary.axis, 'ud', 'the axis comes from the synth symfold.json');
  assert.equal(report.samples.length, 60);

  const flagged = new Set(report.samples.filter((s) => s.flagged).map((s) => s.id));
  assert.deepEqual([...flagged].sort(), [...corrupted].sort());
  assert.equal(flagProblems(report).length, corrupted.size);

  const tiles = orderTiles(
    tilesFrom(
      report,
      state.sampleRefs.map((s) => s.id),
    ),
    DEFAULT_QUERY,
  );
  assert.ok(corrupted.has(tiles[0].id), 'the first tile is a corrupted sample');

  // "Looks fine" settles the first tile's flag; the CLI reads the same review file.
  await ReviewStore.for(root).set(tiles[0].id, 'ok');
  await state.reviewsChanged();
  assert.equal(flagProblems(state.report()).length, corrupted.size - 1);
  assert.equal(state.reportedSample(tiles[0].id)?.review, 'ok');

  const cli = cliScanCsv(root);
  assert.equal(reportToCsv(state.report().samples), cli);
  const out = path.join(root, '.symfold', 'reports');
  const files = await exportReports(state.report(), state.sampleRefs, out, (s) =>
    new ThumbnailCache(root, { size: 32, color: '#ff0000', opacity: 0.6 }).get(s),
  );
  assert.equal(readFileSync(files.csv, 'utf8'), cli);
  assert.equal(JSON.parse(readFileSync(files.json, 'utf8')).samples.length, 60);
  const html = readFileSync(files.html, 'utf8');
  assert.equal(html.match(/<figure>/g)?.length, corrupted.size);
  assert.equal(html.match(/data:image\/webp;base64,/g)?.length, corrupted.size);

  await assert.rejects(
    exportReports(state.report(), state.sampleRefs, path.join(root, 'masks'), () =>
      Promise.reject(new Error('unused')),
    ),
    /refusing to write into/,
  );
});

test('one changed mask is rescored alone, and its flag follows the new file', async () => {
  const { root, corrupted } = makeSynth([
    '--axis',
    'lr',
    '--n',
    '40',
    '--size',
    '40',
    '--corrupt',
    '0.1',
    '--seed',
    '5',
  ]);
  const state = new DatasetState(root, {});
  await state.list();
  await state.scan({ threads: 2 });
  const bad = [...corrupted][0];
  const good = state.report().samples.find((s) => !s.flagged)!;
  const before = state.report().samples.map((s) => s.gt?.asymmetry);

  // Fix the corrupted mask by copying a symmetric one over it (another sample's, same size).
  copyFileSync(path.join(root, good.mask!), path.join(root, `masks/${bad}.png`));
  const ids = state.samplesOwning([`masks/${bad}.png`]);
  assert.deepEqual(ids, [bad]);
  const started = performance.now();
  await state.rescore(ids);
  const ms = performance.now() - started;
  const after = state.report();
  assert.equal(after.samples.find((s) => s.id === bad)?.flagged, false);
  assert.equal(after.summary.flagged, corrupted.size - 1);
  after.samples.forEach((s, i) => {
    if (s.id !== bad) assert.equal(s.gt?.asymmetry, before[i], `${s.id} kept its score`);
  });
  assert.ok(ms < 1000, `rescoring one mask took ${ms.toFixed(0)} ms`);
});

test('the slider rule re-flags without rescoring, and clearing it restores the settings rule', async () => {
  const { root } = makeSynth([
    '--axis',
    'lr',
    '--n',
    '30',
    '--size',
    '32',
    '--corrupt',
    '0.2',
    '--seed',
    '7',
  ]);
  const state = new DatasetState(root, { flagThreshold: 0.05 });
  await state.list();
  await state.scan({ threads: 1 });
  const base = state.report().summary.flagged;
  state.setRule({ mode: 'threshold', threshold: 1 });
  assert.equal(state.report().summary.flagged, 0);
  assert.equal(state.report().summary.rule, 'asymmetry > 1');
  state.setRule(undefined);
  assert.equal(state.report().summary.flagged, base);
});

test('cached scores come first, unchecked; the scan confirms them or drops the stale ones', async () => {
  const { root } = makeSynth([
    '--axis',
    'lr',
    '--n',
    '12',
    '--size',
    '32',
    '--corrupt',
    '0.2',
    '--seed',
    '5',
  ]);
  cliScanCsv(root); // writes .symfold/scan-cache.json
  const state = new DatasetState(root, {});
  await state.list();
  assert.equal(await state.primeFromCache(), 12);
  const primed = state.report();
  assert.equal(primed.summary.scored, 12, 'every sample has its cached score before any scan');

  // A mask edited since the cached scan: its cached score is shown until the scan replaces it.
  const edited = primed.samples.find((s) => s.flagged)!;
  copyFileSync(path.join(root, 'masks/sample-0001.png'), path.join(root, edited.mask!));
  await state.scan({ threads: 1 });
  const checked = state.reportedSample(edited.id)!;
  assert.notEqual(checked.gt?.asymmetry, edited.gt?.asymmetry);

  // Other score options (here the axis) never take cached scores made under different ones.
  writeFileSync(path.join(root, 'symfold.json'), JSON.stringify({ axis: 'ud' }));
  const other = new DatasetState(root, {});
  await other.list();
  assert.equal(other.settings.options.axis, 'ud');
  assert.equal(await other.primeFromCache(), 0);
  assert.equal(other.report().summary.scored, 0);
});
