import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { SampleReport, ScanReport } from '../../../src/core/scan-report';
import { flagProblems } from '../../../src/extension/dataset/flag-problems';

function sample(id: string, asym: number, extra: Partial<SampleReport> = {}): SampleReport {
  return {
    id,
    mask: `masks/${id}.png`,
    gt: { asymmetry: asym, foreground: 10, padded: false, triangleUnfolded: false },
    flagged: asym > 0.05,
    ...(asym > 0.05 ? { reason: `asymmetry ${asym.toFixed(3)} > threshold 0.050` } : {}),
    errors: [],
    notes: [],
    ...extra,
  };
}

function report(samples: SampleReport[]): ScanReport {
  return {
    summary: {
      root: '/data/ds',
      axis: 'ud',
      samples: samples.length,
      scored: samples.length,
      flagged: samples.filter((s) => s.flagged).length,
      failed: 0,
      rule: 'asymmetry > 0.05',
      cutoff: 0.05,
      meanAsymmetry: 0,
      unmatched: 0,
    },
    samples,
    unmatched: [],
  };
}

test('each flagged mask is one warning on the mask file, naming axis, score and rule', () => {
  const problems = flagProblems(report([sample('a', 0.01), sample('b', 0.3)]));
  assert.equal(problems.length, 1);
  assert.equal(problems[0].sampleId, 'b');
  assert.equal(problems[0].file, path.join('/data/ds', 'masks/b.png'));
  assert.equal(problems[0].severity, 'warning');
  assert.equal(
    problems[0].message,
    'Asymmetric ground truth under axis ud (up-down): asymmetry 0.300 > threshold 0.050',
  );
});

test('"looks fine" and "ignore" clear the problem; "needs fix" keeps it and says so', () => {
  const problems = flagProblems(
    report([
      sample('ok', 0.3, { review: 'ok' }),
      sample('ig', 0.3, { review: 'ignore' }),
      sample('fix', 0.3, { review: 'needs-fix' }),
    ]),
  );
  assert.deepEqual(
    problems.map((p) => p.sampleId),
    ['fix'],
  );
  assert.match(problems[0].message, /reviewed: needs fix$/);
});

test('a flagged sample without a mask file has nowhere to show and is skipped', () => {
  assert.deepEqual(flagProblems(report([sample('x', 0.5, { mask: undefined })])), []);
});

test('a flag without a recorded reason names the score and the rule', () => {
  const problems = flagProblems(report([sample('b', 0.3, { reason: undefined })]));
  assert.match(problems[0].message, /: asymmetry 0\.300 \(rule: asymmetry > 0\.05\)$/);
});

test('each file that could not be scored is an error on that file, whatever the review', () => {
  const broken = sample('m', 0, {
    gt: undefined,
    flagged: false,
    review: 'ignore',
    errors: [
      { file: 'masks/m.png', message: 'size 32×32 does not match the image (64×48)' },
      { file: 'preds/m.npy', message: 'not a .npy file (bad magic)' },
    ],
  });
  const problems = flagProblems(report([broken, sample('fine', 0.01)]));
  assert.deepEqual(
    problems.map((p) => [p.severity, p.file, p.message]),
    [
      [
        'error',
        path.join('/data/ds', 'masks/m.png'),
        'Cannot score sample m: size 32×32 does not match the image (64×48)',
      ],
      [
        'error',
        path.join('/data/ds', 'preds/m.npy'),
        'Cannot score sample m: not a .npy file (bad magic)',
      ],
    ],
  );
});
