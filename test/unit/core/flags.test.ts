import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_FLAG_RULE,
  DEFAULT_MAD_K,
  flagScores,
  formatScore,
  mad,
  median,
} from '../../../src/core/flags';
import { createRng } from '../../../src/core/rng';

test('median and MAD', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  assert.equal(median([NaN, 5, 1]), 3);
  // deviations from 2: 1, 1, 0, 2, 7 → median 1
  assert.equal(mad([1, 3, 2, 4, 9]), 1);
});

test('threshold rule flags scores strictly above it, with a reason', () => {
  const r = flagScores([0.01, 0.214, undefined, 0.05, NaN], DEFAULT_FLAG_RULE);
  assert.deepEqual(r.flagged, [false, true, false, false, false]);
  assert.equal(r.cutoff, 0.05);
  assert.deepEqual(r.reasons, [
    undefined,
    'asymmetry 0.214 > threshold 0.050',
    undefined,
    undefined,
    undefined,
  ]);
});

test('MAD rule: cutoff = median + k·1.4826·MAD', () => {
  // median 0.02, deviations 0.01, 0, 0.01, 0, 0.18 → MAD 0.01
  const scores = [0.01, 0.02, 0.03, 0.02, 0.2];
  const r = flagScores(scores, { mode: 'mad', k: DEFAULT_MAD_K });
  const cutoff = 0.02 + 3.5 * 1.4826 * 0.01;
  assert.ok(Math.abs(r.cutoff - cutoff) < 1e-12);
  assert.deepEqual(r.flagged, [false, false, false, false, true]);
  assert.equal(r.reasons[4], 'asymmetry 0.200 > median 0.020 + 3.5·MAD = 0.072');
});

test('MAD rule on all-symmetric masks ignores float noise but flags real asymmetry', () => {
  const r = flagScores([0, 0, 0, 1e-16, 0, 2.2e-16, 0.004], { mode: 'mad', k: 3.5 });
  assert.equal(r.cutoff, 0);
  assert.deepEqual(r.flagged, [false, false, false, false, false, false, true]);
  assert.equal(r.reasons[6], 'asymmetry 0.004 > median 0.000 + 3.5·MAD = 0.000');
  assert.equal(formatScore(0.00004), '4.0e-5');
});

test('MAD rule with no known scores flags nothing', () => {
  const r = flagScores([undefined, undefined], { mode: 'mad', k: 3 });
  assert.ok(Number.isNaN(r.cutoff));
  assert.deepEqual(r.flagged, [false, false]);
});

test('bad rules are refused', () => {
  assert.throws(() => flagScores([0.1], { mode: 'mad', k: -1 }), /MAD factor k must be/);
  assert.throws(() => flagScores([0.1], { mode: 'threshold', threshold: NaN }), /flag threshold/);
  assert.throws(() => flagScores([0.1], { mode: 'iqr' } as never), /unknown flag rule 'iqr'/);
});

test('synthetic dataset: planted outliers among noisy symmetric masks are the ones flagged', () => {
  const rng = createRng(7);
  const scores: (number | undefined)[] = Array.from({ length: 500 }, () =>
    Math.abs(0.01 + 0.003 * rng.normal()),
  );
  const planted = [17, 123, 444];
  for (const i of planted) scores[i] = 0.3 + 0.1 * rng.next();
  scores[200] = undefined;
  const r = flagScores(scores, { mode: 'mad', k: DEFAULT_MAD_K });
  const flagged = r.flagged.flatMap((f, i) => (f ? [i] : []));
  assert.deepEqual(flagged, planted);
  assert.ok(r.cutoff > 0.015 && r.cutoff < 0.03, `cutoff ${r.cutoff}`);
  const byThreshold = flagScores(scores, { mode: 'threshold', threshold: 0.05 });
  assert.deepEqual(
    byThreshold.flagged.flatMap((f, i) => (f ? [i] : [])),
    planted,
  );
});
