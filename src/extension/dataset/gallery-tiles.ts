/** The report as the gallery's tiles and summary line. Pure, so the tests pin what a tile shows. */
import * as path from 'node:path';
import type { FlagRule } from '../../core/flags';
import type { ScanReport } from '../../core/scan-report';
import type { GallerySummary, GalleryTile } from '../../protocol/gallery';

export function tilesFrom(report: ScanReport, sampleIds: readonly string[]): GalleryTile[] {
  const byId = new Map(report.samples.map((s) => [s.id, s]));
  return sampleIds.map((id, index): GalleryTile => {
    const s = byId.get(id);
    const tile: GalleryTile = { id, index, flagged: s?.flagged ?? false };
    if (!s) return tile;
    if (s.gt) tile.gt = s.gt.asymmetry;
    if (s.prediction) {
      tile.predAsymmetry = s.prediction.asymmetry;
      if (s.prediction.iou !== undefined) tile.iou = s.prediction.iou;
    }
    if (s.reason) tile.reason = s.reason;
    if (s.review) tile.review = s.review;
    if (s.errors.length) tile.error = `${s.errors[0].file}: ${s.errors[0].message}`;
    return tile;
  });
}

export function summaryFrom(report: ScanReport, rule: FlagRule): GallerySummary {
  const m = report.summary;
  return {
    root: m.root,
    name: path.basename(m.root),
    axis: m.axis,
    rule,
    ruleText: m.rule,
    cutoff: m.cutoff,
    samples: m.samples,
    scored: m.scored,
    flagged: m.flagged,
    failed: m.failed,
  };
}
