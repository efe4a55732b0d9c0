import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LAYERS, type ViewerSettings } from '../../../src/protocol/viewer';
import {
  nextMaskStyle,
  restoreState,
  stepMaskOpacity,
  toggleAllMasks,
} from '../../../webview/viewer/viewer-state';

const settings: ViewerSettings = { layers: DEFAULT_LAYERS, maskStyle: 'fill', colormap: 'viridis' };

test('saved state overrides settings, invalid entries are ignored', () => {
  const s = restoreState(settings, {
    layers: {
      gt: { visible: false, color: '#123456', opacity: 0.2 },
      pred: { color: 'red', opacity: 7 },
    },
    maskStyle: 'outline',
    colormap: 'plasma',
    axisBySample: { a: 'diag', b: 'sideways' },
  });
  assert.deepEqual(s.layers.gt, { visible: false, color: '#123456', opacity: 0.2 });
  assert.deepEqual(s.layers.pred, DEFAULT_LAYERS.pred);
  assert.equal(s.maskStyle, 'outline');
  assert.equal(s.colormap, 'viridis');
  assert.deepEqual(s.axisBySample, { a: 'diag' });
  assert.notEqual(s.layers, DEFAULT_LAYERS, 'settings are copied, never mutated');
});

test('m hides all masks when any is shown, then shows them all', () => {
  const s = restoreState(settings, undefined);
  toggleAllMasks(s);
  assert.deepEqual(
    [s.layers.gt.visible, s.layers.pred.visible, s.layers.ghost.visible, s.layers.asym.visible],
    [false, false, false, false],
  );
  assert.equal(s.layers.image.visible, true, 'the image is not a mask');
  toggleAllMasks(s);
  assert.deepEqual([s.layers.gt.visible, s.layers.asym.visible], [true, true]);
});

test('o cycles fill, outline, both', () => {
  const s = restoreState(settings, undefined);
  const seen = [s.maskStyle];
  for (let i = 0; i < 3; i++) {
    nextMaskStyle(s);
    seen.push(s.maskStyle);
  }
  assert.deepEqual(seen, ['fill', 'outline', 'both', 'fill']);
});

test('[ and ] step the mask opacities within 0..1', () => {
  const s = restoreState(settings, undefined);
  stepMaskOpacity(s, 0.1);
  assert.equal(s.layers.gt.opacity, 0.6);
  for (let i = 0; i < 20; i++) stepMaskOpacity(s, 0.1);
  assert.equal(s.layers.gt.opacity, 1);
  for (let i = 0; i < 20; i++) stepMaskOpacity(s, -0.1);
  assert.equal(s.layers.gt.opacity, 0);
  assert.equal(s.layers.image.opacity, 1);
});
