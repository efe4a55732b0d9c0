import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthCommand, parseSynthArgs } from '../../src/cli/synth';
import { UsageError, UserError, type CliContext, type EventInput } from '../../src/cli/command';
import { decodeFile } from '../../src/io/decode';
import { scoreMask } from '../../src/core/asymmetry';
import { flagScores } from '../../src/core/flags';
import type { Axis } from '../../src/core/axis';
import { runCli, tempDir } from './cli-helpers';

const base = tempDir('synth');
after(() => fs.rmSync(base, { recursive: true, force: true }));

interface FakeContext extends CliContext {
  events: EventInput[];
  printed: string[];
}

function fakeContext(signal = new AbortController().signal): FakeContext {
  const events: EventInput[] = [];
  const printed: string[] = [];
  return {
    json: false,
    tty: false,
    events,
    printed,
    emit: (e) => events.push(e),
    print: (t) => printed.push(t),
    warn: (m) => printed.push(`warning: ${m}`),
    signal,
  };
}

async function synth(args: string[]): Promise<FakeContext> {
  const ctx = fakeContext();
  const code = await synthCommand.run(args, ctx);
  assert.equal(code, 0);
  return ctx;
}

function readTree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, full), fs.readFileSync(full));
  }
  return files;
}

async function maskScores(root: string, axis: Axis, n: number): Promise<number[]> {
  const scores: number[] = [];
  for (const name of fs.readdirSync(path.join(root, 'masks')).sort().slice(0, n)) {
    const { raster } = await decodeFile(path.join(root, 'masks', name));
    assert.equal(raster.channels, 1, name);
    scores.push(scoreMask(raster, { axis, mode: 'binary', triangle: 'full' }).asymmetry);
  }
  return scores;
}

test('writes images, masks, symfold.json and corrupted.txt, with events and a summary line', async () => {
  const out = path.join(base, 'basic');
  const ctx = await synth([
    out,
    '--axis',
    'ud',
    '--n',
    '30',
    '--size',
    '33x20',
    '--corrupt',
    '0.2',
    '--seed',
    '4',
  ]);
  const images = fs.readdirSync(path.join(out, 'images')).sort();
  const masks = fs.readdirSync(path.join(out, 'masks')).sort();
  assert.equal(images.length, 30);
  assert.deepEqual(masks, images);
  assert.equal(images[0], 'sample-0001.png');

  const config = JSON.parse(fs.readFileSync(path.join(out, 'symfold.json'), 'utf8'));
  assert.equal(config.axis, 'ud');
  assert.equal(config.swap, undefined);
  assert.equal(config.synth.generator, 'symfold synth');

  const image = await decodeFile(path.join(out, 'images', images[0]));
  assert.deepEqual(
    [image.raster.width, image.raster.height, image.raster.channels, image.bitDepth],
    [33, 20, 3, 8],
  );

  const lines = fs.readFileSync(path.join(out, 'corrupted.txt'), 'utf8').trim().split('\n');
  assert.equal(lines.length, 6);
  const listed = new Set(lines.map((l) => l.split('\t')[0]));
  for (const l of lines) assert.match(l, /^sample-\d{4}\t(missing-part|shifted-axis|stray-blob)$/);

  const scores = await maskScores(out, 'ud', 30);
  masks.forEach((name, i) => {
    const id = name.replace('.png', '');
    if (listed.has(id)) assert.ok(scores[i] > 0.08, `${id} corrupted but scores ${scores[i]}`);
    else assert.equal(scores[i], 0, `${id} clean but scores ${scores[i]}`);
  });

  assert.equal(ctx.events[0].event, 'start');
  assert.ok(ctx.events.some((e) => e.event === 'progress' && e.done === 30 && e.total === 30));
  const done = ctx.events.at(-1);
  assert.ok(done && done.event === 'done');
  assert.equal(done.path, out);
  assert.equal(ctx.printed.length, 1);
  assert.match(
    ctx.printed[0],
    /^wrote 30 samples \(6 corrupted\) to .*basic: axis ud, 33×20, 1 class, seed 4/,
  );
});

test('the same seed writes identical bytes', async () => {
  const args = [
    '--axis',
    'anti',
    '--n',
    '12',
    '--size',
    '17',
    '--corrupt',
    '0.5',
    '--classes',
    '2',
    '--seed',
    '9',
  ];
  await synth([path.join(base, 'same-a'), ...args]);
  await synth([path.join(base, 'same-b'), ...args]);
  const a = readTree(path.join(base, 'same-a'));
  const b = readTree(path.join(base, 'same-b'));
  assert.equal(a.size, 12 * 2 + 2);
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name) as Buffer), name);
  await synth([path.join(base, 'same-c'), ...args.slice(0, -1), '10']);
  const c = readTree(path.join(base, 'same-c'));
  assert.ok(
    !(c.get(path.join('images', 'sample-0001.png')) as Buffer).equals(
      a.get(path.join('images', 'sample-0001.png')) as Buffer,
    ),
  );
});

test('label maps: a swap pair under lr, written to symfold.json', async () => {
  const out = path.join(base, 'labels');
  await synth([out, '--axis', 'lr', '--n', '6', '--size', '40', '--classes', '3']);
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'symfold.json'), 'utf8')).swap, '1:2');
  const seen = new Set<number>();
  for (const name of fs.readdirSync(path.join(out, 'masks'))) {
    const { raster } = await decodeFile(path.join(out, 'masks', name));
    for (const v of raster.data) seen.add(v);
    assert.equal(
      scoreMask(raster, { axis: 'lr', swap: [[1, 2]], mode: 'labels' }).asymmetry,
      0,
      name,
    );
  }
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
});

test('threshold 0.05 and the MAD rule recover exactly the corrupted set', async () => {
  for (const axis of ['lr', 'diag'] as const) {
    const out = path.join(base, `flag-${axis}`);
    await synth([
      out,
      '--axis',
      axis,
      '--n',
      '120',
      '--size',
      '32',
      '--corrupt',
      '0.1',
      '--seed',
      '2',
    ]);
    const scores = await maskScores(out, axis, 120);
    const truth = new Set(
      fs
        .readFileSync(path.join(out, 'corrupted.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    );
    const ids = fs
      .readdirSync(path.join(out, 'masks'))
      .sort()
      .map((n) => n.replace('.png', ''));
    for (const rule of [
      { mode: 'threshold', threshold: 0.05 } as const,
      { mode: 'mad', k: 3.5 } as const,
    ]) {
      const flagged = flagScores(scores, rule).flagged;
      const found = new Set(ids.filter((_, i) => flagged[i]));
      assert.deepEqual([...found].sort(), [...truth].sort(), `${axis} ${rule.mode}`);
    }
  }
});

test('rewrites an earlier synth output, leaving no stale samples', async () => {
  const out = path.join(base, 'rewrite');
  await synth([out, '--n', '8', '--size', '16']);
  await synth([out, '--n', '3', '--size', '16', '--corrupt', '1']);
  assert.equal(fs.readdirSync(path.join(out, 'images')).length, 3);
  assert.equal(
    fs.readFileSync(path.join(out, 'corrupted.txt'), 'utf8').trim().split('\n').length,
    3,
  );
});

test('refuses a folder with other data in it, and a file as <out>', async () => {
  const out = path.join(base, 'user-data');
  fs.mkdirSync(path.join(out, 'masks'), { recursive: true });
  fs.writeFileSync(path.join(out, 'masks', 'precious.png'), 'x');
  fs.writeFileSync(path.join(out, 'symfold.json'), '{"axis":"lr"}');
  await assert.rejects(
    synthCommand.run([out, '--n', '2', '--size', '16'], fakeContext()),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.match(
        err.message,
        /refusing to write into .*user-data: it is not empty and not an earlier synth output \(its symfold\.json was not written by synth\)/,
      );
      return true;
    },
  );
  assert.equal(fs.readFileSync(path.join(out, 'masks', 'precious.png'), 'utf8'), 'x');

  const other = path.join(base, 'other-data');
  fs.mkdirSync(other);
  fs.writeFileSync(path.join(other, 'notes.txt'), 'x');
  await assert.rejects(synthCommand.run([other], fakeContext()), /it holds notes\.txt/);

  const file = path.join(base, 'a-file');
  fs.writeFileSync(file, 'x');
  await assert.rejects(
    synthCommand.run([file], fakeContext()),
    /a-file is a file; synth writes a folder/,
  );
});

test('bad options are usage errors with clear messages', () => {
  const bad: Array<[string[], RegExp]> = [
    [[], /missing <out>/],
    [['a', 'b'], /expected one <out> folder/],
    [['o', '--axis', 'sideways'], /--axis 'sideways' is not one of lr, ud, diag, anti/],
    [['o', '--axis', 'diag', '--size', '64x32'], /axis diag needs square images, got 64×32/],
    [['o', '--size', 'big'], /--size 'big' is not S or WxH/],
    [['o', '--size', '8'], /at least 16×16/],
    [['o', '--n', '0'], /n must be a whole number of samples, 1 or more/],
    [['o', '--n', '2.5'], /--n '2\.5' is not a whole number/],
    [['o', '--corrupt', '2'], /--corrupt '2' is not a fraction from 0 to 1/],
    [['o', '--classes', '30'], /classes must be a whole number from 1 to 20/],
    [['o', '--colour', 'red'], /Unknown option '--colour'/],
  ];
  for (const [args, message] of bad) {
    assert.throws(
      () => parseSynthArgs(args),
      (err: unknown) => err instanceof UsageError && message.test(err.message),
      args.join(' '),
    );
  }
  const ok = parseSynthArgs(['o', '--size', '17x31', '--seed=-3']);
  assert.deepEqual(
    [ok.width, ok.height, ok.seed, ok.axis, ok.n, ok.classes, ok.corrupt],
    [17, 31, -3, 'lr', 100, 1, 0],
  );
});

test('a stopped run ends cleanly with cancelled and lists the corrupted samples written', async () => {
  const out = path.join(base, 'stopped');
  const controller = new AbortController();
  const ctx = fakeContext(controller.signal);
  ctx.emit = (e) => {
    ctx.events.push(e);
    if (e.event === 'progress') controller.abort();
  };
  const code = await synthCommand.run([out, '--n', '3000', '--size', '16', '--corrupt', '1'], ctx);
  assert.equal(code, 130);
  const written = fs.readdirSync(path.join(out, 'masks')).length;
  assert.ok(written < 3000, `${written} written`);
  const done = ctx.events.at(-1);
  assert.ok(done?.event === 'done' && done.cancelled === true);
  assert.equal(
    fs.readFileSync(path.join(out, 'corrupted.txt'), 'utf8').trim().split('\n').length,
    written,
  );
});

test('as a subprocess: symfold synth --json prints start, progress and done events', () => {
  const out = path.join(base, 'subprocess');
  const help = runCli(['--help']);
  assert.match(
    help.stdout,
    /^\s+synth\s/m,
    'synth is not listed by `symfold --help`: add synthCommand to src/cli/commands.ts',
  );
  const r = runCli(['synth', out, '--json', '--n', '5', '--size', '16', '--corrupt', '0.4']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([...new Set(r.events.map((e) => e.event))], ['start', 'progress', 'done']);
  const done = r.events.at(-1);
  assert.ok(done?.event === 'done');
  assert.equal(done.path, out);
  assert.equal(
    fs.readFileSync(path.join(out, 'corrupted.txt'), 'utf8').trim().split('\n').length,
    2,
  );
});
