/**
 * Which flagged ground-truth masks belong in the Problems panel, and what each one says. Pure,
 * so the wording and the "cleared by a review" rule are tested without VS Code.
 */
import * as path from 'node:path';
import { AXIS_LABELS } from '../../core/axis';
import type { SampleReport, ScanReport } from '../../core/scan-report';

export interface FlagProblem {
  sampleId: string;
  /** Absolute path of the ground-truth mask. */
  file: string;
  message: string;
}

/** "Looks fine" and "ignore" settle a flag; "needs fix" keeps it in the list until the mask changes. */
export function isSettled(sample: SampleReport): boolean {
  return sample.review === 'ok' || sample.review === 'ignore';
}

export function flagProblems(report: ScanReport): FlagProblem[] {
  const { axis, rule } = report.summary;
  const problems: FlagProblem[] = [];
  for (const s of report.samples) {
    if (!s.flagged || !s.gt || !s.mask || isSettled(s)) continue;
    const why = s.reason ?? `asymmetry ${s.gt.asymmetry.toFixed(3)}`;
    problems.push({
      sampleId: s.id,
      file: path.join(report.summary.root, s.mask),
      message:
        `Asymmetric ground truth under axis ${axis} (${AXIS_LABELS[axis]}): ${why} ` +
        `(rule: ${rule})${s.review === 'needs-fix' ? '; reviewed: needs fix' : ''}`,
    });
  }
  return problems;
}
