/**
 * Export Report: the same CSV and JSON as `symfold scan --format csv|json` (one formatter for
 * both), plus the HTML page of flagged samples. Written atomically, never among the ground truth.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { SampleRef } from '../../core/pairing';
import { reportToCsv, reportToJson, type ScanReport } from '../../core/scan-report';
import { assertSafeOutputFolder, writeFileAtomic } from '../../io/atomic';
import { reportToHtml } from './report-html';

export interface ExportedFiles {
  csv: string;
  json: string;
  html: string;
}

export function defaultReportFolder(root: string): string {
  return path.join(root, '.symfold', 'reports');
}

/** The folders that hold the dataset's images and masks: no report may land inside them. */
export function protectedFolders(root: string, samples: readonly SampleRef[]): string[] {
  const dirs = new Set<string>();
  for (const s of samples) {
    for (const rel of [s.image, s.mask]) if (rel) dirs.add(path.dirname(path.join(root, rel)));
  }
  dirs.delete(root);
  return [...dirs];
}

export async function exportReports(
  report: ScanReport,
  samples: readonly SampleRef[],
  outDir: string,
  thumbnail: (sample: SampleRef) => Promise<string>,
  generated = new Date(),
): Promise<ExportedFiles> {
  assertSafeOutputFolder(outDir, protectedFolders(report.summary.root, samples));
  const byId = new Map(samples.map((s) => [s.id, s]));
  const thumbs = new Map<string, string>();
  for (const s of report.samples) {
    const ref = byId.get(s.id);
    if (!s.flagged || !ref) continue;
    try {
      const bytes = await readFile(await thumbnail(ref));
      thumbs.set(s.id, `data:image/webp;base64,${bytes.toString('base64')}`);
    } catch {
      // The page shows "no preview" for it; the CSV and JSON still name the file's problem.
    }
  }
  const files: ExportedFiles = {
    csv: path.join(outDir, 'report.csv'),
    json: path.join(outDir, 'report.json'),
    html: path.join(outDir, 'report.html'),
  };
  await writeFileAtomic(files.csv, reportToCsv(report.samples));
  await writeFileAtomic(files.json, reportToJson(report));
  await writeFileAtomic(files.html, reportToHtml(report, thumbs, generated));
  return files;
}
