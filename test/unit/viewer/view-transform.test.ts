import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  actualSizeView,
  axisSegment,
  fitView,
  pan,
  pixelCentreOnScreen,
  screenToPixel,
  smoothingFor,
  stepZoom,
  zoomAt,
} from '../../../webview/viewer/view-transform';

test('fit centres the image and never enlarges past 1:1', () => {
  assert.deepEqual(fitView(100, 50, 400, 300), { scale: 1, offsetX: 150, offsetY: 125, fit: true });
  const big = fitView(4096, 4096, 800, 600);
  assert.equal(big.scale, 600 / 4096);
  assert.equal(big.offsetX, (800 - 600) / 2);
});

test('zooming keeps the point under the cursor still', () => {
  const v = fitView(100, 100, 200, 200);
  const before = screenToPixel(v, 73, 91, 100, 100);
  const z = zoomAt(v, 4, 73, 91);
  assert.equal(z.scale, 4);
  assert.deepEqual(screenToPixel(z, 73, 91, 100, 100), before);
  assert.equal(z.fit, false);
});

test('1:1 and the zoom ladder', () => {
  const v = actualSizeView(fitView(4096, 4096, 800, 600), 800, 600);
  assert.equal(v.scale, 1);
  assert.equal(stepZoom(1, 1), 1.5);
  assert.equal(stepZoom(1, -1), 0.9);
  assert.equal(stepZoom(0.95, 1), 1);
});

test('screen and pixel coordinates round-trip, and outside is undefined', () => {
  const v = pan(zoomAt(fitView(10, 10, 100, 100), 5, 50, 50), 3, -2);
  for (const [x, y] of [
    [0, 0],
    [9, 9],
    [4, 7],
  ]) {
    const { sx, sy } = pixelCentreOnScreen(v, x, y);
    assert.deepEqual(screenToPixel(v, sx, sy, 10, 10), { x, y });
  }
  assert.equal(screenToPixel(v, -1000, 0, 10, 10), undefined);
});

test('pixelated once zoomed in, smooth when zoomed out', () => {
  assert.equal(smoothingFor(4), false);
  assert.equal(smoothingFor(1), false);
  assert.equal(smoothingFor(0.25), true);
});

test('axis segments: vertical, horizontal, and the padded square diagonals', () => {
  assert.deepEqual(axisSegment('lr', 10, 4), [5, 0, 5, 4]);
  assert.deepEqual(axisSegment('ud', 10, 4), [0, 2, 10, 2]);
  assert.deepEqual(axisSegment('diag', 10, 4), [0, 0, 10, 10]);
  assert.deepEqual(axisSegment('anti', 6, 6), [6, 0, 0, 6]);
});
