import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScanReport } from '../../../src/core/scan-report';
import { reportToHtml } from '../../../src/extension/dataset/report-html';

const report: ScanReport = {
  summary: {
    root: '/data/<ds>',
    axis: 'lr',
    samples: 3,
    scored: 3,
    flagged: 2,
    failed: 0,
    rule: 'asymmetry > 0.05',
    cutoff: 0.05,
    meanAsymmetry: 0.2,
    unmatched: 0,
  },
  samples: [
    {
      id: 'fine',
      gt: { asymmetry: 0.01, foreground: 1, padded: false, triangleUnfolded: false },
      flagged: false,
      errors: [],
      notes: [],
    },
    {
      id: 'mild',
      mask: 'masks/mild.png',
      gt: { asymmetry: 0.1, foreground: 1, padded: false, triangleUnfolded: false },
      flagged: true,
      reason: 'r1',
      review: 'needs-fix',
      errors: [],
      notes: [],
    },
    {
      id: '<b>bad</b>',
      mask: 'masks/bad.png',
      gt: { asymmetry: 0.5, foreground: 1, padded: false, triangleUnfolded: false },
      flagged: true,
      reason: 'r2',
      errors: [],
      notes: [],
    },
  ],
  unmatched: [],
};

test('the HTML report lists only flagged samples, worst first, with embedded thumbnails', () => {
  const html = reportToHtml(
    report,
    new Map([['mild', 'data:image/webp;base64,AAAA']]),
    new Date('2026-01-02T03:04:05Z'),
  );
  const worst = html.indexOf('&lt;b&gt;bad&lt;/b&gt;</div>');
  const mild = html.indexOf('>mild</div>');
  assert.ok(worst > 0 && mild > worst, 'worst first');
  assert.ok(!html.includes('>fine<'), 'unflagged samples are left out');
  assert.match(html, /<img src="data:image\/webp;base64,AAAA" alt="mild">/);
  assert.match(html, /no preview/);
  assert.match(html, /reviewed: needs fix/);
  assert.match(html, /2 flagged/);
  assert.match(html, /2026-01-02T03:04:05\.000Z/);
});

test('the HTML report is self-contained and escapes every dataset string', () => {
  const html = reportToHtml(report, new Map(), new Date(0));
  assert.ok(!/<script/i.test(html));
  assert.ok(!/(src|href)="(https?:|\/\/)/.test(html));
  assert.ok(!html.includes('<b>bad</b>'));
  assert.ok(html.includes('/data/&lt;ds&gt;'));
});
