import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreMask } from '../../../src/core/asymmetry';
import { foregroundOf, isGreyscale, MAX_AUTO_LABEL } from '../../../src/core/binarize';
import { rasterOf } from '../../../src/core/raster';
import { grid } from './grids';

function modeOf(rows: number[][], opts: { threshold?: number } = {}): string | undefined {
  return scoreMask(grid(rows, Uint16Array), { axis: 'lr', ...opts }).mode;
}

test('auto mode: 0/1 and 0/255 masks are binary, small class ids are labels', () => {
  assert.equal(modeOf([[0, 1, 1, 0]]), 'binary');
  assert.equal(modeOf([[0, 255, 255, 0]]), 'binary');
  assert.equal(modeOf([[0, 65535, 0, 0]]), 'binary');
  assert.equal(modeOf([[0, 1, 2, 0]]), 'labels');
  assert.equal(modeOf([[3, 7, MAX_AUTO_LABEL, 0]]), 'labels');
});

test('auto mode: antialiased and JPEG-like grey levels stay one binary mask', () => {
  // Edge greys of a 0/255 mask: a handful of distinct values, but far above any class id.
  assert.equal(modeOf([[0, 37, 128, 255, 254, 3]]), 'binary');
  assert.equal(modeOf([[2, 1, MAX_AUTO_LABEL + 1, 0]]), 'binary');
  const s = scoreMask(grid([[0, 37, 128, 255, 254, 3]]), { axis: 'lr' });
  assert.equal(s.classes, undefined);
  assert.equal(s.foreground, 5 / 6);
});

test('an explicit threshold or mode overrides the auto rule', () => {
  assert.equal(modeOf([[0, 1, 2, 0]], { threshold: 0 }), 'binary');
  const asBinary = scoreMask(grid([[1, 0, 0, 2]]), { axis: 'lr', mode: 'binary' });
  assert.equal(asBinary.asymmetry, 0); // both ends are foreground
  const asLabels = scoreMask(grid([[0, 200, 0, 0]]), { axis: 'lr', mode: 'labels' });
  assert.deepEqual(asLabels.classes, [{ label: 200, asymmetry: 1, pixels: 1 }]);
});

test('foregroundOf: integer > threshold, float ≥ 0.5, NaN is background', () => {
  assert.deepEqual(Array.from(foregroundOf(grid([[0, 1, 128, 255]]))), [0, 1, 1, 1]);
  assert.deepEqual(
    Array.from(foregroundOf(grid([[0, 1, 128, 255]]), { threshold: 127 })),
    [0, 0, 1, 1],
  );
  assert.deepEqual(
    Array.from(foregroundOf(grid([[0.49, 0.5, NaN, 1]], Float32Array), { threshold: 200 })),
    [0, 1, 0, 1],
  );
});

test('a truly colour mask is foreground where any channel is above the threshold', () => {
  // red, black, black, green: foreground at both ends, so lr-symmetric as a binary mask.
  const rgb = rasterOf(new Uint8Array([255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0]), 4, 1, 3);
  assert.equal(isGreyscale(rgb), false);
  assert.deepEqual(Array.from(foregroundOf(rgb)), [1, 0, 0, 1]);
  const s = scoreMask(rgb, { axis: 'lr' });
  assert.equal(s.mode, 'binary');
  assert.equal(s.asymmetry, 0);
});

test('a colour mask read as labels gets one class per colour, named 0xRRGGBB', () => {
  const rgb = rasterOf(new Uint8Array([255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0]), 4, 1, 3);
  const red = 0xff0000;
  const green = 0x00ff00;
  const plain = scoreMask(rgb, { axis: 'lr', mode: 'labels' });
  assert.deepEqual(
    plain.classes!.map((c) => [c.label, c.asymmetry]),
    [
      [green, 1],
      [red, 1],
    ],
  );
  const swapped = scoreMask(rgb, { axis: 'lr', mode: 'labels', swap: [[red, green]] });
  assert.equal(swapped.asymmetry, 0);
  const rgb16 = rasterOf(new Uint16Array([1, 0, 0, 0, 2, 0]), 2, 1, 3);
  assert.throws(
    () => scoreMask(rgb16, { axis: 'lr', mode: 'labels' }),
    /3-channel uint16 mask cannot be read as a colour label map/,
  );
});

test('alpha is ignored, unless the mask is drawn in alpha alone', () => {
  // Opaque RGBA: white, black, black, black → one pixel on the left.
  const opaque = rasterOf(
    new Uint8Array([255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]),
    4,
    1,
    4,
  );
  assert.deepEqual(Array.from(foregroundOf(opaque)), [1, 0, 0, 0]);
  // An opaque, all-black mask is empty, not full.
  const blackOpaque = rasterOf(new Uint8Array([0, 255, 0, 255]), 2, 1, 2);
  assert.deepEqual(Array.from(foregroundOf(blackOpaque)), [0, 0]);
  // Black everywhere, the shape only in alpha.
  const alphaOnly = rasterOf(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 255]), 2, 1, 4);
  assert.deepEqual(Array.from(foregroundOf(alphaOnly)), [0, 1]);
  // Floats have no alpha: a 2-channel float raster is reduced by its maximum.
  const twoFloat = rasterOf(new Float32Array([0, 0.9, 0.1, 0.2]), 2, 1, 2);
  assert.deepEqual(Array.from(foregroundOf(twoFloat)), [1, 0]);
});

test('NaN in one channel of a float mask is counted', () => {
  const s = scoreMask(rasterOf(new Float32Array([0, NaN, 1, 1]), 2, 1, 2), { axis: 'lr' });
  assert.equal(s.nanCount, 1);
  assert.equal(s.asymmetry, 1);
});

test('16-bit and 32-bit label maps with large ids in labels mode', () => {
  const wide = [[300, 0, 0, 301]];
  for (const mask of [grid(wide, Uint16Array), grid(wide, Int32Array)]) {
    const s = scoreMask(mask, { axis: 'lr', mode: 'labels', swap: [[300, 301]] });
    assert.deepEqual(s.classes, [
      { label: 300, asymmetry: 0, pixels: 1 },
      { label: 301, asymmetry: 0, pixels: 1 },
    ]);
  }
  // Negative values (an "ignore" label) are background, not a class.
  const withIgnore = scoreMask(grid([[-1, 1, 2, 1]], Int32Array), { axis: 'lr' });
  assert.equal(withIgnore.mode, 'labels');
  assert.deepEqual(
    withIgnore.classes!.map((c) => c.label),
    [1, 2],
  );
});
