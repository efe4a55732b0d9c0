import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  backendNotice,
  describeEvent,
  epochProgressMessage,
  failureMessage,
  lastLines,
  progressIncrement,
} from '../../../src/extension/jobs/job-messages';
import type { EpochEvent, StartEvent } from '../../../src/protocol/events';

const time = '2026-01-01T00:00:00Z';
const epoch = (n: number, of: number, extra: Partial<EpochEvent> = {}): EpochEvent => ({
  event: 'epoch',
  time,
  epoch: n,
  epochs: of,
  loss: 0.41234,
  ...extra,
});

test('the progress line shows epoch, loss and validation IoU when there is one', () => {
  assert.equal(
    epochProgressMessage(epoch(3, 20, { valIoU: 0.73149 })),
    'Epoch 3/20 · loss 0.4123 · val IoU 0.731',
  );
  assert.equal(epochProgressMessage(epoch(1, 2)), 'Epoch 1/2 · loss 0.4123');
});

test('progress increments add up to 100 even for a resumed run', () => {
  let shown = 0;
  for (const n of [3, 4]) shown += progressIncrement(shown, epoch(n, 4));
  assert.equal(shown, 100);
  assert.equal(progressIncrement(100, epoch(4, 4)), 0);
  assert.equal(progressIncrement(0, epoch(1, 0)), 0);
});

test('a GPU request that fell back is reported with the reason', () => {
  const start: StartEvent = {
    event: 'start',
    time,
    command: 'train',
    backend: 'wasm',
    fallbacks: ['tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed'],
  };
  assert.equal(
    backendNotice('tensorflow-gpu', start),
    'SymFold asked for the tensorflow-gpu backend but is training on wasm. tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed',
  );
  assert.equal(backendNotice('wasm', start), undefined);
  assert.equal(backendNotice('auto', { ...start, fallbacks: ['webgpu: no adapter'] }), undefined);
  assert.match(
    backendNotice('auto', {
      ...start,
      fallbacks: ['tensorflow-gpu: cannot load libcudart.so.11.0'],
    }) ?? '',
    /training on wasm: .*libcudart/,
  );
  assert.equal(backendNotice('webgpu', { ...start, backend: undefined }), undefined);
  // What auto reports on a machine without the native packages: nothing failed, nothing to say.
  const absent = [
    'webgpu: the adapter is a software renderer (llvmpipe), not a GPU',
    'tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed (it downloads libtensorflow and needs CUDA 11.2 + cuDNN 8.1 at install time)',
    'tensorflow: @tensorflow/tfjs-node is not installed (it downloads libtensorflow at install time)',
    'wasm: wasm measured fastest among CPU paths (npm run bench)',
  ];
  assert.equal(backendNotice('auto', { ...start, fallbacks: absent }), undefined);
  assert.match(
    backendNotice(
      'auto',
      { ...start, fallbacks: [...absent, 'tensorflow: libtensorflow.so.2: cannot open'] },
      'predicting',
    ) ?? '',
    /^SymFold is predicting on wasm: /,
  );
});

test('failures show the reported error, else the last stderr lines', () => {
  const base = {
    code: 3,
    signal: null,
    stderrTail: 'noise\n\nline a\nline b\nCUDA out of memory\n',
    events: [],
  };
  assert.equal(
    failureMessage('Training', base),
    'Training failed: line a\nline b\nCUDA out of memory (the process exited with code 3)',
  );
  assert.equal(
    failureMessage('Training', {
      ...base,
      events: [{ event: 'error', time, message: 'no images in /d' }],
    }),
    'Training failed: no images in /d (the process exited with code 3)',
  );
  assert.equal(
    failureMessage('Prediction', { code: null, signal: 'SIGKILL', stderrTail: '', events: [] }),
    'Prediction failed: the process was stopped by SIGKILL.',
  );
  assert.equal(lastLines('x'.repeat(500), 3, 10), `…${'x'.repeat(10)}`);
});

test('every event has a readable log line, unknown ones included', () => {
  assert.equal(
    describeEvent(epoch(2, 5, { valIoU: 0.5, valAsym: 0 })),
    'epoch 2/5 loss 0.4123 · val IoU 0.500 · val asym 0.0000',
  );
  assert.equal(
    describeEvent({ event: 'done', time, path: '/m', cancelled: true }),
    'done (cancelled): /m',
  );
  assert.equal(
    describeEvent({
      event: 'start',
      time,
      command: 'train',
      backend: 'wasm',
      fallbacks: ['a', 'b'],
    }),
    'start train on wasm (fallbacks: a; b)',
  );
  assert.match(describeEvent({ event: 'custom', time } as never), /"event":"custom"/);
});
