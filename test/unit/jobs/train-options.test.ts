import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  checkPredictOptions,
  checkTrainOptions,
  defaultModelFolder,
  parseWholeNumber,
  predictArgs,
  predictionFolder,
  trainArgs,
  TRAIN_DEFAULTS,
  type TrainOptions,
} from '../../../src/extension/jobs/train-options';

const options: TrainOptions = {
  ...TRAIN_DEFAULTS,
  dataset: '/data/ds',
  epochs: 2,
  size: 32,
  backend: 'tensorflow-gpu',
  out: defaultModelFolder('/data/ds', 'lr', 'fold'),
  resume: false,
};

test('train options become the symfold train command line', () => {
  assert.equal(checkTrainOptions(options), undefined);
  assert.deepEqual(trainArgs(options), [
    'train',
    '/data/ds',
    '--axis',
    'lr',
    '--fold',
    'fold',
    '--epochs',
    '2',
    '--batch',
    '8',
    '--size',
    '32',
    '--loss',
    'focal+dice',
    '--lr',
    '0.001',
    '--val',
    '0.2',
    '--seed',
    '0',
    '--backend',
    'tensorflow-gpu',
    '--out',
    '/data/ds/.symfold/models/lr-fold',
    '--json',
  ]);
  assert.deepEqual(trainArgs({ ...options, resume: true }).slice(-2), ['--resume', '--json']);
});

test('bad train options are named before any process starts', () => {
  assert.match(
    checkTrainOptions({ ...options, epochs: 0 }) ?? '',
    /epochs must be a whole number from 1/,
  );
  assert.match(checkTrainOptions({ ...options, size: 12.5 }) ?? '', /size/);
  assert.match(checkTrainOptions({ ...options, axis: 'x' as never }) ?? '', /unknown axis 'x'/);
  assert.match(
    checkTrainOptions({ ...options, fold: 'mirror' as never }) ?? '',
    /unknown fold mode/,
  );
  assert.match(
    checkTrainOptions({ ...options, backend: 'cuda' as never }) ?? '',
    /unknown backend 'cuda'/,
  );
  assert.match(checkTrainOptions({ ...options, dataset: 'rel/ds' }) ?? '', /absolute/);
  assert.match(checkTrainOptions({ ...options, val: 1 }) ?? '', /validation fraction/);
  assert.match(checkTrainOptions({ ...options, loss: 'dice; rm' }) ?? '', /not a loss expression/);
  assert.equal(checkTrainOptions({ ...options, loss: '0.7*focal+0.3*dice' }), undefined);
});

test('input boxes accept only whole numbers in range', () => {
  assert.deepEqual(parseWholeNumber(' 32 ', 8, 64), { value: 32 });
  assert.ok('error' in parseWholeNumber('4', 8, 64));
  assert.ok('error' in parseWholeNumber('3.5', 1, 64));
  assert.ok('error' in parseWholeNumber('', 1, 64));
});

test('predictions go to the dataset preds folder, never images or masks', () => {
  const args = predictArgs({
    model: '/data/ds/.symfold/models/lr-fold',
    dataset: '/data/ds',
    probs: false,
    threshold: 0.5,
    backend: 'wasm',
  });
  assert.equal(predictionFolder('/data/ds'), '/data/ds/preds');
  assert.deepEqual(args, [
    'predict',
    '/data/ds/.symfold/models/lr-fold',
    '/data/ds',
    '--out',
    '/data/ds/preds',
    '--threshold',
    '0.5',
    '--backend',
    'wasm',
    '--json',
  ]);
  // Without a threshold the model's own (saved at training) applies.
  const own = predictArgs({ model: '/m', dataset: '/d', probs: true, backend: 'auto' });
  assert.deepEqual(own.slice(4), ['/d/preds', '--probs', '--backend', 'auto', '--json']);
  assert.ok(!args.some((a) => /\/(images|masks)$/.test(a)));
  assert.equal(predictionFolder('/data/ds', 'out/predictions'), '/data/ds/out/predictions');
  assert.throws(() => predictionFolder('/data/ds', 'masks'), /not images\/, masks\//);
  assert.throws(() => predictionFolder('/data/ds', '../elsewhere'), /inside the dataset/);
  assert.match(
    checkPredictOptions({
      model: '/m',
      dataset: '/d',
      probs: false,
      threshold: 1,
      backend: 'auto',
    }) ?? '',
    /threshold/,
  );
});
