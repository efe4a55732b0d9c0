/**
 * The shareable HTML report: the summary and every flagged sample with its thumbnail embedded,
 * in one file with no scripts and no outside references, so it can be mailed to annotators.
 */
import { AXIS_LABELS } from '../../core/axis';
import { csvScore, type ScanReport } from '../../core/scan-report';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const REVIEW_WORDS = { ok: 'looks fine', 'needs-fix': 'needs fix', ignore: 'ignored' } as const;

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 4px}.summary{color:#555;margin-bottom:16px}
.grid{display:flex;flex-wrap:wrap;gap:12px}
figure{margin:0;width:200px;border:1px solid #ddd;border-radius:4px;overflow:hidden}
figure img{display:block;width:200px;height:200px;object-fit:contain;background:#000;image-rendering:pixelated}
figcaption{padding:6px;font-size:12px}.id{font-weight:600;word-break:break-all}
.score{font-variant-numeric:tabular-nums}.review{color:#2a7a2a}.review.needs-fix{color:#b00020}
.none{width:200px;height:200px;display:flex;align-items:center;justify-content:center;background:#333;color:#ccc}`;

/**
 * @param thumbs data: URIs of the flagged samples' thumbnails by sample id; a sample without one
 * shows a placeholder, so one unreadable image never stops the report.
 */
export function reportToHtml(
  report: ScanReport,
  thumbs: ReadonlyMap<string, string>,
  generated: Date,
): string {
  const m = report.summary;
  const flagged = report.samples
    .filter((s) => s.flagged)
    .sort((a, b) => (b.gt?.asymmetry ?? 0) - (a.gt?.asymmetry ?? 0) || a.id.localeCompare(b.id));
  const figures = flagged.map((s) => {
    const thumb = thumbs.get(s.id);
    const picture = thumb
      ? `<img src="${escapeHtml(thumb)}" alt="${escapeHtml(s.id)}">`
      : '<div class="none">no preview</div>';
    const review = s.review
      ? `<div class="review ${s.review}">reviewed: ${REVIEW_WORDS[s.review]}</div>`
      : '';
    return `<figure>${picture}<figcaption><div class="id">${escapeHtml(s.id)}</div>
<div class="score">asymmetry ${csvScore(s.gt?.asymmetry)}</div>
<div>${escapeHtml(s.mask ?? '')}</div><div>${escapeHtml(s.reason ?? '')}</div>${review}</figcaption></figure>`;
  });
  const title = `SymFold report: ${m.root}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<div class="summary">${m.samples} samples, ${m.scored} scored, <strong>${m.flagged} flagged</strong> (${escapeHtml(m.rule)}) under axis ${m.axis} (${AXIS_LABELS[m.axis]}); mean asymmetry ${m.meanAsymmetry.toFixed(4)}. Generated ${escapeHtml(generated.toISOString())}.</div>
${flagged.length ? `<div class="grid">\n${figures.join('\n')}\n</div>` : '<p>No sample is flagged.</p>'}
</body></html>
`;
}
