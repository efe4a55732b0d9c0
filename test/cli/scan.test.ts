import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { runCli, sharedData, tempDir } from './cli-helpers';
import { encodeNpy } from '../../src/io/npy';
import type { DoneEvent, SampleEvent } from '../../src/protocol/events';
import type { SampleReport } from '../../src/core/scan-report';
import { AXES } from '../../src/core/axis';

async function png(
  file: string,
  width: number,
  height: number,
  fill: (x: number, y: number) => number,
): Promise<void> {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = fill(x, y);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(data, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toFile(file);
}

function samples(events: ReturnType<typeof runCli>['events']): Map<string, SampleReport> {
  return new Map(
    events
      .filter((e): e is SampleEvent => e.event === 'sample')
      .map((e) => [e.id, e.result as SampleReport]),
  );
}

function done(events: ReturnType<typeof runCli>['events']): DoneEvent {
  const d = events.find((e): e is DoneEvent => e.event === 'done');
  assert.ok(d, 'a done event');
  return d;
}

test('scores hand-made masks exactly, with predictions, and reports CSV', async () => {
  const root = tempDir('scan-exact');
  // 4×4 lr: left column pixels (0,0),(0,1) and right (3,0): σM matches 1 pixel pair → 1 − 2/4.
  await png(path.join(root, 'masks', 'a.png'), 4, 4, (x, y) =>
    (x === 0 && y < 2) || (x === 3 && y === 0) ? 255 : 0,
  );
  await png(path.join(root, 'masks', 'b.png'), 4, 4, (x) => (x === 1 || x === 2 ? 255 : 0));
  await png(path.join(root, 'preds', 'b.png'), 4, 4, (x, y) => (x === 1 && y < 2 ? 255 : 0));
  const r = runCli(['scan', root, '--axis', 'lr', '--json', '--no-cache']);
  assert.equal(r.code, 0, r.stderr);
  const s = samples(r.events);
  // a: M = {(0,0),(0,1),(3,0)}, σM = {(3,0),(3,1),(0,0)}: ∩ = 2, ∪ = 4.
  assert.equal(s.get('a')!.gt!.asymmetry, 0.5);
  assert.equal(s.get('a')!.flagged, true);
  assert.equal(s.get('b')!.gt!.asymmetry, 0);
  assert.equal(s.get('b')!.flagged, false);
  // pred b: {(1,0),(1,1)} vs gt 8 pixels → IoU 2/8, Dice 4/10; its own asymmetry 1 − 0/4.
  assert.equal(s.get('b')!.prediction!.iou, 0.25);
  assert.equal(s.get('b')!.prediction!.dice, 0.4);
  assert.equal(s.get('b')!.prediction!.asymmetry, 1);

  const csv = runCli(['scan', root, '--axis', 'lr', '--format', 'csv', '--no-cache']);
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0].split(',')[0], 'id');
  assert.equal(lines.length, 3);
  assert.match(lines[1], /^a,,masks\/a\.png,,4,4,0\.500000,0\.187500,/);
});

test('bad input is reported by file, and the rest of the scan goes on', async () => {
  const root = tempDir('scan-bad');
  await png(path.join(root, 'images', 'good.png'), 8, 8, () => 10);
  await png(path.join(root, 'masks', 'good.png'), 8, 8, (x) => (x === 2 || x === 5 ? 255 : 0));
  await png(path.join(root, 'images', 'size.png'), 8, 8, () => 10);
  await png(path.join(root, 'masks', 'size.png'), 6, 8, () => 255);
  fs.writeFileSync(path.join(root, 'masks', 'empty.png'), '');
  const good = fs.readFileSync(path.join(root, 'masks', 'good.png'));
  fs.writeFileSync(
    path.join(root, 'masks', 'truncated.png'),
    good.subarray(0, Math.floor(good.length / 2)),
  );
  fs.writeFileSync(
    path.join(root, 'masks', 'corrupt.png'),
    Buffer.from('this is not a png at all'),
  );
  fs.symlinkSync(path.join(root, 'nowhere.png'), path.join(root, 'masks', 'dangling.png'));
  const nan = new Float32Array(16).fill(0);
  nan[5] = NaN;
  nan[1] = 1;
  nan[2] = 1;
  fs.writeFileSync(
    path.join(root, 'masks', 'nan.npy'),
    encodeNpy({ dtype: 'float32', shape: [4, 4], data: nan }),
  );

  const r = runCli(['scan', root, '--axis', 'lr', '--json', '--no-cache']);
  assert.equal(r.code, 0, r.stderr);
  const s = samples(r.events);
  assert.equal(s.get('good')!.gt!.asymmetry, 0);
  const errorOf = (id: string): string =>
    s
      .get(id)!
      .errors.map((e) => `${e.file}: ${e.message}`)
      .join('\n');
  assert.match(
    errorOf('size'),
    /masks\/size\.png: mask is 6×8 but its image images\/size\.png is 8×8/,
  );
  assert.equal(s.get('size')!.gt, undefined);
  for (const id of ['empty', 'truncated', 'corrupt']) {
    assert.equal(s.get(id)!.gt, undefined, id);
    assert.match(errorOf(id), new RegExp(`masks/${id}\\.png: `), id);
  }
  assert.match(errorOf('empty'), /empty|0 bytes/i);
  assert.match(errorOf('nan'), /masks\/nan\.npy: 1 NaN/);
  assert.ok(s.get('nan')!.gt, 'a NaN mask is still scored');
  // Each problem is also a warning event that names the file.
  const warnings = r.events.filter((e) => e.event === 'warning').map((e) => JSON.stringify(e));
  assert.ok(warnings.some((w) => w.includes('masks/corrupt.png')));
  // An unreadable entry (here a link to nothing: as root, permissions cannot make a file unreadable)
  // is named by the folder walk and left out; the scan still finishes.
  assert.equal(s.has('dangling'), false);
  assert.ok(
    warnings.some((w) => w.includes('dangling.png')),
    warnings.join('\n'),
  );
});

test('non-square maps under diag are padded, with a note', async () => {
  const root = tempDir('scan-diag');
  await png(path.join(root, 'masks', 'rect.png'), 6, 4, (x, y) => (x === y ? 255 : 0));
  const r = runCli(['scan', root, '--axis', 'diag', '--json', '--no-cache']);
  assert.equal(r.code, 0, r.stderr);
  const s = samples(r.events).get('rect')!;
  assert.equal(s.gt!.asymmetry, 0);
  assert.equal(s.gt!.padded, true);
  assert.ok(
    s.notes.some((n) => /padded to 6×6/.test(n)),
    s.notes.join('\n'),
  );
});

test('an empty folder and a missing folder fail with a clear message', () => {
  const root = tempDir('scan-empty');
  const r = runCli(['scan', root, '--axis', 'lr']);
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr,
    new RegExp(`${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*(no images or masks|empty)`, 'i'),
  );
  const missing = runCli(['scan', path.join(root, 'nope'), '--axis', 'lr']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /nope/);
});

test('nothing scorable exits non-zero; --fail-above gates; bad options exit 2', async () => {
  const root = tempDir('scan-gate');
  fs.mkdirSync(path.join(root, 'masks'));
  fs.writeFileSync(path.join(root, 'masks', 'x.png'), 'junk');
  assert.equal(runCli(['scan', root, '--axis', 'lr', '--no-cache']).code, 1);

  await png(path.join(root, 'masks', 'y.png'), 4, 4, (x) => (x === 0 ? 255 : 0));
  const gate = runCli(['scan', root, '--axis', 'lr', '--fail-above', '0.5', '--no-cache']);
  assert.equal(gate.code, 3, gate.stderr);
  assert.match(gate.stderr, /1 ground-truth masks score above 0\.5: y/);
  assert.equal(runCli(['scan', root, '--axis', 'lr', '--fail-above', '1', '--no-cache']).code, 0);
  const bad = runCli(['scan', root, '--axis', 'sideways']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /sideways/);
  assert.equal(runCli(['scan', root, '--format', 'xml']).code, 2);
});

test('--out writes the report atomically and refuses a ground-truth folder', async () => {
  const root = tempDir('scan-out');
  await png(path.join(root, 'masks', 'a.png'), 4, 4, (x) => (x === 1 ? 255 : 0));
  const out = path.join(root, 'reports', 'scan.json');
  const r = runCli(['scan', root, '--axis', 'lr', '--format', 'json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(report.samples.length, 1);
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ['scan.json']);
  const before = fs.readdirSync(path.join(root, 'masks'));
  const refused = runCli([
    'scan',
    root,
    '--axis',
    'lr',
    '--out',
    path.join(root, 'masks', 'r.csv'),
  ]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /refus/i);
  assert.deepEqual(fs.readdirSync(path.join(root, 'masks')), before);
});

test('an unchanged rescan comes from the cache; a changed mask is rescored', async () => {
  const root = tempDir('scan-cache');
  for (let i = 0; i < 12; i++) {
    await png(path.join(root, 'masks', `m${i}.png`), 16, 16, (x) =>
      x === i || x === 15 - i ? 255 : 0,
    );
  }
  const first = runCli(['scan', root, '--axis', 'lr', '--json']);
  assert.equal(first.code, 0, first.stderr);
  assert.equal((done(first.events).summary as { fromCache: number }).fromCache, 0);
  const second = runCli(['scan', root, '--axis', 'lr', '--json']);
  assert.equal((done(second.events).summary as { fromCache: number }).fromCache, 12);
  await png(path.join(root, 'masks', 'm3.png'), 16, 16, (x) => (x === 3 ? 255 : 0));
  const third = runCli(['scan', root, '--axis', 'lr', '--json']);
  assert.equal((done(third.events).summary as { fromCache: number }).fromCache, 11);
  assert.equal(samples(third.events).get('m3')!.gt!.asymmetry, 1);
  // Another axis is another key: nothing comes from the cache.
  const ud = runCli(['scan', root, '--axis', 'ud', '--json']);
  assert.equal((done(ud.events).summary as { fromCache: number }).fromCache, 0);
});

test('the real contact maps score exactly 0 under diag', () => {
  const root = sharedData('contact-maps');
  const r = runCli(['scan', root, '--axis', 'diag', '--json', '--no-cache']);
  assert.equal(r.code, 0, r.stderr);
  const s = samples(r.events);
  assert.equal(s.size, 12);
  for (const [id, report] of s) {
    assert.equal(report.gt?.asymmetry, 0, `${id}: ${JSON.stringify(report.errors)}`);
    assert.deepEqual(report.errors, [], id);
  }
});

for (const axis of AXES) {
  test(`synth --corrupt 0.1 --n 500 (${axis}): flags recover the corrupted set (threshold and MAD)`, () => {
    const root = tempDir(`scan-synth-${axis}`);
    fs.rmSync(root, { recursive: true });
    const synth = runCli([
      'synth',
      root,
      '--axis',
      axis,
      '--n',
      '500',
      '--size',
      '40',
      '--corrupt',
      '0.1',
      '--seed',
      '3',
    ]);
    assert.equal(synth.code, 0, synth.stderr);
    const corrupted = new Set(
      fs
        .readFileSync(path.join(root, 'corrupted.txt'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    );
    assert.equal(corrupted.size, 50);
    for (const rule of [[], ['--mad', '3.5']]) {
      const r = runCli(['scan', root, '--json', ...rule]);
      assert.equal(r.code, 0, r.stderr);
      const flagged = new Set(
        [...samples(r.events)].filter(([, s]) => s.flagged).map(([id]) => id),
      );
      const hits = [...flagged].filter((id) => corrupted.has(id)).length;
      const precision = hits / Math.max(1, flagged.size);
      const recall = hits / corrupted.size;
      assert.ok(
        precision >= 0.95 && recall >= 0.95,
        `${axis} ${rule.join(' ') || 'threshold'}: precision ${precision}, recall ${recall}`,
      );
    }
  });
}
