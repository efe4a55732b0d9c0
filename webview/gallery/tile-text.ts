/** The words and numbers a tile shows; pure so the tests can pin them. */
import type { ReviewState } from '../../src/core/scan-report';

export function formatTileScore(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  // Tiny but real asymmetries must not read as a perfect 0.000.
  if (value > 0 && value < 0.001) return value.toExponential(1);
  return value.toFixed(3);
}

export function reviewLabel(review: ReviewState): string {
  return review === 'ok' ? 'looks fine' : review === 'needs-fix' ? 'needs fix' : 'ignored';
}
