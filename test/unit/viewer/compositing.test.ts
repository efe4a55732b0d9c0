import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MaskLayerData } from '../../../src/protocol/viewer';
import { blendOver, packRgba, parseHexColour } from '../../../webview/viewer/colour';
import { colormapTable } from '../../../webview/viewer/colormap';
import {
  asymmetryCoverage,
  coverageToRgba,
  foreground,
  mirrored,
  outline,
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
  const cover = Uint8Array.from([255, 0, 0]);
  assert.deepEqual([...mirrored(cover, 3, 1, 'lr')], [0, 0, 255]);
  assert.deepEqual([...asymmetryCoverage(cover, 3, 1, 'lr')], [255, 0, 255]);
  const symmetric = Uint8Array.from([255, 0, 255]);
  assert.deepEqual([...asymmetryCoverage(symmetric, 3, 1, 'lr')], [0, 0, 0]);
});

test('diag on a non-square mask mirrors inside the bottom-right padding', () => {
  // 3 wide × 2 high; (x=2, y=0) mirrors to (x=0, y=2), which is padding, so it becomes 0.
  const cover = Uint8Array.from([0, 255, 255, 0, 0, 0]);
  assert.deepEqual([...mirrored(cover, 3, 2, 'diag')], [0, 0, 0, 255, 0, 0]);
});

test('soft asymmetry is |p − σp|', () => {
  const p = softCoverage(mask([0.2, 1], 2, 1, true));
  assert.deepEqual([...asymmetryCoverage(p, 2, 1, 'lr')], [204, 204]);
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
