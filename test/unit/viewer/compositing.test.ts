import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MaskLayerData } from '../../../src/protocol/viewer';
import { blendOver, packRgba, parseHexColour } from '../../../webview/viewer/colour';
import { colormapTable } from '../../../webview/viewer/colormap';
import {
  coverageToRgba,
  difference,
  displayFactor,
  foreground,
  gridOf,
  outline,
  sampleCoverage,
  softCoverage,
} from '../../../webview/viewer/mask-layers';

function mask(data: number[], width: number, height: number, soft = false): MaskLayerData {
  return {
    width,
    height,
    channels: 1,
    dtype: soft ? 'float32' : 'uint8',
    data: soft ? Float32Array.from(data) : Uint8Array.from(data),
    name: 'm.png',
    soft,
  };
}

test('hex colours parse and pack as little-endian RGBA words', () => {
  assert.deepEqual(parseHexColour('#00c853'), { r: 0, g: 200, b: 83 });
  assert.equal(packRgba({ r: 1, g: 2, b: 3 }, 4), 0x04030201);
  assert.throws(() => parseHexColour('green'), /#rrggbb/);
});

test('source-over blend matches the canvas formula', () => {
  const grey = { r: 100, g: 100, b: 100 };
  assert.deepEqual(blendOver(grey, { r: 0, g: 200, b: 0 }, 0.5), { r: 50, g: 150, b: 50 });
  assert.deepEqual(blendOver(grey, { r: 255, g: 0, b: 0 }, 0), grey);
  assert.deepEqual(blendOver(grey, { r: 255, g: 0, b: 0 }, 1), { r: 255, g: 0, b: 0 });
});

test('foreground: labels above 0, probabilities from 0.5', () => {
  assert.deepEqual([...foreground(mask([0, 1, 2, 0], 2, 2))], [0, 255, 255, 0]);
  assert.deepEqual([...foreground(mask([0.49, 0.5, 1, 0], 2, 2, true))], [0, 255, 255, 0]);
  assert.deepEqual([...softCoverage(mask([0, 0.5, 1, 2], 2, 2, true))], [0, 128, 255, 255]);
});

test('outline keeps only the inner boundary of a filled square', () => {
  const w = 5;
  const cover = new Uint8Array(25);
  for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) cover[y * w + x] = 255;
  const edge = outline(cover, w, w);
  assert.equal(edge[2 * w + 2], 0, 'the centre is interior');
  assert.equal(edge[1 * w + 1], 255);
  assert.equal(edge[0], 0, 'never outside the mask');
  assert.equal([...edge].filter((v) => v).length, 8);
});

test('mirror and asymmetry map under lr: M xor σM', () => {
  // 3×1 row [1, 0, 0] mirrors to [0, 0, 1]; they disagree at both ends.
  const m = mask([1, 0, 0], 3, 1);
  const grid = gridOf(m);
  const mirror = sampleCoverage(m, grid, 'binary', 'lr');
  assert.deepEqual([...mirror], [0, 0, 255]);
  assert.deepEqual([...difference(foreground(m), mirror)], [255, 0, 255]);
  const symmetric = mask([1, 0, 1], 3, 1);
  const same = difference(foreground(symmetric), sampleCoverage(symmetric, grid, 'binary', 'lr'));
  assert.deepEqual([...same], [0, 0, 0]);
});

test('ud, diag and anti mirror a square mask as the scores do', () => {
  // 2×2 with only (x=1, y=0) set.
  const m = mask([0, 1, 0, 0], 2, 2);
  const g = gridOf(m);
  assert.deepEqual([...sampleCoverage(m, g, 'binary', 'ud')], [0, 0, 0, 255]);
  assert.deepEqual([...sampleCoverage(m, g, 'binary', 'diag')], [0, 0, 255, 0]);
  assert.deepEqual([...sampleCoverage(m, g, 'binary', 'anti')], [0, 255, 0, 0]);
});

test('diag on a non-square mask mirrors inside the bottom-right padding', () => {
  // 3 wide × 2 high; (x=2, y=0) mirrors to (x=0, y=2), which is padding, so it becomes 0.
  const m = mask([0, 1, 1, 0, 0, 0], 3, 2);
  assert.deepEqual([...sampleCoverage(m, gridOf(m), 'binary', 'diag')], [0, 0, 0, 255, 0, 0]);
});

test('soft asymmetry is |p − σp|', () => {
  const m = mask([0.2, 1], 2, 1, true);
  const g = gridOf(m);
  const own = sampleCoverage(m, g, 'soft');
  assert.deepEqual([...difference(own, sampleCoverage(m, g, 'soft', 'lr'))], [204, 204]);
});

test('a coarser grid samples each cell at its centre pixel, and mirrors whole cells', () => {
  // 8×2, foreground in columns 0..3: a factor-4 grid has 2×1 cells, the left one covered.
  const data = [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0];
  const m = mask(data, 8, 2);
  const g = gridOf(m, 4);
  assert.deepEqual(g, { width: 2, height: 1, factor: 4 });
  assert.deepEqual([...sampleCoverage(m, g, 'binary')], [255, 0]);
  assert.deepEqual([...sampleCoverage(m, g, 'binary', 'lr')], [0, 255]);
  // A ragged edge: 5 wide at factor 4 has a second cell that samples the last column.
  const ragged = mask([0, 0, 0, 0, 1], 5, 1);
  const rg = gridOf(ragged, 4);
  assert.equal(rg.width, 2);
  assert.deepEqual([...sampleCoverage(ragged, rg, 'binary')], [0, 255]);
});

test('the grid factor keeps a cell no larger than one device pixel', () => {
  assert.equal(displayFactor(1, 1), 1);
  assert.equal(displayFactor(0.6, 1), 1, 'below 2 pixels per cell, full resolution');
  assert.equal(displayFactor(0.5, 1), 2);
  assert.equal(displayFactor(0.22, 1), 4, '4096² fitted into 900 px');
  assert.equal(displayFactor(0.22, 2), 2, 'a HiDPI screen shows twice the cells');
  assert.equal(displayFactor(8, 1), 1);
});

test('coverage becomes alpha of one colour', () => {
  const words = coverageToRgba(Uint8Array.from([0, 128, 255]), packRgba({ r: 10, g: 20, b: 30 }));
  assert.deepEqual(
    [...words],
    [0, packRgba({ r: 10, g: 20, b: 30 }, 128), packRgba({ r: 10, g: 20, b: 30 }, 255)],
  );
});

test('colormaps: gray is the identity, viridis runs dark purple to yellow', () => {
  const gray = colormapTable('gray');
  assert.equal(gray[77], packRgba({ r: 77, g: 77, b: 77 }));
  const viridis = colormapTable('viridis');
  assert.equal(viridis[0], packRgba({ r: 68, g: 1, b: 84 }));
  assert.equal(viridis[255], packRgba({ r: 253, g: 231, b: 37 }));
  assert.equal(colormapTable('magma').length, 256);
});
