import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_QUERY, type GalleryQuery, type GalleryTile } from '../../../src/protocol/gallery';
import { orderTiles } from '../../../webview/gallery/tile-order';
import { formatTileScore } from '../../../webview/gallery/tile-text';

const tiles: GalleryTile[] = [
  { id: 'a1', index: 0, gt: 0.02, iou: 0.9, predAsymmetry: 0.01, flagged: false },
  { id: 'a2', index: 1, gt: 0.4, iou: 0.5, predAsymmetry: 0.3, flagged: true },
  { id: 'a10', index: 2, flagged: false, error: 'masks/a10.png: not a PNG' },
  { id: 'b1', index: 3, gt: 0.2, flagged: true, review: 'ok' },
  { id: 'b2', index: 4, gt: 0.2, iou: 0.7, flagged: true, review: 'needs-fix' },
];

const ids = (q: Partial<GalleryQuery>): string[] =>
  orderTiles(tiles, {
    ...DEFAULT_QUERY,
    ...q,
    filters: { ...DEFAULT_QUERY.filters, ...q.filters },
  }).map((t) => t.id);

test('the default order is ground-truth asymmetry, worst first, unscored last, ties by name', () => {
  assert.deepEqual(ids({}), ['a2', 'b1', 'b2', 'a1', 'a10']);
});

test('name order is the natural dataset order carried by index', () => {
  assert.deepEqual(ids({ sort: 'name' }), ['a1', 'a2', 'a10', 'b1', 'b2']);
});

test('prediction IoU sorts the worst (lowest) first; prediction asymmetry the highest first', () => {
  assert.deepEqual(ids({ sort: 'predIoU' }), ['a2', 'b2', 'a1', 'a10', 'b1']);
  assert.deepEqual(ids({ sort: 'predAsymmetry' }), ['a2', 'a1', 'a10', 'b1', 'b2']);
});

test('filters combine, and search matches part of the id without case', () => {
  assert.deepEqual(ids({ filters: { flagged: true, unreviewed: false, needsFix: false } }), [
    'a2',
    'b1',
    'b2',
  ]);
  assert.deepEqual(ids({ filters: { flagged: true, unreviewed: true, needsFix: false } }), ['a2']);
  assert.deepEqual(ids({ filters: { flagged: false, unreviewed: false, needsFix: true } }), ['b2']);
  assert.deepEqual(ids({ search: ' A1 ' }), ['a1', 'a10']);
});

test('tiny asymmetries do not read as a perfect 0', () => {
  assert.equal(formatTileScore(0), '0.000');
  assert.equal(formatTileScore(0.00004), '4.0e-5');
  assert.equal(formatTileScore(0.25), '0.250');
  assert.equal(formatTileScore(undefined), '—');
});

test('sorting 10,000 tiles stays well inside a frame budget', () => {
  const many: GalleryTile[] = Array.from({ length: 10_000 }, (_, i) => ({
    id: `s${i}`,
    index: i,
    gt: ((i * 7919) % 10_007) / 10_007,
    flagged: i % 10 === 0,
  }));
  const started = performance.now();
  const ordered = orderTiles(many, DEFAULT_QUERY);
  const ms = performance.now() - started;
  assert.equal(ordered.length, 10_000);
  for (let i = 1; i < ordered.length; i++) assert.ok(ordered[i - 1].gt! >= ordered[i].gt!);
  assert.ok(ms < 500, `sorting took ${ms.toFixed(1)} ms`);
});
