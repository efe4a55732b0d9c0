import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packRgba } from '../../../webview/viewer/colour';
import { autoWindow, levelOf, renderRaw } from '../../../webview/viewer/window-level';

const raw = (data: Float32Array | Uint16Array, channels = 1) => ({
  width: data.length / channels,
  height: 1,
  channels,
  dtype: data instanceof Float32Array ? ('float32' as const) : ('uint16' as const),
  data,
});

test('auto window ignores NaN and clips the extreme half percent', () => {
  const values = new Float32Array(1000);
  for (let i = 0; i < 1000; i++) values[i] = i;
  values[0] = NaN;
  values[999] = 1e9; // one hot pixel
  const w = autoWindow(raw(values));
  assert.ok(w.low >= 1 && w.low < 10, `low ${w.low}`);
  assert.ok(w.high < 2e6, `a single outlier must not set the high end (${w.high})`);
});

test('a constant image gets a window of width 1, not a division by zero', () => {
  assert.deepEqual(autoWindow(raw(new Uint16Array([7, 7, 7]))), { low: 7, high: 8 });
  assert.deepEqual(autoWindow(raw(new Float32Array([NaN]))), { low: 0, high: 1 });
});

test('levels map the window onto 0..255', () => {
  const w = { low: 1000, high: 2000 };
  assert.equal(levelOf(500, w), 0);
  assert.equal(levelOf(1500, w), 128);
  assert.equal(levelOf(5000, w), 255);
  assert.equal(levelOf(NaN, w), 0);
});

test('16-bit single channel renders through the colormap with the window', () => {
  const words = renderRaw(
    raw(new Uint16Array([0, 1000, 1500, 2000, 65535])),
    { low: 1000, high: 2000 },
    'gray',
  );
  assert.deepEqual(
    [...words],
    [0, 0, 128, 255, 255].map((v) => packRgba({ r: v, g: v, b: v })),
  );
});

test('three-channel float images keep their colours under one window', () => {
  const words = renderRaw(raw(new Float32Array([0, 0.5, 1]), 3), { low: 0, high: 1 }, 'viridis');
  assert.equal(words[0], packRgba({ r: 0, g: 128, b: 255 }));
});
