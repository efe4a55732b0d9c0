/**
 * The result of scoring a dataset, and its CSV / table / JSON forms. Pure: the CLI (`symfold scan`)
 * and the extension (Export Report) both format through here, so their files match byte for byte.
 */
import type { Axis } from './axis';

export type ReviewState = 'ok' | 'needs-fix' | 'ignore';

export interface FileProblem {
  file: string;
  message: string;
}

/** What one worker computes for one sample; independent of the flag rule, so it can be cached. */
export interface SampleScan {
  id: string;
  image?: string;
  mask?: string;
  pred?: string;
  width?: number;
  height?: number;
  gt?: {
    asymmetry: number;
    foreground: number;
    padded: boolean;
    triangleUnfolded: boolean;
    classes?: { label: number; asymmetry: number; pixels: number }[];
    soft?: { meanAbsDiff: number; softIoU: number };
    nanCount?: number;
  };
  prediction?: {
    asymmetry: number;
    iou?: number;
    dice?: number;
    soft?: { meanAbsDiff: number; softIoU: number };
  };
  errors: FileProblem[];
  notes: string[];
}

export interface SampleReport extends SampleScan {
  flagged: boolean;
  reason?: string;
  review?: ReviewState;
}

export interface ScanSummary {
  root: string;
  axis: Axis;
  samples: number;
  scored: number;
  flagged: number;
  failed: number;
  rule: string;
  cutoff: number;
  meanAsymmetry: number;
  unmatched: number;
}

export interface ScanReport {
  summary: ScanSummary;
  samples: SampleReport[];
  unmatched: { path: string; reason: string }[];
}

const CSV_COLUMNS = [
  'id',
  'image',
  'mask',
  'pred',
  'width',
  'height',
  'gt_asymmetry',
  'gt_foreground',
  'pred_asymmetry',
  'pred_iou',
  'pred_dice',
  'flagged',
  'reason',
  'review',
  'errors',
] as const;

/** Scores keep 6 decimals: enough to tell one flipped pixel in 1024² from 0, and stable to diff. */
export function csvScore(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '' : value.toFixed(6);
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function reportToCsv(samples: readonly SampleReport[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of samples) {
    const row: string[] = [
      s.id,
      s.image ?? '',
      s.mask ?? '',
      s.pred ?? '',
      s.width?.toString() ?? '',
      s.height?.toString() ?? '',
      csvScore(s.gt?.asymmetry),
      csvScore(s.gt?.foreground),
      csvScore(s.prediction?.asymmetry),
      csvScore(s.prediction?.iou),
      csvScore(s.prediction?.dice),
      s.flagged ? '1' : '0',
      s.reason ?? '',
      s.review ?? '',
      s.errors.map((e) => `${e.file}: ${e.message}`).join('; '),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

export function reportToJson(report: ScanReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** A fixed-width table for a person at a terminal: the worst first, flagged rows marked. */
export function reportToTable(report: ScanReport, limit = Infinity): string {
  const rows = [...report.samples].sort(
    (a, b) => (b.gt?.asymmetry ?? -1) - (a.gt?.asymmetry ?? -1) || a.id.localeCompare(b.id),
  );
  const shown = rows.slice(0, limit);
  const idWidth = Math.max(6, ...shown.map((s) => s.id.length));
  const header = `${'sample'.padEnd(idWidth)}  ${'gt asym'.padStart(8)}  ${'pred asym'.padStart(9)}  ${'IoU'.padStart(6)}  ${'Dice'.padStart(6)}  flag`;
  const fmt = (v: number | undefined, w: number): string =>
    (v === undefined ? '—' : v.toFixed(4)).padStart(w);
  const lines = [header, '-'.repeat(header.length + 10)];
  for (const s of shown) {
    const flag = s.errors.length > 0 && !s.gt ? 'error' : s.flagged ? `FLAG ${s.reason ?? ''}` : '';
    lines.push(
      `${s.id.padEnd(idWidth)}  ${fmt(s.gt?.asymmetry, 8)}  ${fmt(s.prediction?.asymmetry, 9)}  ${fmt(s.prediction?.iou, 6)}  ${fmt(s.prediction?.dice, 6)}  ${flag}`,
    );
  }
  if (rows.length > shown.length) lines.push(`… ${rows.length - shown.length} more`);
  const m = report.summary;
  lines.push(
    '',
    `${m.samples} samples, ${m.scored} scored, ${m.flagged} flagged (${m.rule}), ${m.failed} with errors, ` +
      `mean asymmetry ${m.meanAsymmetry.toFixed(4)} under axis ${m.axis}` +
      (m.unmatched ? `, ${m.unmatched} unmatched files` : ''),
  );
  return lines.join('\n') + '\n';
}
