import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveDatasetSettings } from '../../../src/extension/dataset/dataset-settings';

test('with no settings and no symfold.json: axis lr and the default threshold rule of symfold scan', () => {
  const r = resolveDatasetSettings({}, {});
  assert.deepEqual(r.options, { axis: 'lr' });
  assert.deepEqual(r.rule, { mode: 'threshold', threshold: 0.05 });
  assert.equal(r.axisSource, 'settings');
  assert.deepEqual(r.warnings, []);
});

test('user settings apply where symfold.json is silent', () => {
  const r = resolveDatasetSettings(
    { axis: 'diag', flagMode: 'mad', madK: 2, labelSwap: '1:2', masksFolder: 'labels_v2/' },
    {},
  );
  assert.deepEqual(r.options, { axis: 'diag', swap: [[1, 2]] });
  assert.deepEqual(r.rule, { mode: 'mad', k: 2 });
  assert.deepEqual(r.folders, { masks: 'labels_v2' });
});

test("a dataset's symfold.json overrides the user's settings, folders included", () => {
  const r = resolveDatasetSettings(
    { axis: 'ud', flagMode: 'mad', madK: 2, labelSwap: '3:4', masksFolder: 'other' },
    { axis: 'lr', swap: '1:2', threshold: 10, flag: { threshold: 0.2 }, masks: 'gt' },
  );
  assert.deepEqual(r.options, { axis: 'lr', swap: [[1, 2]], maskThreshold: 10 });
  assert.equal(r.axisSource, 'symfold.json');
  // flag.mode from the user still chooses MAD, since symfold.json names only a threshold.
  assert.deepEqual(r.rule, { mode: 'mad', k: 2 });
  assert.deepEqual(r.folders, {});
});

test('a rule set on the dataset (the slider) wins over both', () => {
  const r = resolveDatasetSettings(
    { flagThreshold: 0.1 },
    { flag: { mode: 'mad' } },
    { mode: 'threshold', threshold: 0.3 },
  );
  assert.deepEqual(r.rule, { mode: 'threshold', threshold: 0.3 });
});

test('wrong settings fall back to defaults with a warning naming the setting', () => {
  const r = resolveDatasetSettings({ axis: 'sideways', flagThreshold: -1, labelSwap: '1:1' }, {});
  assert.equal(r.options.axis, 'lr');
  assert.deepEqual(r.rule, { mode: 'threshold', threshold: 0.05 });
  assert.equal(r.options.swap, undefined);
  assert.equal(r.warnings.length, 3);
  assert.match(
    r.warnings.join('\n'),
    /symfold\.axis[\s\S]*symfold\.labelSwap[\s\S]*symfold\.flag\.threshold/,
  );
});
