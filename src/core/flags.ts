import { mad, median } from './stats';

export { mad, median } from './stats';

/**
 * Which ground-truth masks to flag as broken: above an absolute asymmetry, or robust outliers
 * above median + k·1.4826·MAD of the dataset (1.4826·MAD estimates σ for normal data).
 */
export type FlagRule = { mode: 'threshold'; threshold: number } | { mode: 'mad'; k: number };

export const DEFAULT_FLAG_RULE: FlagRule = { mode: 'threshold', threshold: 0.05 };
export const DEFAULT_MAD_K = 3.5;
export const MAD_TO_SIGMA = 1.4826;

/**
 * When most masks are perfectly symmetric, the median and MAD are both 0 and the cutoff would be
 * 0 itself, so a score of 1e-16 from float rounding would be flagged. A real asymmetry is at
 * least 1/|M ∪ σM| ≥ 1/(pixel count), about 1e-9 only for a 31623×31623 mask, so this margin
 * absorbs rounding and nothing else.
 */
export const FLAG_EPSILON = 1e-9;

export interface FlagResult {
  flagged: boolean[];
  /** Scores strictly above this are flagged; NaN when the MAD rule has no scores to work from. */
  cutoff: number;
  /** Why each flagged sample was flagged, in words; undefined for the others. */
  reasons: (string | undefined)[];
}

/** Three decimals for ordinary scores, two significant digits for tiny ones so they do not read 0. */
export function formatScore(value: number): string {
  if (value === 0 || Math.abs(value) >= 0.001) return value.toFixed(3);
  return value.toExponential(1);
}

function checkRule(rule: FlagRule): void {
  if (rule.mode === 'threshold') {
    if (!Number.isFinite(rule.threshold) || rule.threshold < 0) {
      throw new Error(`the flag threshold must be a number ≥ 0, got ${rule.threshold}`);
    }
  } else if (rule.mode === 'mad') {
    if (!Number.isFinite(rule.k) || rule.k < 0) {
      throw new Error(`the MAD factor k must be a number ≥ 0, got ${rule.k}`);
    }
  } else {
    throw new Error(
      `unknown flag rule '${String((rule as { mode: unknown }).mode)}': expected threshold or mad`,
    );
  }
}

/**
 * Flags the scores above the rule's cutoff. Missing (undefined) and NaN scores are never
 * flagged and do not count towards the median.
 */
export function flagScores(scores: ReadonlyArray<number | undefined>, rule: FlagRule): FlagResult {
  checkRule(rule);
  const known = scores.filter((s): s is number => s !== undefined && !Number.isNaN(s));
  let cutoff: number;
  let explain: (score: number) => string;
  if (rule.mode === 'threshold') {
    cutoff = rule.threshold;
    explain = (s) => `asymmetry ${formatScore(s)} > threshold ${formatScore(rule.threshold)}`;
  } else {
    const center = median(known);
    const spread = mad(known, center);
    cutoff = known.length === 0 ? NaN : center + rule.k * MAD_TO_SIGMA * spread;
    explain = (s) =>
      `asymmetry ${formatScore(s)} > median ${formatScore(center)} + ${rule.k}·MAD = ${formatScore(cutoff)}`;
  }
  const flagged = scores.map(
    (s) => s !== undefined && !Number.isNaN(cutoff) && s > cutoff + FLAG_EPSILON,
  );
  const reasons = scores.map((s, i) => (flagged[i] ? explain(s as number) : undefined));
  return { flagged, cutoff, reasons };
}
