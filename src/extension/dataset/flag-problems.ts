/**
 * What the Problems panel shows for a dataset, and what each entry says: a warning on each
 * flagged ground-truth mask, and an error on each file that could not be scored (unreadable,
 * corrupt, a size that does not match its image). Pure, so the wording and the "cleared by a
 * review" rule are tested without VS Code.
 */
import * as path from 'node:path';
import { AXIS_LABELS } from '../../core/axis';
import type { SampleReport, ScanReport } from '../../core/scan-report';

export interface FlagProblem {
  sampleId: string;
  /** Absolute path of the file the problem is about. */
  file: string;
  severity: 'warning' | 'error';
  message: string;
}

/** "Looks fine" and "ignore" settle a flag; "needs fix" keeps it in the list until the mask changes. */
export function isSettled(sample: SampleReport): boolean {
  return sample.review === 'ok' || sample.review === 'ignore';
}

export function flagProblems(report: ScanReport): FlagProblem[] {
  const { axis, rule, root } = report.summary;
  const problems: FlagProblem[] = [];
  for (const s of report.samples) {
    // A file that cannot be read stays an error whatever the review says: no score backs the review.
    for (const e of s.errors) {
      problems.push({
        sampleId: s.id,
        file: path.join(root, e.file),
        severity: 'error',
        message: `Cannot score sample ${s.id}: ${e.message}`,
      });
    }
    if (!s.flagged || !s.gt || !s.mask || isSettled(s)) continue;
    // The reason already states the comparison with the cutoff; the bare rule only stands in for it.
    const why = s.reason ?? `asymmetry ${s.gt.asymmetry.toFixed(3)} (rule: ${rule})`;
    problems.push({
      sampleId: s.id,
      file: path.join(root, s.mask),
      severity: 'warning',
      message:
        `Asymmetric ground truth under axis ${axis} (${AXIS_LABELS[axis]}): ${why}` +
        (s.review === 'needs-fix' ? '; reviewed: needs fix' : ''),
    });
  }
  return problems;
}
