import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MethodRow } from '../../src/engine/method-bench';
import { runCli, sharedData } from './cli-helpers';

const TINY = ['--epochs', '1', '--n', '16', '--size', '16', '--cm-epochs', '1', '--depth', '2'];

test(
  'bench --methods prints one row per dataset and method; fold and average rows are exactly symmetric',
  {
    timeout: 240_000,
  },
  () => {
    const cm = sharedData('contact-maps');
    const run = runCli(['bench', '--methods', ...TINY, '--contact-maps', cm], {
      timeoutMs: 230_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('|'));
    assert.match(
      lines[0],
      /\| data \| axis \| method \| val IoU \| Dice \| asym mean \| asym max \| train samples\/s \| infer samples\/s \| parameters \|/,
    );
    const rows = lines.slice(2).map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
    assert.equal(rows.length, 12, run.stdout);
    assert.deepEqual(
      rows.map((r) => `${r[0]}/${r[2]}`),
      ['synth lr', 'synth diag', 'contact maps'].flatMap((d) =>
        ['none', 'penalty', 'average', 'fold'].map((m) => `${d}/${m}`),
      ),
    );
    for (const r of rows) {
      assert.equal(r.length, 10, r.join(' | '));
      for (const cell of r.slice(3))
        assert.ok(Number.isFinite(Number(cell)), `${cell} in ${r.join(' | ')}`);
      if (r[2] === 'fold' || r[2] === 'average')
        assert.deepEqual([r[5], r[6]], ['0.0000', '0.0000'], `${r[0]} ${r[2]} asymmetry`);
      assert.ok(Number(r[7]) > 0 && Number(r[8]) > 0 && Number(r[9]) > 0, r.join(' | '));
    }
  },
);

test('bench --methods --json ends with the rows in done.summary', { timeout: 120_000 }, () => {
  const run = runCli(['bench', '--methods', '--json', ...TINY, '--datasets', 'diag']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.events[0].event, 'start');
  assert.equal(run.events.filter((e) => e.event === 'progress').length, 4);
  const done = run.events.at(-1);
  assert.ok(done && done.event === 'done', run.stdout);
  const rows = (done.summary as { rows: MethodRow[] }).rows;
  assert.deepEqual(
    rows.map((r) => r.method),
    ['none', 'penalty', 'average', 'fold'],
  );
  const fold = rows.find((r) => r.method === 'fold')!;
  assert.equal(fold.axis, 'diag');
  assert.equal(fold.asymMax, 0);
  assert.ok(fold.parameters > 0 && fold.trainPerSec > 0 && fold.inferPerSec > 0);
  assert.ok(fold.valIoU >= 0 && fold.valIoU <= 1);
});

test('bench refuses a missing contact-map folder and names it', () => {
  const run = runCli(['bench', '--methods', ...TINY, '--contact-maps', '/nonexistent/cm']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /\/nonexistent\/cm/);
});

test('bench needs --methods or --throughput', () => {
  const run = runCli(['bench']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--methods or --throughput/);
});
