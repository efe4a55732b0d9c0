import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pairing } from '../../../src/core/pairing';
import {
  locateFile,
  locateSample,
  neighbourSample,
  orderSamples,
} from '../../../src/extension/viewer/sample-order';

const pairing: Pairing = {
  layout: 'folders',
  unmatched: [],
  samples: [
    { id: 'a', image: 'images/a.png', mask: 'masks/a.png' },
    { id: 'b', image: 'images/b.png', pred: 'preds/b.png' },
    { id: 'c', mask: 'masks/c.png' },
  ],
};

test('a mask or prediction file finds its sample and role', () => {
  assert.deepEqual(locateFile(pairing, '/data', '/data/masks/a.png'), {
    sample: pairing.samples[0],
    index: 0,
    total: 3,
    role: 'mask',
  });
  assert.equal(locateFile(pairing, '/data', '/data/preds/b.png')?.role, 'pred');
  assert.equal(locateFile(pairing, '/data', '/elsewhere/a.png'), undefined);
});

test('prev/next follow the pairing order and wrap', () => {
  assert.equal(neighbourSample(pairing, 0, 'next')?.sample.id, 'b');
  assert.equal(neighbourSample(pairing, 0, 'previous')?.sample.id, 'c');
  assert.equal(neighbourSample(pairing, 2, 'next')?.sample.id, 'a');
  assert.equal(locateSample(pairing, 'c')?.role, 'mask');
  assert.equal(locateSample(pairing, 'zzz'), undefined);
  assert.equal(neighbourSample({ ...pairing, samples: [] }, 0, 'next'), undefined);
});

test('the gallery order drives next/previous; samples it leaves out follow in dataset order', () => {
  const pairing: Pairing = {
    layout: 'folders',
    unmatched: [],
    samples: ['a', 'b', 'c', 'd'].map((id) => ({ id, mask: `masks/${id}.png` })),
  };
  const ordered = orderSamples(pairing, ['c', 'a', 'zzz', 'c']);
  assert.deepEqual(
    ordered.samples.map((s) => s.id),
    ['c', 'a', 'b', 'd'],
  );
  assert.equal(neighbourSample(ordered, 0, 'next')?.sample.id, 'a');
  assert.equal(orderSamples(pairing, undefined), pairing);
});
