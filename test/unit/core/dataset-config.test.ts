import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseDatasetConfig,
  parseSwap,
  formatSwap,
  DatasetConfigError,
} from '../../../src/core/dataset-config';

const FILE = 'data/symfold.json';

function errorOf(text: string): string {
  try {
    parseDatasetConfig(text, FILE);
  } catch (err) {
    assert.ok(err instanceof DatasetConfigError, 'a DatasetConfigError');
    assert.equal(err.file, FILE);
    return err.message;
  }
  assert.fail(`no error for ${text}`);
}

test('a full config parses, folders normalised', () => {
  const { config, warnings } = parseDatasetConfig(
    JSON.stringify({
      images: './img/',
      masks: 'seg\\train',
      preds: '.',
      axis: 'diag',
      swap: '1:2, 3:4',
      threshold: 127,
      flag: { mode: 'mad', threshold: 0.05, madK: 3 },
      synth: { seed: 1 },
    }),
    FILE,
  );
  assert.deepEqual(warnings, []);
  assert.deepEqual(config, {
    images: 'img',
    masks: 'seg/train',
    preds: '',
    axis: 'diag',
    swap: '1:2, 3:4',
    threshold: 127,
    flag: { mode: 'mad', threshold: 0.05, madK: 3 },
    synth: { seed: 1 },
  });
});

test('unknown keys are warnings naming the file and the key', () => {
  const { config, warnings } = parseDatasetConfig(
    '{"axis":"lr","colour":"red","flag":{"k":3}}',
    FILE,
  );
  assert.deepEqual(config, { axis: 'lr', flag: {} });
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /data\/symfold\.json: unknown key 'colour'/);
  assert.match(warnings[1], /unknown key 'flag\.k'/);
});

test('bad values are errors naming the file, the key and the value', () => {
  assert.match(errorOf('{'), /^data\/symfold\.json: not valid JSON/);
  assert.match(errorOf('[1]'), /expected a JSON object/);
  assert.match(errorOf('{"axis":"left"}'), /'axis' is "left": expected one of lr, ud, diag, anti/);
  assert.match(errorOf('{"images":3}'), /'images' must be a folder name/);
  assert.match(errorOf('{"masks":"/abs/masks"}'), /'masks' .* relative/);
  assert.match(errorOf('{"masks":"../other"}'), /'masks' .*\(no '\.\.'\)/);
  assert.match(errorOf('{"swap":[1,2]}'), /'swap' must be a string/);
  assert.match(errorOf('{"swap":"1-2"}'), /'swap': invalid label swap '1-2'/);
  assert.match(errorOf('{"swap":"1:2,2:3"}'), /'swap': .*label 2/);
  assert.match(errorOf('{"swap":"4:4"}'), /'swap': .*4.*itself|'swap': .*4:4/);
  assert.match(errorOf('{"threshold":"high"}'), /'threshold' must be a number, got "high"/);
  assert.match(errorOf('{"threshold":-1}'), /'threshold' must be 0 or more/);
  assert.match(errorOf('{"flag":{"mode":"iqr"}}'), /'flag\.mode' is "iqr"/);
  assert.match(
    errorOf('{"flag":{"threshold":2}}'),
    /'flag\.threshold' must be an asymmetry between 0 and 1/,
  );
  assert.match(errorOf('{"flag":{"madK":0}}'), /'flag\.madK' must be above 0/);
  assert.match(errorOf('{"flag":true}'), /'flag' must be an object/);
  assert.match(errorOf('{"synth":1}'), /'synth' must be an object/);
});

test('swap pairs round-trip', () => {
  assert.deepEqual(parseSwap('1:2,3:4'), [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(parseSwap(''), []);
  assert.equal(formatSwap(parseSwap(' 1 : 2 , 5:6 ')), '1:2,5:6');
});
